import { CliUsageError, describeFailure, EXIT_SUCCESS } from '../cli-errors.js';
import { createAgent } from '../create-agent.js';
import { loadTools } from '../load-tools.js';
import { createModel } from '../../models/model-factory.js';
import { parseCliArguments, type CliOptions } from '../parse-arguments.js';
import type { CliIo } from '../run-cli.js';
import { createCliObservers, type CliObservers } from '../run-observers.js';
import { AgentUiError, serveAgentUi, type AgentUiServer } from './serve-agent-ui.js';

export const UI_HELP = `Usage: smolagent ui [options]

Serves a web page to run agents in: type a task, watch its steps stream in, stop it, reset the
agent's memory, send files with a task. Each browser session gets its own agent, built from the
same model, tool and executor options as a run (see smolagent --help), --record and the
OTEL_EXPORTER_OTLP_* variables included.

  --port N              Port to listen on (default 7860; 0 picks a free one)
  --host HOST           Address to listen on (default 127.0.0.1: this machine only)
  --max-upload-mb N     Largest total size of the files sent with one task (default 10)
  -h, --help            Show this help
`;

const UI_OPTIONS = { port: { type: 'string' }, host: { type: 'string' }, 'max-upload-mb': { type: 'string' } } as const;

/** `smolagent ui`: maps the command line to an agent factory and serves it until Ctrl-C. */
export async function run(io: CliIo): Promise<number> {
  let observers: CliObservers | undefined;
  let server: AgentUiServer | undefined;
  try {
    const options = parseCliArguments(io.argv, UI_OPTIONS);
    if (options.help) {
      io.stdout.write(UI_HELP);
      return EXIT_SUCCESS;
    }
    if (options.task !== undefined) throw new CliUsageError(`smolagent ui takes no task ('${options.task}'): type tasks in the page.`);
    const { port, host, maxUploadBytes } = uiSettings(options);
    const [{ model, description }, tools, cliObservers] = await Promise.all([
      createModel({ modelType: options.modelType, modelId: options.modelId, apiBase: options.apiBase, apiKey: options.apiKey, provider: options.provider }, io.env),
      loadTools(options.tools, { cwd: io.cwd, env: io.env }),
      createCliObservers(options, io.env),
    ]);
    observers = cliObservers;
    const makeAgent = async () => {
      const agent = await createAgent(options, model, tools);
      agent.observers.push(...cliObservers.observers);
      return agent;
    };
    const probe = await makeAgent(); // fails here, not in the page, if the agent cannot be built
    const agentLine = `${probe.name} · tools: ${Object.keys(probe.tools).join(', ')}`;
    await probe.dispose();

    server = await serveAgentUi(makeAgent, { port, host, maxUploadBytes, title: 'smolagents', description: `${description} · ${agentLine}` });
    io.stderr.write(`smolagent ui: ${agentLine}\nsmolagent ui: serving ${server.url} (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => io.onInterrupt(resolve));
    return EXIT_SUCCESS;
  } catch (error) {
    const failure = error instanceof AgentUiError ? { message: error.message, exitCode: 1 } : describeFailure(error);
    io.stderr.write(`smolagent: ${failure.message}\n`);
    return failure.exitCode;
  } finally {
    await server?.close();
    await observers?.shutdown();
  }
}

function uiSettings(options: CliOptions): { port: number; host: string; maxUploadBytes: number } {
  const { port, host, 'max-upload-mb': maxUpload } = options.extra as Record<keyof typeof UI_OPTIONS, string | undefined>;
  const portNumber = port === undefined ? 7860 : Number(port);
  if (!Number.isInteger(portNumber) || portNumber < 0 || portNumber > 65_535) throw new CliUsageError(`--port needs a whole number from 0 to 65535, got '${port}'.`);
  if (host !== undefined && host.trim() === '') throw new CliUsageError('--host needs an address, e.g. --host 127.0.0.1 or --host 0.0.0.0.');
  const megabytes = maxUpload === undefined ? 10 : Number(maxUpload);
  if (!(megabytes > 0) || !Number.isFinite(megabytes)) throw new CliUsageError(`--max-upload-mb needs a positive number, got '${maxUpload}'.`);
  return { port: portNumber, host: host ?? '127.0.0.1', maxUploadBytes: Math.round(megabytes * 1024 * 1024) };
}
