import type { AgentEvent } from './events.js';
import type { MultiStepAgent } from './multi-step-agent.js';
import type { RunOptions, RunResult } from './run-result.js';

/** What an observer learns when a run starts. */
export interface RunContext {
  agent: MultiStepAgent;
  task: string;
  options: RunOptions;
}

/** How a run ended: its result, or what was thrown (an abort, a provider failure, a consumer that stopped early). */
export type RunOutcome = { result: RunResult } | { error: unknown };

/** One run as an observer follows it: every event in order, then the outcome, exactly once. */
export interface ObservedRun {
  event(event: AgentEvent): void | Promise<void>;
  end(outcome: RunOutcome): void | Promise<void>;
}

/**
 * Sees every run of an agent without being its consumer: the run record and OpenTelemetry spans
 * are observers. `startRun` is called once per run and returns that run's state, so one observer
 * can follow concurrent runs (several UI sessions sharing a tracer, say).
 */
export interface RunObserver {
  startRun(context: RunContext): ObservedRun | Promise<ObservedRun>;
}

/** The error an observer sees when the consumer of `stream()` stopped iterating before the end. */
export class RunNotFinishedError extends Error {
  override readonly name = 'RunNotFinishedError';
  constructor() {
    super('The consumer of the run stopped reading its events before the run finished.');
  }
}

/**
 * Passes the loop's events through to the consumer, showing each to the observers first. An
 * observer's own failure propagates (a record that cannot be written should not pass silently),
 * but never hides the run's failure.
 */
export async function* observeRun<Result extends RunResult>(
  events: AsyncGenerator<AgentEvent, Result>,
  observers: readonly RunObserver[],
  context: RunContext,
): AsyncGenerator<AgentEvent, Result> {
  if (observers.length === 0) return yield* events;
  const runs = await Promise.all(observers.map((observer) => observer.startRun(context)));
  let outcome: RunOutcome = { error: new RunNotFinishedError() };
  let finished = false;
  try {
    let next = await events.next();
    while (!next.done) {
      for (const run of runs) await run.event(next.value);
      yield next.value;
      next = await events.next();
    }
    finished = true;
    outcome = { result: next.value };
    return next.value;
  } catch (error) {
    finished = true;
    outcome = { error };
    throw error;
  } finally {
    // A consumer that stopped early (break, return) closes the loop too, so its own cleanup runs.
    if (!finished) await events.return(undefined as never).catch(() => undefined);
    const endings = await Promise.allSettled(runs.map((run) => run.end(outcome)));
    const failed = endings.find((ending): ending is PromiseRejectedResult => ending.status === 'rejected');
    if (failed && 'result' in outcome) throw failed.reason;
  }
}
