import type { Readable } from 'node:stream';
import { lineReaderFor, UserInputClosedError } from '../tools/user-input-tool.js';
import { describeFailure, EXIT_FAILURE, EXIT_SUCCESS } from './cli-errors.js';
import type { Interrupts } from './interrupts.js';
import { runTask, type RunTaskOptions } from './run-task.js';

export interface InteractiveOptions extends Omit<RunTaskOptions, 'reset' | 'signal'> {
  input: Readable & { isTTY?: boolean };
  /** Where the prompt and error lines go (stderr), so stdout holds only answers. */
  prompts: NodeJS.WritableStream & { isTTY?: boolean };
  interrupts: Interrupts;
  /** For "cannot reach the API at …" messages. */
  apiBase?: string | undefined;
  executor?: string | undefined;
}

const PROMPT = 'smolagent> ';
const LEAVE_WORDS = new Set(['exit', 'quit', ':q']);

/**
 * The session started by `smolagent` without a task: reads tasks line by line (from a terminal or
 * a pipe), runs each, and keeps the agent's memory so that a task can follow up on the last one.
 * Ends on end of input, `exit` or `quit`. A failed task is reported and the session goes on;
 * the exit code is 1 if any task failed.
 */
export async function runInteractive(options: InteractiveOptions): Promise<number> {
  const { input, prompts, interrupts } = options;
  // The same line reader as the user_input tool: a task's questions and the next task read
  // successive lines of one stdin, whether it is a terminal or a pipe.
  const lines = lineReaderFor(input);
  // --quiet: stderr carries only failure lines, so no prompt either (answers still go to stdout).
  const showPrompt = options.logger.level !== 'quiet';
  let exitCode = EXIT_SUCCESS;
  let first = true;
  for (;;) {
    if (showPrompt) prompts.write(PROMPT);
    let line: string;
    try {
      line = await lines.readLine();
    } catch (error) {
      if (error instanceof UserInputClosedError) break;
      throw error;
    }
    const task = line.trim();
    if (LEAVE_WORDS.has(task.toLowerCase())) break;
    if (task === '') continue;
    const signal = interrupts.begin();
    try {
      await runTask(task, { ...options, reset: first, signal });
      first = false;
    } catch (error) {
      const failure = describeFailure(error, { apiBase: options.apiBase, executor: options.executor });
      prompts.write(`smolagent: ${failure.message}\n`);
      exitCode = EXIT_FAILURE;
    } finally {
      interrupts.end();
    }
  }
  input.pause();
  if (showPrompt && input.isTTY !== true) prompts.write('\n');
  return exitCode;
}
