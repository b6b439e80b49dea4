/**
 * ANSI colours for the terminal log, off unless the stream is a TTY (or FORCE_COLOR says so) and
 * NO_COLOR is unset — https://no-color.org and the FORCE_COLOR convention used by Node and chalk.
 */

export interface Colors {
  readonly enabled: boolean;
  bold(text: string): string;
  dim(text: string): string;
  italic(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  blue(text: string): string;
  magenta(text: string): string;
  cyan(text: string): string;
  gray(text: string): string;
}

type StyleName = Exclude<keyof Colors, 'enabled'>;

const CODES: Record<StyleName, [number, number]> = {
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  gray: [90, 39],
};

/** Whether to colour output written to `stream`, following NO_COLOR, FORCE_COLOR and TTY-ness. */
export function shouldUseColor(stream: { isTTY?: boolean | undefined }, env: NodeJS.ProcessEnv = process.env): boolean {
  // NO_COLOR wins when present and non-empty, as its convention says.
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export function createColors(enabled: boolean): Colors {
  const style = (name: StyleName) => {
    const [open, close] = CODES[name];
    return enabled ? (text: string) => (text === '' ? text : `\u001b[${open}m${text}\u001b[${close}m`) : (text: string) => text;
  };
  return {
    enabled,
    bold: style('bold'),
    dim: style('dim'),
    italic: style('italic'),
    red: style('red'),
    green: style('green'),
    yellow: style('yellow'),
    blue: style('blue'),
    magenta: style('magenta'),
    cyan: style('cyan'),
    gray: style('gray'),
  };
}

/** Removes ANSI escape sequences (for measuring and for tests). */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
}
