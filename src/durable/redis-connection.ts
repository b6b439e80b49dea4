import type { Redis, RedisOptions } from 'ioredis';
import { importOptional } from '../optional-dependency.js';

/** A Redis server: a `redis://` URL, ioredis options, or an ioredis client to share. */
export type RedisConnection = string | RedisOptions | Redis;

function isClient(connection: RedisConnection): connection is Redis {
  return typeof connection === 'object' && typeof (connection as Redis).duplicate === 'function';
}

/**
 * A new ioredis client for the connection (ioredis is an optional peer, installed with bullmq).
 * BullMQ's blocking commands need `maxRetriesPerRequest: null`.
 */
export async function openRedis(connection: RedisConnection, feature: string): Promise<Redis> {
  if (isClient(connection)) return connection.duplicate();
  const { Redis: RedisClient } = await importOptional<typeof import('ioredis')>('ioredis', feature);
  const options: RedisOptions = { maxRetriesPerRequest: null, lazyConnect: false };
  // ioredis declares its options without `| undefined`: cast for exactOptionalPropertyTypes.
  return typeof connection === 'string' ? new RedisClient(connection, options as never) : new RedisClient({ ...connection, ...options } as never);
}
