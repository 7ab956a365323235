/** Running scenarios: jobs, seeds, the worker pool, aggregation into runs and summary rows; queued runs in ./queue. */

export { expandJobs, runSeed, scenarioPatterns, jobKey, describeJob, type Job } from './jobs.js';
export { runJob, type JobResult } from './run-job.js';
export { encodeJobResult, decodeJobResult } from './job-result-codec.js';
export { scenarioHash } from './scenario-hash.js';
export { runJobs, createJobPool, WORKER_YOUNG_GENERATION_MB, type JobFailure, type JobPool, type JobPoolOptions, type PoolOptions, type PoolOutcome } from './pool.js';
export { runScenario, type JobCallbacks, type JobExecutor, type RunScenarioOptions, type ScenarioResults } from './run-scenario.js';
export { runColumns, summaryColumns, runRows, summaryRows, sortResults, mean, ci95, tQuantile975, throughputByPattern, type PatternThroughput, type Row } from './aggregate.js';
// The queue (BullMQ, ioredis) is loaded only by what uses it: import './queue/index.js'.
export { parseQueueAddress, QueueAddressError, type QueueAddress } from './queue/address.js';
export type { QueuedCounts, QueueWorkerEvent } from './queue/index.js';
