import type { CliIo } from './run-cli.js';

/** A `smolagent <name> …` command other than running a task; loaded only when invoked. */
export interface Subcommand {
  /** One line for `smolagent --help`. */
  summary: string;
  load(): Promise<{ run(io: CliIo): Promise<number> }>;
}

/**
 * The subcommands, by name. A first argument naming one of these dispatches to it with the rest of
 * the arguments; anything else is a task. Each entry imports its module lazily to keep the plain
 * run's cold start short.
 */
export const SUBCOMMANDS: Record<string, Subcommand> = {};

export function findSubcommand(firstArgument: string | undefined): Subcommand | undefined {
  return firstArgument !== undefined && Object.hasOwn(SUBCOMMANDS, firstArgument) ? SUBCOMMANDS[firstArgument] : undefined;
}
