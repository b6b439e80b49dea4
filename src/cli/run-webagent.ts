import type { WebAgent } from '../browser/web-agent.js';
import { createModel } from '../models/model-factory.js';
import { packageVersion } from '../package-version.js';
import { runOneTask, startAgentSession } from './agent-session.js';
import { CliUsageError, describeFailure, EXIT_SUCCESS } from './cli-errors.js';
import { WEBAGENT_HELP_TEXT, parseWebAgentArguments, type WebAgentCliOptions } from './parse-webagent-arguments.js';
import { apiBaseOf, type CliIo } from './run-cli.js';
import { createCliObservers, type CliObservers } from './run-observers.js';

/**
 * The webagent command: parse, build the model (the same flags, factory and pre-flight checks as
 * smolagent), the observers (--record, OpenTelemetry) and the web agent, run the task, print the
 * answer. The browser is closed however the run ends: the agent closes it at the end of the run (a
 * first Ctrl-C aborts the run), and a second Ctrl-C exits at once, which Playwright's exit hook
 * turns into killing Chromium.
 */
export async function runWebAgentCli(io: CliIo): Promise<number> {
  let options: WebAgentCliOptions | undefined;
  let agent: WebAgent | undefined;
  let observers: CliObservers | undefined;
  try {
    options = parseWebAgentArguments(io.argv);
    if (options.help) {
      io.stdout.write(WEBAGENT_HELP_TEXT);
      return EXIT_SUCCESS;
    }
    if (options.version) {
      io.stdout.write(`webagent ${packageVersion()}\n`);
      return EXIT_SUCCESS;
    }
    const selected = options;
    const selection = { modelType: selected.modelType, modelId: selected.modelId, apiBase: selected.apiBase, apiKey: selected.apiKey, provider: selected.provider };
    const [{ model, type, description }, { createWebAgent }, { checkModelKey }, cliObservers] = await Promise.all([
      createModel(selection, io.env),
      import('../browser/web-agent.js'),
      import('./preflight.js'),
      createCliObservers(selected, io.env),
    ]);
    observers = cliObservers;
    // Everything that can be checked is checked before the first (possibly paid) model request;
    // the browser is found when the run starts, also before it.
    checkModelKey(type, selection, io.env);
    try {
      agent = createWebAgent({
        model,
        // The CLI renders the events itself (AgentLogger on stderr, with its own level and notes).
        logger: false,
        observers: observers.observers,
        headless: !selected.headed,
        handleSignals: false,
        env: io.env,
        streamOutputs: selected.stream,
        ...(selected.allow.length > 0 ? { allowedOrigins: selected.allow } : {}),
        ...(selected.startUrl !== undefined ? { startUrl: selected.startUrl } : {}),
        ...(selected.browserPath !== undefined ? { executablePath: selected.browserPath } : {}),
        ...(selected.downloads !== undefined ? { downloadsDir: selected.downloads } : {}),
        ...(selected.maxSteps !== undefined ? { maxSteps: selected.maxSteps } : {}),
        ...(selected.maxTokensMemory !== undefined ? { maxTokensMemory: selected.maxTokensMemory } : {}),
        ...(selected.instructions !== undefined ? { instructions: selected.instructions } : {}),
      });
    } catch (error) {
      // A bad --allow or --start-url is the command line's fault.
      if (error instanceof TypeError || error instanceof RangeError) throw new CliUsageError(error.message);
      throw error;
    }
    const session = startAgentSession(io, agent, { level: selected.level, modelDescription: description });
    return await runOneTask(io, agent, session, selected.task!, selected.json);
  } catch (error) {
    const failure = describeFailure(error, { apiBase: options ? apiBaseOf(options, io.env) : undefined });
    io.stderr.write(`webagent: ${failure.message}\n`);
    return failure.exitCode;
  } finally {
    await agent?.dispose().catch(() => undefined);
    await observers?.shutdown();
  }
}
