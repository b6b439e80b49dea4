import type { CliIo } from './run-cli.js';

/** A `smolagent <name> …` command other than running a task; loaded only when invoked. */
export interface Subcommand {
  /** One line for `smolagent --help`. */
  summary: string;
  /** What follows the name in that line, e.g. "FILE". */
  usage?: string | undefined;
  load(): Promise<{ run(io: CliIo): Promise<number> }>;
}

/**
 * The subcommands, by name. A first argument naming one of these dispatches to it with the rest of
 * the arguments; anything else is a task. Each entry imports its module lazily to keep the plain
 * run's cold start short.
 */
export const SUBCOMMANDS: Record<string, Subcommand> = {
  ui: { usage: '[options]', summary: 'Serve a web page to run the agent in (smolagent ui --help)', load: () => import('./ui/ui-command.js') },
  worker: { usage: '--redis URL --queue Q', summary: 'Take runs from a BullMQ queue and run them durably', load: () => import('./worker-command.js') },
  submit: { usage: '"task" [options]', summary: 'Put a run on the queue (--wait prints its answer)', load: () => import('./submit-command.js') },
  replay: { usage: 'FILE', summary: 'Print a run recorded with --record FILE, as the live log showed it', load: () => import('./replay-command.js') },
};

export function findSubcommand(firstArgument: string | undefined): Subcommand | undefined {
  return firstArgument !== undefined && Object.hasOwn(SUBCOMMANDS, firstArgument) ? SUBCOMMANDS[firstArgument] : undefined;
}

/** The "Commands" section of `smolagent --help`. */
export function subcommandsHelp(): string {
  const heads = Object.entries(SUBCOMMANDS).map(([name, { usage }]) => `smolagent ${name}${usage ? ` ${usage}` : ''}`);
  // One column for the summaries, at least two spaces after the longest command line.
  const width = Math.max(25, ...heads.map((head) => head.length + 2));
  const lines = Object.values(SUBCOMMANDS).map(({ summary }, at) => `  ${heads[at]!.padEnd(width)}${summary}`);
  return lines.length > 0 ? `\nCommands (smolagent COMMAND --help for their options)\n${lines.join('\n')}\n` : '';
}
