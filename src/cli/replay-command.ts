import { parseArgs } from 'node:util';
import { RunRecordError } from '../telemetry/run-record.js';
import { readRunRecord } from '../telemetry/read-run-record.js';
import { replayRuns } from '../telemetry/replay-run-record.js';
import { CliUsageError, EXIT_FAILURE, EXIT_SUCCESS, EXIT_USAGE } from './cli-errors.js';
import type { CliIo } from './run-cli.js';

export const REPLAY_HELP = `Usage: smolagent replay FILE [options]

Prints a run record written with --record FILE the way the live log showed the run: steps,
thoughts, code, tool calls, observations, errors, tokens and timing. No model is called.

  -v, --verbose   Also print the full model input of every step
  -h, --help      Show this help
`;

/** `smolagent replay FILE`: the log goes to stdout (it is what was asked for), failures to stderr. */
export async function run(io: CliIo): Promise<number> {
  try {
    const { path, verbose, help } = parseReplayArguments(io.argv);
    if (help) {
      io.stdout.write(REPLAY_HELP);
      return EXIT_SUCCESS;
    }
    const runs = await readRunRecord(path!);
    if (runs.length === 0) io.stderr.write(`smolagent: ${path} holds no runs.\n`);
    replayRuns(runs, { output: io.stdout, level: verbose ? 'verbose' : 'normal', env: io.env });
    return EXIT_SUCCESS;
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr.write(`smolagent: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof RunRecordError) {
      io.stderr.write(`smolagent: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    throw error;
  }
}

function parseReplayArguments(argv: readonly string[]): { path?: string; verbose: boolean; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: { verbose: { type: 'boolean', short: 'v' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliUsageError(`${(error as Error).message.split('\n')[0]} (see smolagent replay --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help) return { verbose: false, help: true };
  if (positionals.length !== 1) throw new CliUsageError('replay needs exactly one FILE: smolagent replay run.jsonl');
  return { path: positionals[0], verbose: values.verbose ?? false, help: false };
}
