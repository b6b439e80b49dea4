/**
 * The sizes of the Python runners' protocol (Pyodide child, Docker container, E2B sandbox), in one
 * place, because both sides derive their caps from them: the runner refuses a value or a step result
 * over its cap with a clear error, and the host refuses a line over the matching byte cap before
 * parsing it (the runner is untrusted: a line past what an honest runner can send is a protocol
 * violation, and JSON.parse of tens of megabytes blocks the host's event loop for seconds).
 */

/** The largest value (final answer, last expression, tool arguments) a runner hands over, in JSON characters. Also the JS sandbox's default maxValueChars. */
export const MAX_VALUE_CHARS = 1_000_000;

/** How Python shows a value in an observation (its str or repr) is cut after this many characters. */
export const MAX_DISPLAY_CHARS = 100_000;

/** Room in a step result for what is neither the value nor the prints: the shown value, an error message, the keys. */
export const STEP_OVERHEAD_CHARS = 2 * MAX_DISPLAY_CHARS;

/** UTF-8 bytes one character (a Python code point) can take on the wire. */
export const MAX_BYTES_PER_CHAR = 4;

/** The envelope of a line: type, id, tool name… */
const ENVELOPE_BYTES = 64 * 1024;

/** The largest step result an honest runner produces, in characters: the cap the runner applies to it. */
export function maxStepResultChars(maxPrintChars: number): number {
  return MAX_VALUE_CHARS + maxPrintChars + STEP_OVERHEAD_CHARS;
}

/** The longest line a host accepts from a runner after loading, in bytes: any honest step result or tool call fits. */
export function maxMessageBytes(maxPrintChars: number): number {
  return MAX_BYTES_PER_CHAR * maxStepResultChars(maxPrintChars) + ENVELOPE_BYTES;
}
