/**
 * The `logger` / `verbosity` options of agents. The loop only emits events; this attaches a logger
 * to an agent's own events, so that `agent.run()` shows its step log without any wiring.
 */
import type { CodeLanguage } from '../executors/executor.js';
import { AgentLogger, type LogLevel, type LogOutput } from '../telemetry/logger.js';
import type { AgentEvent } from './events.js';
import type { RunResult } from './run-result.js';
import type { RunObserver } from './run-observer.js';

/** What renders an agent's events: an `AgentLogger`, or anything with the same `log(event)`. */
export interface AgentEventLogger {
  log(event: AgentEvent): void;
  /** Called with the result when a run ends well (AgentLogger prints its closing line). */
  summary?(result: RunResult): void;
  /** Called when a run ends, however it ends (AgentLogger stops its spinner). */
  stop?(): void;
}

export interface AgentLoggingOptions {
  /**
   * Renders this agent's events as they come: an `AgentLogger` (or any `{ log(event) }`), or `false`
   * for none. Default: an `AgentLogger` on stderr at `verbosity`.
   */
  logger?: AgentEventLogger | false | undefined;
  /**
   * Level of the default logger: 'quiet', 'normal' (the step log) or 'verbose' (also each model
   * input). Default: 'normal' when stderr is a terminal, 'quiet' otherwise (servers, workers, tests,
   * pipes): see docs/agents.md.
   */
  verbosity?: LogLevel | undefined;
}

const LEVELS: readonly LogLevel[] = ['quiet', 'normal', 'verbose'];

/** Checks the options at construction; returns a factory that makes the logger on first use. */
export function agentLoggerFactory(
  options: AgentLoggingOptions,
  output: LogOutput & { isTTY?: boolean } = process.stderr,
): (language: CodeLanguage) => AgentEventLogger | undefined {
  const { logger, verbosity } = options;
  if (verbosity !== undefined && !LEVELS.includes(verbosity)) {
    throw new RangeError(`verbosity must be one of ${LEVELS.map((level) => `'${level}'`).join(', ')}, got ${JSON.stringify(verbosity)}.`);
  }
  if (logger !== undefined && logger !== false) {
    if (typeof (logger as Partial<AgentEventLogger>)?.log !== 'function') {
      throw new TypeError('logger must be an AgentLogger (or an object with a log(event) method), or false for none.');
    }
    if (verbosity !== undefined) throw new TypeError('Give either `logger` or `verbosity`: the verbosity of your own logger is set on it.');
    return () => logger;
  }
  if (logger === false) return () => undefined;
  // A library does not write into its host's logs uninvited; a person at a terminal sees the steps.
  const level = verbosity ?? (output.isTTY === true ? 'normal' : 'quiet');
  if (level === 'quiet') return () => undefined;
  let made: AgentLogger | undefined;
  return (language) => (made ??= new AgentLogger({ output, level, language }));
}

/** The logger as a run observer: every event on the way out, the summary when a run ends well. */
export function loggerObserver(logger: AgentEventLogger): RunObserver {
  return {
    startRun: () => ({
      event: (event) => logger.log(event),
      end: (outcome) => {
        if ('result' in outcome) logger.summary?.(outcome.result);
        logger.stop?.();
      },
    }),
  };
}
