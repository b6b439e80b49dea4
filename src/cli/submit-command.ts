import { parseArgs } from 'node:util';
import type { JobEvent } from '../durable/job-events.js';
import { formatAnswer } from '../telemetry/logger.js';
import { terminalSafe } from '../telemetry/terminal-safe.js';
import { CliUsageError, describeFailure, EXIT_FAILURE, EXIT_SUCCESS } from './cli-errors.js';
import type { CliIo } from './run-cli.js';
import { redisQueue } from './worker-command.js';

export const SUBMIT_HELP = `Usage: smolagent submit "task" --redis URL --queue NAME [--wait]

Puts a run on a BullMQ queue for smolagent worker. Prints the run's id; with --wait, follows the
run (its steps on stderr) and prints the answer as a run does: last line on stdout.

  --redis URL      Redis server, e.g. redis://127.0.0.1:6379
  --queue NAME     Queue the workers take runs from
  --run-id ID      The run's id (default: a random UUID)
  --wait           Wait for the answer
  -q, --quiet      With --wait: print only the answer
  -h, --help       Show this help
`;

export async function run(io: CliIo): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...io.argv],
        options: { redis: { type: 'string' }, queue: { type: 'string' }, 'run-id': { type: 'string' }, wait: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new CliUsageError(`${(error as Error).message.split('\n')[0]} (see smolagent submit --help)`);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout.write(SUBMIT_HELP);
      return EXIT_SUCCESS;
    }
    const task = positionals.join(' ').trim();
    if (task === '') throw new CliUsageError('smolagent submit needs a task: smolagent submit "What is 2+2?" --redis URL --queue NAME');
    const { redis, queue } = redisQueue(values, 'submit');
    const { submitRun } = await import('../durable/submit-run.js');
    const submitted = await submitRun({
      connection: redis,
      queue,
      task,
      wait: values.wait ?? false,
      ...(values['run-id'] !== undefined ? { runId: values['run-id'] } : {}),
      ...(values.quiet ? {} : { onEvent: (event: JobEvent) => io.stderr.write(`${describeEvent(event)}\n`) }),
    });
    if (!values.wait) {
      io.stdout.write(`${submitted.runId}\n`);
      return EXIT_SUCCESS;
    }
    const result = submitted.result;
    if (result?.state === 'awaiting_approval') {
      io.stderr.write(`smolagent: run ${submitted.runId} waits for approval of ${result.pending.map((call) => `${call.tool} (${call.id})`).join(', ')}.\n`);
      return EXIT_FAILURE;
    }
    const answer = formatAnswer(result?.output);
    io.stdout.write(`${io.stdout.isTTY === true ? terminalSafe(answer) : answer}\n`);
    return EXIT_SUCCESS;
  } catch (error) {
    const failure = describeFailure(error);
    io.stderr.write(`smolagent: ${failure.message}\n`);
    return failure.exitCode;
  }
}

/** One line per event the worker publishes; texts are the model's and the tools', so made safe for a terminal. */
function describeEvent(event: JobEvent): string {
  const line = (() => {
    switch (event.type) {
      case 'step_start':
        return `─ step ${event.stepNumber}`;
      case 'code_action':
        return event.code;
      case 'tool_call':
        return `→ ${event.name}(${JSON.stringify(event.arguments)})`;
      case 'tool_result':
        return `${event.isError ? '✗' : '←'} ${event.name}: ${event.observation}`;
      case 'observation':
        return event.observation;
      case 'step_end':
        return event.error ? `step ${event.stepNumber} error: ${event.error}` : `step ${event.stepNumber} done`;
      case 'final_answer':
        return 'final answer';
    }
  })();
  return terminalSafe(line ?? '');
}
