import type { WebAgent } from '../browser/web-agent.js';
import { runOneTask, startAgentSession } from './agent-session.js';
import { CliUsageError, describeFailure, EXIT_SUCCESS } from './cli-errors.js';
import { createModel } from './model-factory.js';
import { WEBAGENT_HELP_TEXT, parseWebAgentArguments, type WebAgentCliOptions } from './parse-webagent-arguments.js';
import { apiBaseOf, packageVersion, type CliIo } from './run-cli.js';

/**
 * The webagent command: parse, build the model (the same flags and factory as smolagent) and the
 * web agent, run the task, print the answer. The browser is closed however the run ends: the agent
 * closes it at the end of the run (a first Ctrl-C aborts the run), and a second Ctrl-C exits at
 * once, which Playwright's exit hook turns into killing Chromium.
 */
export async function runWebAgentCli(io: CliIo): Promise<number> {
  let options: WebAgentCliOptions | undefined;
  let agent: WebAgent | undefined;
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
    const [{ model, description }, { createWebAgent }] = await Promise.all([
      createModel({ modelType: selected.modelType, modelId: selected.modelId, apiBase: selected.apiBase, apiKey: selected.apiKey, provider: selected.provider }, io.env),
      import('../browser/web-agent.js'),
    ]);
    try {
      agent = createWebAgent({
        model,
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
  }
}
