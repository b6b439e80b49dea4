import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import { runOneTask, startAgentSession } from './agent-session.js';
import { describeFailure, EXIT_SUCCESS } from './cli-errors.js';
import { createModel } from './model-factory.js';
import { HELP_TEXT, parseCliArguments, type CliOptions } from './parse-arguments.js';
import { findSubcommand } from './subcommands.js';

export interface CliIo {
  argv: readonly string[];
  stdin: Readable & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Ctrl-C: the CLI entry wires SIGINT here. */
  onInterrupt: (handler: () => void) => void;
  /** Leave at once (second Ctrl-C). */
  exit: (code: number) => never;
}

/**
 * The smolagent command: parse, build the model, tools and agent, run the task (or an interactive
 * session), print the answer. Returns the exit code; every failure becomes one line on stderr.
 */
export async function runCli(io: CliIo): Promise<number> {
  const subcommand = findSubcommand(io.argv[0]);
  if (subcommand) return (await subcommand.load()).run({ ...io, argv: io.argv.slice(1) });
  let options: CliOptions | undefined;
  let agent: MultiStepAgent | undefined;
  try {
    options = parseCliArguments(io.argv);
    if (options.help) {
      io.stdout.write(HELP_TEXT);
      return EXIT_SUCCESS;
    }
    if (options.version) {
      io.stdout.write(`smolagent ${packageVersion()}\n`);
      return EXIT_SUCCESS;
    }
    const selected = options;
    // Model, tools and agent modules load side by side: the cold start to the first request counts.
    const [{ model, description }, tools, { createAgent }] = await Promise.all([
      createModel(
        { modelType: selected.modelType, modelId: selected.modelId, apiBase: selected.apiBase, apiKey: selected.apiKey, provider: selected.provider },
        io.env,
      ),
      import('./load-tools.js').then(({ loadTools }) => loadTools(selected.tools, { cwd: io.cwd, env: io.env })),
      import('./create-agent.js'),
    ]);
    agent = await createAgent(options, model, tools);
    const session = startAgentSession(io, agent, { level: options.level, modelDescription: description });
    if (options.task === undefined) {
      const { runInteractive } = await import('./interactive.js');
      const { logger, interrupts } = session;
      return await runInteractive({ agent, logger, stdout: io.stdout, json: options.json, input: io.stdin, prompts: io.stderr, interrupts, apiBase: apiBaseOf(options, io.env), executor: options.executor });
    }
    return await runOneTask(io, agent, session, options.task, options.json);
  } catch (error) {
    const failure = describeFailure(error, { apiBase: options ? apiBaseOf(options, io.env) : undefined, executor: options?.executor });
    io.stderr.write(`smolagent: ${failure.message}\n`);
    return failure.exitCode;
  } finally {
    await agent?.dispose().catch(() => undefined);
  }
}

export function apiBaseOf(options: Pick<CliOptions, 'apiBase'>, env: NodeJS.ProcessEnv): string | undefined {
  return options.apiBase ?? env.OPENAI_BASE_URL;
}

/** The package's version; package.json sits two levels up from both src/cli and dist/cli. */
export function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
