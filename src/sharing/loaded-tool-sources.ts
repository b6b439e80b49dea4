/**
 * The module each loaded tool came from. Saving a loaded agent again writes these back as they were,
 * even when the folder they came from is gone (a Hub download) or the tool runs in a sandbox.
 */
export interface LoadedToolSource {
  /** The module's file name in the folder it came from, e.g. "weather.ts". */
  fileName: string;
  source: string;
  /** The export that is the tool: "default" or a name. */
  export: string;
}

const sources = new WeakMap<object, LoadedToolSource>();

export function recordLoadedToolSource(tool: object, source: LoadedToolSource): void {
  sources.set(tool, source);
}

export function loadedToolSource(tool: object): LoadedToolSource | undefined {
  return sources.get(tool);
}
