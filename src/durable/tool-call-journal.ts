import { renderPrompt } from '../prompts/template.js';
import { durableMessages } from '../prompts/durable.js';
import type { Tool, ToolContext } from '../tools/tool.js';
import { ReplayDivergenceError } from './durable-errors.js';
import type { PendingApproval, RunState, ToolCallEntry } from './run-state.js';

/** Thrown into the run (as its abort reason) when it pauses for approval. */
export class ApprovalPause extends Error {
  override readonly name = 'ApprovalPause';
}

/**
 * The tool calls of one durable run, as they happen: each call is logged (started, then its result),
 * calls already in the log are answered from it instead of running again (replay), and calls that
 * need approval either run with a recorded decision or pause the run. The run is stopped through
 * `signal` on a pause or a divergence: the code that made the call cannot catch its way past it.
 */
export class ToolCallJournal {
  /** The action step whose calls arrive now (set by the run's events, and by replay). */
  stepNumber = 0;
  replaying = false;
  failure?: ReplayDivergenceError | undefined;
  readonly pending: PendingApproval[] = [];
  private readonly controller = new AbortController();
  private readonly recorded = new Map<number, ToolCallEntry[]>();
  private readonly counts = new Map<number, number>();

  constructor(
    readonly state: RunState,
    private readonly saveState: () => Promise<void>,
  ) {
    // Calls in flight when the last checkpoint was written may not have run: they run again.
    state.toolCalls = state.toolCalls.filter((entry) => entry.done);
    const sorted = [...state.toolCalls].sort((a, b) => a.stepNumber - b.stepNumber || a.index - b.index);
    for (const entry of sorted) {
      const list = this.recorded.get(entry.stepNumber) ?? [];
      list.push(entry);
      this.recorded.set(entry.stepNumber, list);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  beginReplay(stepNumber: number): void {
    this.stepNumber = stepNumber;
    this.replaying = true;
  }

  /** Throws when the replayed step made fewer calls than the log has, or made a different one. */
  endReplay(stepNumber: number): void {
    this.replaying = false;
    if (this.failure) throw this.failure;
    const left = this.recorded.get(stepNumber) ?? [];
    if (left.length > 0) {
      throw this.diverge(`replaying step ${stepNumber} made ${this.counts.get(stepNumber) ?? 0} tool calls, but the log has ${left.length} more (next: ${left[0]!.tool}).`);
    }
  }

  async call(tool: Tool, args: unknown, context: ToolContext): Promise<unknown> {
    const stepNumber = this.stepNumber;
    const index = (this.counts.get(stepNumber) ?? 0) + 1;
    this.counts.set(stepNumber, index);
    if (this.failure || this.controller.signal.aborted) return await this.stopped();

    const logged = this.recorded.get(stepNumber)?.shift();
    if (logged) {
      if (logged.tool !== tool.name || canonicalJson(logged.args) !== canonicalJson(args)) {
        throw this.diverge(
          `call ${index} of step ${stepNumber} is ${tool.name}(${preview(args)}), but the log recorded ${logged.tool}(${preview(logged.args)}).`,
        );
      }
      if (logged.error !== undefined) throw new Error(logged.error);
      return logged.result;
    }
    if (this.replaying) throw this.diverge(`replaying step ${stepNumber} made call ${index}, ${tool.name}(${preview(args)}), which the log does not have.`);

    const entry: ToolCallEntry = { stepNumber, index, tool: tool.name, args: toJson(args), done: false };
    const id = `s${stepNumber}c${index}`;
    let needs: boolean;
    try {
      needs = await needsApproval(tool, args);
    } catch (error) {
      return await this.finish(entry, { error: renderPrompt(durableMessages.approvalRuleFailed, { tool: tool.name, message: messageOf(error) }) });
    }
    if (needs) {
      const decision = this.state.decisions[id];
      if (!decision) return await this.pause({ id, tool: tool.name, args: toJson(args) });
      if (!decision.approved) {
        const reason = decision.reason ? renderPrompt(durableMessages.reasonFragment, { reason: decision.reason }) : '';
        return await this.finish(entry, { error: renderPrompt(durableMessages.approvalRejected, { tool: tool.name, reason }) });
      }
    }
    this.state.toolCalls.push(entry);
    try {
      const value = await tool.call(args, context);
      entry.result = toJson(value);
      entry.done = true;
      await this.saveState();
      return value;
    } catch (error) {
      entry.error = messageOf(error);
      entry.done = true;
      await this.saveState();
      throw error;
    }
  }

  /** Logs a call that ended without running (a refusal, a failed rule) and throws its error to the caller. */
  private async finish(entry: ToolCallEntry, outcome: { error: string }): Promise<never> {
    entry.error = outcome.error;
    entry.done = true;
    this.state.toolCalls.push(entry);
    await this.saveState();
    throw new Error(outcome.error);
  }

  /**
   * Pauses on a call needing approval. The abort waits a turn so that calls started together (a
   * tool-calling step's calls run concurrently) are all asked about at once.
   */
  private pause(call: PendingApproval): Promise<never> {
    this.pending.push(call);
    if (this.pending.length === 1) setImmediate(() => this.controller.abort(new ApprovalPause('The run paused for approval.')));
    return this.stopped();
  }

  private diverge(message: string): ReplayDivergenceError {
    this.failure ??= new ReplayDivergenceError(`The replay diverged from the tool-call log: ${message}`);
    this.controller.abort(this.failure);
    return this.failure;
  }

  /** Never settles before the run is stopped, so that the caller cannot go on past the pause. */
  private stopped(): Promise<never> {
    const signal = this.controller.signal;
    return new Promise((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  }
}

async function needsApproval(tool: Tool, args: unknown): Promise<boolean> {
  const rule = tool.needsApproval;
  if (rule === undefined || rule === false) return false;
  if (rule === true) return true;
  let parsed: unknown;
  try {
    parsed = await tool.validate(args);
  } catch {
    return false; // the call fails its own validation and never runs
  }
  return (await rule(parsed)) === true;
}

/** A copy as JSON, so that the log holds what a new process would read back. */
export function toJson(value: unknown): unknown {
  if (value === undefined) return undefined;
  try {
    const text = JSON.stringify(value, (_key, inner: unknown) => (typeof inner === 'bigint' ? inner.toString() : inner));
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return String(value);
  }
}

/** JSON with object keys sorted: arguments compare equal whatever order their keys were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(toJson(value) ?? null, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    return Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

function preview(args: unknown): string {
  const text = canonicalJson(args);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
