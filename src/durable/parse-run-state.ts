import { DurableRunError } from './durable-errors.js';
import { RUN_STATE_VERSION, type RunState } from './run-state.js';

/**
 * Checks a saved state before a run trusts it: it may come from another version, a hand-edited
 * file, or anyone who can write to the Redis server. Memory itself is checked by AgentMemory.load.
 */
export function parseRunState(input: string | unknown, where: string): RunState {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new DurableRunError(`The ${where} is not JSON: ${(error as Error).message}`);
    }
  }
  const state = value as Partial<RunState> | null;
  const fail = (what: string): never => {
    throw new DurableRunError(`The ${where} is malformed: ${what}.`);
  };
  if (typeof state !== 'object' || state === null) return fail('not an object');
  if (state.version !== RUN_STATE_VERSION) return fail(`version ${String(state.version)}, this library reads ${RUN_STATE_VERSION}`);
  if (typeof state.runId !== 'string') fail('no runId');
  if (typeof state.task !== 'string') fail('no task');
  if (!['running', 'awaiting_approval', 'done'].includes(state.status as string)) fail(`unknown status ${String(state.status)}`);
  if (typeof state.memory !== 'object' || state.memory === null) fail('no memory');
  if (!Array.isArray(state.toolCalls)) fail('toolCalls is not an array');
  state.toolCalls!.forEach((entry, at) => {
    if (typeof entry !== 'object' || entry === null || !Number.isInteger(entry.stepNumber) || !Number.isInteger(entry.index) || typeof entry.tool !== 'string' || typeof entry.done !== 'boolean') {
      fail(`tool call ${at} lacks stepNumber, index, tool or done`);
    }
  });
  if (!Array.isArray(state.pending)) fail('pending is not an array');
  if (typeof state.decisions !== 'object' || state.decisions === null) fail('decisions is not an object');
  if (state.current !== undefined && (!Number.isInteger(state.current?.stepNumber) || typeof state.current?.reply?.content !== 'string')) fail('current step is malformed');
  return state as RunState;
}
