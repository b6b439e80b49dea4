import type { RunState } from './run-state.js';

/**
 * Where durable runs keep their state, by run id. `save` replaces the whole state at once: a reader
 * sees the previous state or the new one, never a mix. Implementations: FileCheckpointStore,
 * RedisCheckpointStore.
 */
export interface CheckpointStore {
  save(runId: string, state: RunState): Promise<void>;
  /** The saved state, or undefined when there is none. */
  load(runId: string): Promise<RunState | undefined>;
  delete(runId: string): Promise<void>;
}

/** Run ids become file names and Redis keys: keep them to a safe alphabet. */
export function assertRunId(runId: unknown): asserts runId is string {
  if (typeof runId !== 'string' || !/^[A-Za-z0-9_.:-]{1,200}$/.test(runId) || runId.startsWith('.')) {
    throw new TypeError(`A run id is 1-200 letters, digits, '_', '-', '.', ':' (not starting with '.'), got ${JSON.stringify(String(runId)).slice(0, 80)}.`);
  }
}
