import { AgentError } from '../errors.js';
import type { PendingApproval, RunState } from './run-state.js';

/** A saved run that cannot be continued: a malformed state, an unknown approval id, a finished run. */
export class DurableRunError extends AgentError {
  override readonly name: string = 'DurableRunError';
}

/**
 * Replaying the recorded actions did not make the recorded tool calls: the code, the tools or
 * something the code read (time, randomness) changed. The run cannot be rebuilt faithfully.
 */
export class ReplayDivergenceError extends DurableRunError {
  override readonly name: string = 'ReplayDivergenceError';
}

/** `run()` reached a call that needs approval; `runDurable()` returns this pause as a value. */
export class ApprovalRequiredError extends DurableRunError {
  override readonly name: string = 'ApprovalRequiredError';
  constructor(
    readonly pending: PendingApproval[],
    readonly runState: RunState,
  ) {
    super(`The run is waiting for approval of ${pending.map((call) => `${call.tool} (${call.id})`).join(', ')}: call agent.resume(runState, { approve, reject }).`);
  }
}
