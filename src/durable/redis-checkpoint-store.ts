import { assertRunId, type CheckpointStore } from './checkpoint-store.js';
import { parseRunState } from './parse-run-state.js';
import { openRedis, type RedisClient, type RedisConnection } from './redis-connection.js';
import type { RunState } from './run-state.js';

export interface RedisCheckpointStoreOptions {
  connection: RedisConnection;
  /** Prefix of the keys, one per run. Default `smolagents:checkpoint:`. */
  prefix?: string | undefined;
  /** Seconds a checkpoint is kept after its last save. Default: forever. */
  ttlSeconds?: number | undefined;
}

/**
 * Checkpoints as one Redis string per run. A SET replaces the value at once, so that a worker that
 * takes over a run reads a whole state, the previous one or the new one.
 */
export class RedisCheckpointStore implements CheckpointStore {
  private client?: Promise<RedisClient> | undefined;
  private readonly prefix: string;

  constructor(private readonly options: RedisCheckpointStoreOptions) {
    if (!options?.connection) throw new TypeError('RedisCheckpointStore needs a `connection` (a redis:// URL, options or an ioredis client).');
    this.prefix = options.prefix ?? 'smolagents:checkpoint:';
    if (options.ttlSeconds !== undefined && !(Number.isInteger(options.ttlSeconds) && options.ttlSeconds > 0)) {
      throw new RangeError(`ttlSeconds must be a positive whole number, got ${String(options.ttlSeconds)}.`);
    }
  }

  private redis(): Promise<RedisClient> {
    this.client ??= openRedis(this.options.connection, 'RedisCheckpointStore');
    return this.client;
  }

  private key(runId: string): string {
    assertRunId(runId);
    return `${this.prefix}${runId}`;
  }

  async save(runId: string, state: RunState): Promise<void> {
    const key = this.key(runId);
    const redis = await this.redis();
    const text = JSON.stringify(state);
    if (this.options.ttlSeconds) await redis.set(key, text, 'EX', this.options.ttlSeconds);
    else await redis.set(key, text);
  }

  async load(runId: string): Promise<RunState | undefined> {
    const text = await (await this.redis()).get(this.key(runId));
    return text === null ? undefined : parseRunState(text, `checkpoint of run '${runId}' in Redis`);
  }

  async delete(runId: string): Promise<void> {
    await (await this.redis()).del(this.key(runId));
  }

  /** Closes the store's own connection. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await (await client).quit().catch(() => undefined);
  }
}
