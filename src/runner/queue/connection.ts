/** Connections to the queue's Redis: the settings BullMQ gets, and a quick check that the server answers before anything is written or started. */

import { Redis } from 'ioredis';
import type { QueueAddress } from './address.js';

/** The queue's Redis did not answer: the caller stops with this message (exit 1), having written nothing. */
export class QueueUnreachableError extends Error {
  override readonly name = 'QueueUnreachableError';
}

/** Connection settings that both ioredis and BullMQ take. */
export interface RedisSettings {
  host: string;
  port: number;
  db: number;
  username?: string;
  password?: string;
  maxRetriesPerRequest: null;
}

/**
 * ioredis settings for BullMQ's long-lived connections. `maxRetriesPerRequest: null` as BullMQ
 * requires: a command waits through a Redis restart instead of failing, so a sweep of hours
 * outlives one. Each Queue, QueueEvents and Worker makes its own connections from these.
 */
export function redisOptions(address: QueueAddress): RedisSettings {
  return {
    host: address.host,
    port: address.port,
    db: address.db,
    ...(address.username !== undefined ? { username: address.username } : {}),
    ...(address.password !== undefined ? { password: address.password } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * Resolves once the Redis at `address` answers a PING within `timeoutMs`; otherwise throws a
 * {@link QueueUnreachableError} naming the URL and why (refused, timed out, wrong password,
 * no such database). One connection, no retries: BullMQ's own connections would retry for ever.
 */
export async function checkQueueReachable(address: QueueAddress, timeoutMs = 5000): Promise<void> {
  const client = new Redis({
    ...redisOptions(address),
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  let lastError: Error | undefined;
  // Failures arrive through connect() and ping(); the event is only kept for its message.
  client.on('error', (e: Error) => {
    lastError = e;
  });
  try {
    await client.connect();
    // ioredis selects the database as it connects but only reports a bad number as an event.
    await client.select(address.db);
    await client.ping();
  } catch (e) {
    const why = (lastError ?? (e as Error)).message || String(e);
    throw new QueueUnreachableError(`cannot reach the queue's Redis at ${address.display}: ${why}`);
  } finally {
    client.disconnect();
  }
}
