/** What Node and a loaded Pyodide take before any model code runs (measured here: 220–240 MB of VmData). */
export const RUNTIME_MEMORY_MB = 256;
/** The smallest memoryLimitMb that leaves the model's code room to work. */
export const MIN_MEMORY_LIMIT_MB = RUNTIME_MEMORY_MB + 64;

export interface PyodideExecutorOptions {
  /** Python modules the code may import beyond the standard set ('*' allows any). */
  additionalAuthorizedImports?: string[] | undefined;
  /** Wall-clock limit for one action, tool calls included (and for sendTools / sendVariables). Default 30 s. */
  timeoutMs?: number | undefined;
  /**
   * Everything the child process may allocate (Linux: RLIMIT_DATA), Node and Pyodide included (~256 MB
   * of it); Python's WASM memory is capped 256 MB below it, so a memory bomb is a MemoryError first.
   * At least 320. Default 1024 MB.
   */
  memoryLimitMb?: number | undefined;
  /** Printed characters kept per action. Default 50,000. */
  maxPrintChars?: number | undefined;
  /** Tool calls one action may make (the host counts them; later calls raise an error in the code). Default 1,000. */
  maxToolCallsPerAction?: number | undefined;
}

/** Refuses limits the child cannot work with, with a message that says why (before any child starts). */
export function validatePyodideOptions(options: PyodideExecutorOptions, owner = 'PyodideExecutor'): void {
  const { memoryLimitMb, timeoutMs, maxPrintChars, maxToolCallsPerAction } = options;
  if (maxToolCallsPerAction !== undefined && !(Number.isSafeInteger(maxToolCallsPerAction) && maxToolCallsPerAction >= 1 && maxToolCallsPerAction <= 100_000)) {
    throw new RangeError(`${owner}: maxToolCallsPerAction must be a whole number from 1 to 100000; got ${String(maxToolCallsPerAction)}.`);
  }
  if (memoryLimitMb !== undefined && !(Number.isFinite(memoryLimitMb) && memoryLimitMb >= MIN_MEMORY_LIMIT_MB)) {
    throw new RangeError(`${owner}: memoryLimitMb must be at least ${MIN_MEMORY_LIMIT_MB} (Node and Pyodide take about 256 MB of it); got ${String(memoryLimitMb)}.`);
  }
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new RangeError(`${owner}: timeoutMs must be a positive number of milliseconds; got ${String(timeoutMs)}.`);
  }
  if (maxPrintChars !== undefined && !(Number.isInteger(maxPrintChars) && maxPrintChars >= 0)) {
    throw new RangeError(`${owner}: maxPrintChars must be a whole number of characters; got ${String(maxPrintChars)}.`);
  }
}

