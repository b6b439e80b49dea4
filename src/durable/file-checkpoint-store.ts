import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { assertRunId, type CheckpointStore } from './checkpoint-store.js';
import { parseRunState } from './parse-run-state.js';
import type { RunState } from './run-state.js';

/**
 * One JSON file per run in a directory. A save writes a temporary file beside the target and
 * renames it over the target (atomic on one file system), so that a crash mid-write leaves the
 * previous checkpoint whole.
 */
export class FileCheckpointStore implements CheckpointStore {
  constructor(readonly directory: string) {
    if (typeof directory !== 'string' || directory === '') throw new TypeError('FileCheckpointStore needs a directory.');
  }

  private path(runId: string): string {
    assertRunId(runId);
    return join(this.directory, `${runId}.json`);
  }

  async save(runId: string, state: RunState): Promise<void> {
    const target = this.path(runId);
    await mkdir(this.directory, { recursive: true });
    const temporary = `${target}.${randomUUID()}.tmp`;
    try {
      await writeFile(temporary, JSON.stringify(state));
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async load(runId: string): Promise<RunState | undefined> {
    let text: string;
    try {
      text = await readFile(this.path(runId), 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return undefined;
      throw error;
    }
    return parseRunState(text, `checkpoint file for run '${runId}'`);
  }

  async delete(runId: string): Promise<void> {
    await rm(this.path(runId), { force: true });
  }
}
