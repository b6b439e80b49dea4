import { importOptional } from '../optional-dependency.js';

/**
 * The few commands the durable layer uses, as a structural type: ioredis is an optional peer, so
 * the public types name none of its types (a project without it still type-checks).
 */
export interface RedisClient {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ...options: Array<string | number>): Promise<unknown>;
  del(key: string): Promise<number>;
  quit(): Promise<unknown>;
  duplicate(): RedisClient;
}

/** A Redis server: a `redis://` URL, ioredis options (host, port, password, db, tls…), or an ioredis client to share. */
export type RedisConnection = string | RedisClient | { host?: string | undefined; port?: number | undefined; [option: string]: unknown };

function isClient(connection: RedisConnection): connection is RedisClient {
  return typeof connection === 'object' && typeof (connection as RedisClient).duplicate === 'function';
}

/**
 * A new ioredis client for the connection (ioredis is an optional peer, installed with bullmq).
 * BullMQ's blocking commands need `maxRetriesPerRequest: null`.
 */
export async function openRedis(connection: RedisConnection, feature: string): Promise<RedisClient> {
  if (isClient(connection)) return connection.duplicate();
  const { Redis } = await importOptional<typeof import('ioredis')>('ioredis', feature);
  const options = { maxRetriesPerRequest: null };
  // ioredis declares its options without `| undefined`: cast for exactOptionalPropertyTypes.
  const client = typeof connection === 'string' ? new Redis(connection, options as never) : new Redis({ ...connection, ...options } as never);
  return client as unknown as RedisClient;
}
