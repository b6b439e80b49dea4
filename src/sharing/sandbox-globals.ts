/**
 * The globals code may use and still run in the QuickJS sandbox: ECMAScript's built-ins and what
 * the sandbox's prelude defines (console, print, setTimeout, sleep). Nothing of the host (fetch,
 * process, Buffer, require) is in there, so a tool that reads one of those is not sandboxable.
 */
export const SANDBOX_GLOBALS: ReadonlySet<string> = new Set([
  // Value properties and functions
  'globalThis', 'Infinity', 'NaN', 'undefined', 'isFinite', 'isNaN', 'parseFloat', 'parseInt',
  'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape',
  // Constructors and namespaces
  'AggregateError', 'Array', 'ArrayBuffer', 'BigInt', 'BigInt64Array', 'BigUint64Array', 'Boolean',
  'DataView', 'Date', 'Error', 'EvalError', 'FinalizationRegistry', 'Float32Array', 'Float64Array',
  'Function', 'Int8Array', 'Int16Array', 'Int32Array', 'JSON', 'Map', 'Math', 'Number', 'Object',
  'Promise', 'Proxy', 'RangeError', 'ReferenceError', 'Reflect', 'RegExp', 'Set', 'String', 'Symbol',
  'SyntaxError', 'TypeError', 'Uint8Array', 'Uint8ClampedArray', 'Uint16Array', 'Uint32Array',
  'URIError', 'WeakMap', 'WeakRef', 'WeakSet',
  // The sandbox prelude
  'console', 'print', 'setTimeout', 'sleep',
]);

/** Whether `name` is a global of this (host) process. */
export function isHostGlobal(name: string): boolean {
  return name in globalThis;
}
