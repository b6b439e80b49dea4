import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import type { CodeLanguage } from '../executors/executor.js';
import { AgentLogger, type LogLevel } from '../telemetry/logger.js';
import { EXIT_INTERRUPTED, EXIT_SUCCESS } from './cli-errors.js';
import { Interrupts } from './interrupts.js';
import type { CliIo } from './run-cli.js';

export interface AgentSession {
  logger: AgentLogger;
  interrupts: Interrupts;
}

/**
 * What `smolagent` and `webagent` set up around an agent: the logger on stderr (with the model and
 * tools line) and Ctrl-C (the first press stops the run, a second one leaves at once).
 */
export function startAgentSession(io: CliIo, agent: MultiStepAgent, options: { level: LogLevel; modelDescription: string }): AgentSession {
  const language = (agent as { language?: CodeLanguage }).language ?? 'javascript';
  const logger = new AgentLogger({ output: io.stderr, level: options.level, language, env: io.env });
  logger.info(`Model: ${options.modelDescription}`);
  logger.info(`Agent: ${agent.name} · tools: ${Object.keys(agent.tools).join(', ')}`);
  const interrupts = new Interrupts({
    exit: () => {
      logger.stop();
      io.exit(EXIT_INTERRUPTED);
    },
    notice: (text) => {
      logger.stop();
      logger.warn(text);
    },
  });
  io.onInterrupt(() => interrupts.interrupt());
  return { logger, interrupts };
}

/** Runs one task of the command line: the log on stderr, the answer (or --json result) on stdout. */
export async function runOneTask(io: CliIo, agent: MultiStepAgent, session: AgentSession, task: string, json: boolean): Promise<number> {
  const { runTask } = await import('./run-task.js');
  const signal = session.interrupts.begin();
  const result = await runTask(task, { agent, logger: session.logger, stdout: io.stdout, json, reset: true, signal });
  if (result.state === 'max_steps_error') session.logger.warn(`The run used all its steps; the answer above was written from memory.`);
  return EXIT_SUCCESS;
}
