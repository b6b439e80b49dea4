import type { Readable } from 'node:stream';
import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import { packageVersion } from '../package-version.js';
import type { AgentLogger } from '../telemetry/logger.js';
import { runOneTask, startAgentSession } from './agent-session.js';
import { describeFailure, EXIT_SUCCESS } from './cli-errors.js';
import { createCliObservers, type CliObservers } from './run-observers.js';
import { createModel } from '../models/model-factory.js';
import { HELP_TEXT, parseCliArguments, type CliOptions } from './parse-arguments.js';
import { findSubcommand, subcommandsHelp } from './subcommands.js';

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
  let observers: CliObservers | undefined;
  try {
    options = parseCliArguments(io.argv);
    if (options.help) {
      io.stdout.write(HELP_TEXT + subcommandsHelp());
      return EXIT_SUCCESS;
    }
    if (options.version) {
      io.stdout.write(`smolagent ${packageVersion()}\n`);
      return EXIT_SUCCESS;
    }
    const selected = options;
    // The agent (built from the flags, or loaded from a saved folder) and the observers load side by side.
    const [built, cliObservers] = await Promise.all([
      selected.fromHub !== undefined || selected.fromFolder !== undefined
        ? import('./shared-agent.js').then(({ loadSharedAgent }) => loadSharedAgent(selected, io))
        : buildAgent(selected, io),
      createCliObservers(selected, io.env),
    ]);
    observers = cliObservers;
    agent = built.agent;
    agent.observers.push(...observers.observers);

    const session = startAgentSession(io, agent, { level: options.level, modelDescription: built.description });
    const { logger, interrupts } = session;
    if (options.task === undefined) {
      const { runInteractive } = await import('./interactive.js');
      const code = await runInteractive({ agent, logger, stdout: io.stdout, json: options.json, input: io.stdin, prompts: io.stderr, interrupts, apiBase: apiBaseOf(options, io.env), executor: options.executor });
      if (options.save !== undefined) await saveAgentTo(agent, options.save, io.cwd, logger);
      return code;
    }
    const code = await runOneTask(io, agent, session, options.task, options.json);
    if (options.save !== undefined) await saveAgentTo(agent, options.save, io.cwd, logger);
    return code;
  } catch (error) {
    const failure = describeFailure(error, { apiBase: options ? apiBaseOf(options, io.env) : undefined, executor: options?.executor });
    io.stderr.write(`smolagent: ${failure.message}\n`);
    return failure.exitCode;
  } finally {
    await agent?.dispose().catch(() => undefined);
    await observers?.shutdown();
  }
}

/** Builds the model, the tools and the agent the flags describe. */
async function buildAgent(options: CliOptions, io: CliIo): Promise<{ agent: MultiStepAgent; description: string }> {
  const selection = { modelType: options.modelType, modelId: options.modelId, apiBase: options.apiBase, apiKey: options.apiKey, provider: options.provider };
  // Model, tools and agent modules load side by side: the cold start to the first request counts.
  const [{ model, type, description }, tools, { createAgent }, { checkModelKey }] = await Promise.all([
    createModel(selection, io.env),
    import('./load-tools.js').then(({ loadTools }) => loadTools(options.tools, { cwd: io.cwd, env: io.env })),
    import('./create-agent.js'),
    import('./preflight.js'),
  ]);
  // Everything that can be checked is checked before the first (possibly paid) model request.
  checkModelKey(type, selection, io.env);
  return { agent: await createAgent(options, model, tools, io.cwd), description };
}

async function saveAgentTo(agent: MultiStepAgent, directory: string, cwd: string, logger: AgentLogger): Promise<void> {
  const { saveSharedAgent } = await import('./shared-agent.js');
  logger.info(`Saved the agent to ${await saveSharedAgent(agent, directory, cwd)}`);
}

/** The OpenAI-compatible server a run talks to, for "cannot reach the API at …" messages. */
export function apiBaseOf(options: Pick<CliOptions, 'apiBase'>, env: NodeJS.ProcessEnv): string | undefined {
  return options.apiBase ?? env.OPENAI_BASE_URL;
}
