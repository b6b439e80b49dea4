import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import { countSteps, type RunResult } from '../agents/run-result.js';
import { formatAnswer, type AgentLogger } from '../telemetry/logger.js';
import { terminalSafe } from '../telemetry/terminal-safe.js';

export interface TaskOutput {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

export interface RunTaskOptions {
  agent: MultiStepAgent;
  logger: AgentLogger;
  /** Gets the answer (the last line) or, with `json`, the whole result as one JSON line. */
  stdout: TaskOutput;
  json: boolean;
  /** false keeps the memory of earlier tasks (interactive follow-ups). */
  reset: boolean;
  signal: AbortSignal;
}

/** Runs one task: events go to the logger as they come, the answer goes to stdout at the end. */
export async function runTask(task: string, options: RunTaskOptions): Promise<RunResult> {
  const { agent, logger } = options;
  const events = agent.stream(task, { reset: options.reset, signal: options.signal });
  let result: RunResult;
  try {
    let next = await events.next();
    while (!next.done) {
      logger.log(next.value);
      next = await events.next();
    }
    result = next.value;
  } finally {
    logger.stop();
  }
  logger.summary(result);
  const answer = options.json ? resultJson(result) : formatAnswer(result.output);
  // A pipe gets the answer byte for byte; a terminal would act on escape sequences in it.
  options.stdout.write(`${options.stdout.isTTY === true ? terminalSafe(answer) : answer}\n`);
  return result;
}

/** The result for scripts: the answer, whether the steps ran out, and the run's cost. */
export function resultJson(result: RunResult): string {
  return JSON.stringify({
    output: result.output ?? null,
    state: result.state,
    steps: countSteps(result.steps),
    tokenUsage: result.tokenUsage,
    timing: result.timing,
    // Exact integers (a Python final answer past 2**53) are written as their digits.
  }, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value));
}
