/**
 * Runs first in every QuickJS sandbox, before the prelude and any model code: removes the builtins
 * that a family of QuickJS memory-safety bugs depends on.
 *
 * The lever is an ArrayBuffer that shrinks or disappears while a builtin still holds its old length
 * or pointer: model code resizes (`resize`) or detaches (`transfer`) it from a callback that the
 * builtin runs midway (a `valueOf`, a `prototype` getter, a sort comparator). Found this way:
 * bellard/quickjs#478 (TypedArray constructor: a typed array longer than its buffer, i.e. a view of
 * the WASM heap), #492 (`TypedArray.prototype.with`), #477 (`TypedArray.prototype.sort`), #508
 * (Atomics), quickjs-ng#1208 (`transfer`). The quickjs-ng build used here (0.12.1, through
 * quickjs-emscripten 0.32) has the fixes for the constructor, `with` and `sort` cases (checked by
 * test/executors/escapes-javascript/heap-view.ts); the bellard build of quickjs-emscripten 0.32
 * (QuickJS 2025-09-13) has none of them. New bugs of the same shape keep being reported, and model
 * code needs neither resizable nor transferable buffers, so the levers stay removed for as long as
 * this family keeps growing; each sandbox's own WASM memory is what bounds the damage of the
 * bugs nobody has found yet.
 *
 * It also closes quickjs-ng's copy of V8's stack-trace API: a `prepareStackTrace` installed on
 * `Error` is called with call-site objects whose `getFunction()` returns every function on the
 * stack, the prelude's too (their closures hold the bridge to the host and the outcome protocol),
 * strict mode or not. The engine keeps the installed function in an internal slot written only by
 * the accessor on `Error`; replacing that accessor with a fixed `undefined` leaves the slot empty
 * for good. Stack traces stay plain strings.
 */
export const GUEST_HARDENING = String.raw`
(function () {
  'use strict';
  const arrayBufferPrototype = ArrayBuffer.prototype;
  delete arrayBufferPrototype.resize;
  delete arrayBufferPrototype.transfer;
  delete arrayBufferPrototype.transferToFixedLength;
  // Shared buffers can grow, and Atomics holds raw pointers across valueOf calls (#508); neither
  // is of use to single-threaded model code.
  delete globalThis.SharedArrayBuffer;
  delete globalThis.Atomics;
  Object.defineProperty(Error, 'prepareStackTrace', { value: undefined, writable: false, enumerable: false, configurable: false });
})();
`;
