/** Runs on a BullMQ queue in Redis: the address, the wire format, the worker and the client. */

export { parseQueueAddress, QueueAddressError, type QueueAddress } from './address.js';
export { checkQueueReachable, redisOptions, QueueUnreachableError, type RedisSettings } from './connection.js';
export { QUEUE_NAME, JOB_NAME, queueJobId, queuedJob, acceptQueuedJob, JobRefusal, type QueuedJob } from './payload.js';
export { startQueueWorker, type QueueWorker, type QueueWorkerEvent, type QueueWorkerOptions } from './queue-worker.js';
export { runJobsOnQueue, queueExecutor, type QueueRunOptions, type QueuedCounts } from './queue-client.js';
