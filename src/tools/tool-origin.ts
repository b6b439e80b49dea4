import { fileURLToPath } from 'node:url';

/**
 * Where a tool came from, so that saving an agent (src/sharing) can write the tool as the module
 * that defines it, or, for a `tool({...})` made inline, regenerate a module from its config.
 */
export interface ToolOrigin {
  /** Where the tool was defined: in its class's constructor, or at the call of `tool()`. */
  site?: SourceSite;
  /** The module export that is the tool, when whoever loaded the module said so (the CLI's --tools). */
  module?: { file: string; export: string };
  /** For tools made by `tool({...})`: the config object, whose `execute` may be regenerated. */
  config?: { readonly execute: (...args: never[]) => unknown };
}

/** A position in a source file (line and column from 1, as stack traces give them). */
export interface SourceSite {
  file: string;
  line: number;
  column: number;
}

/**
 * Kept on the tool under a registered symbol, hidden from enumeration and JSON: a tool module loaded
 * through another loader (the CLI's tsx import of .ts tools) runs its own copy of this library, and
 * the tool must still say where it came from to the copy that saves it.
 */
const ORIGIN = Symbol.for('smolagents-ts.tool-origin');

/** The origin recorded for a tool, if any. */
export function toolOrigin(tool: object): ToolOrigin | undefined {
  return (tool as { [ORIGIN]?: ToolOrigin })[ORIGIN];
}

/** Records (or completes) what is known of a tool's origin. */
export function recordToolOrigin(tool: object, origin: ToolOrigin): void {
  Object.defineProperty(tool, ORIGIN, { value: { ...toolOrigin(tool), ...origin }, configurable: true, enumerable: false, writable: false });
}

const TOOL_FILE = fileURLToPath(new URL('./tool' + extensionOf(import.meta.url), import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);

/**
 * The first place on the call stack outside `tool.ts`: called from the `Tool` constructor, that is
 * inside the class being constructed (a subclass constructor is a frame of its own, implicit or
 * not), or, for `tool({...})`, the call of `tool()`. Costs one stack capture per tool.
 */
export function definingSite(): SourceSite | undefined {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 30;
  const stack = new Error().stack ?? '';
  Error.stackTraceLimit = limit;
  for (const line of stack.split('\n').slice(1)) {
    const site = frameSite(line);
    if (site && site.file !== TOOL_FILE && site.file !== THIS_FILE) return site;
  }
  return undefined;
}

/** `    at f (/a/b.ts:1:2)`, `    at file:///a/b.js:1:2` → where; internals and data: URLs → undefined. */
export function frameSite(line: string): SourceSite | undefined {
  const match = /\((.+?):(\d+):(\d+)\)$/.exec(line) ?? /^\s*at (?:async )?(.+?):(\d+):(\d+)$/.exec(line);
  if (!match) return undefined;
  let location = match[1]!;
  if (location.startsWith('file://')) {
    try {
      location = fileURLToPath(location.replace(/[?#].*$/, ''));
    } catch {
      return undefined;
    }
  }
  location = location.replace(/\?.*$/, '');
  // Node internals ("node:internal/..."), eval'd code and data: URLs name no file on disk.
  if (!location.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(location)) return undefined;
  return { file: location, line: Number(match[2]), column: Number(match[3]) };
}

function extensionOf(url: string): string {
  return /\.[cm]?[jt]s$/.exec(new URL(url).pathname)?.[0] ?? '.js';
}
