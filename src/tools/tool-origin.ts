import { fileURLToPath } from 'node:url';

/**
 * Where a tool came from, so that saving an agent (src/sharing) can write the tool as the module
 * that defines it, or, for a `tool({...})` made inline, regenerate a module from its config.
 * Kept beside the tools rather than on them: a side table adds nothing to a tool's public shape.
 */
export interface ToolOrigin {
  /** Where the tool was defined: in its class's constructor, or at the call of `tool()`. */
  site?: SourceSite;
  /** For tools made by `tool({...})`: the config object, whose `execute` may be regenerated. */
  config?: { readonly execute: (...args: never[]) => unknown };
}

/** A position in a source file (line and column from 1, as stack traces give them). */
export interface SourceSite {
  file: string;
  line: number;
  column: number;
}

const origins = new WeakMap<object, ToolOrigin>();

/** The origin recorded for a tool, if any. */
export function toolOrigin(tool: object): ToolOrigin | undefined {
  return origins.get(tool);
}

/** Records (or completes) what is known of a tool's origin. */
export function recordToolOrigin(tool: object, origin: ToolOrigin): void {
  origins.set(tool, { ...origins.get(tool), ...origin });
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
