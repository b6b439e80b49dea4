import { fileURLToPath } from 'node:url';

/**
 * Where a tool came from, so that saving an agent (src/sharing) can write the tool as the module
 * that defines it, or, for a `tool({...})` made inline, regenerate a module from its config.
 */
export interface ToolOrigin {
  /** Where the tool was defined: in its class's constructor, or at the call of `tool()`. */
  site?: SourceSite | undefined;
  /** The module export that is the tool, when whoever loaded the module said so (the CLI's --tools). */
  module?: { file: string; export: string } | undefined;
  /** For tools made by `tool({...})`: the config object, whose `execute` may be regenerated. */
  config?: { readonly execute: (...args: never[]) => unknown } | undefined;
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

/** What is stored: the site may still be an unread stack capture. */
interface StoredOrigin extends ToolOrigin {
  capture?: Error | undefined;
}

/** The origin recorded for a tool, if any. */
export function toolOrigin(tool: object): ToolOrigin | undefined {
  const stored = (tool as { [ORIGIN]?: StoredOrigin })[ORIGIN];
  if (stored?.capture) {
    // Formatting a stack (with source maps) is the costly part, so it waits until a save asks.
    stored.site = siteOutsideToolFile(stored.capture.stack ?? '');
    delete stored.capture;
  }
  return stored;
}

/** Records (or completes) what is known of a tool's origin. */
export function recordToolOrigin(tool: object, origin: ToolOrigin & { capture?: Error }): void {
  const value: StoredOrigin = { ...(tool as { [ORIGIN]?: StoredOrigin })[ORIGIN], ...origin };
  Object.defineProperty(tool, ORIGIN, { value, configurable: true, enumerable: false, writable: false });
}

const TOOL_FILE = fileURLToPath(new URL('./tool' + extensionOf(import.meta.url), import.meta.url));
const THIS_FILE = fileURLToPath(import.meta.url);

/**
 * The call stack where a tool is being made, to be read by `toolOrigin`: its first place outside
 * `tool.ts` is, from the `Tool` constructor, inside the class being constructed (a subclass
 * constructor is a frame of its own, implicit or not), or, for `tool({...})`, the call of `tool()`.
 */
export function captureDefinition(): Error {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 12;
  const capture = new Error();
  Error.stackTraceLimit = limit;
  return capture;
}

function siteOutsideToolFile(stack: string): SourceSite | undefined {
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
