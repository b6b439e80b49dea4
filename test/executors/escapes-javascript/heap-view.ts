/**
 * Attempts to build a view over the sandbox's WASM heap through the ArrayBuffer-resizing family of
 * QuickJS bugs (bellard/quickjs#478, #492, #477, #508; see src/executors/quickjs/guest-hardening.ts).
 * A typed array whose elements reach past the end of its buffer reads and writes memory that
 * belongs to the engine; every snippet checks for exactly that and answers "ESCAPED" if it got one.
 * Failing with an error (the levers are removed) or a correct, bounded result is a hold.
 *
 * Checked by hand against the unguarded bellard build of quickjs-emscripten 0.32: the constructor
 * snippets answer "ESCAPED" there (a 16-element view over a 0-byte buffer, a 1 MB one over nothing).
 */
const overReach = String.raw`
function overReaches(view) {
  return view.byteOffset + view.length * view.BYTES_PER_ELEMENT > view.buffer.byteLength;
}`;

/** Runs `attempt` (which returns a typed array or throws) and answers for it. */
const check = (attempt: string) => `${overReach}
let verdict = 'held';
try {
  const view = (() => {\n${attempt}\n})();
  if (view && overReaches(view)) verdict = 'ESCAPED';
} catch (error) {
  verdict = 'held: ' + error.message;
}
final_answer(verdict.startsWith('ESCAPED') ? 'ESCAPED' : verdict);`;

export const heapViewAttempts: { name: string; code: string }[] = [
  {
    name: 'TypedArray constructor whose prototype getter shrinks the buffer (#478)',
    code: check(`const buffer = new ArrayBuffer(16, { maxByteLength: 4096 });
const newTarget = function () {}.bind();
Object.defineProperty(newTarget, 'prototype', { get() { buffer.resize(0); return Uint8Array.prototype; } });
return Reflect.construct(Uint8Array, [buffer], newTarget);`),
  },
  {
    name: 'TypedArray constructor over a megabyte that disappears (#478)',
    code: check(`const buffer = new ArrayBuffer(0x100000, { maxByteLength: 0x100000 });
const newTarget = function () {}.bind();
Object.defineProperty(newTarget, 'prototype', { get() { buffer.transfer(); return Float64Array.prototype; } });
return Reflect.construct(Float64Array, [buffer], newTarget);`),
  },
  {
    name: 'TypedArray.prototype.with whose valueOf shrinks the source (#492)',
    code: check(`const buffer = new ArrayBuffer(4096, { maxByteLength: 4096 });
const source = new Int32Array(buffer);
source.fill(0x41414141);
const copy = source.with(0, { valueOf() { buffer.resize(16); return 1; } });
// The copy is new and fully backed; leaked heap data would show up as non-zero past the shrink.
for (let i = 4; i < copy.length; i++) if (copy[i] !== 0) return { byteOffset: 0, length: 1, BYTES_PER_ELEMENT: 1, buffer: { byteLength: 0 } };
return copy;`),
  },
  {
    name: 'sort comparator that shrinks the array (#477)',
    code: check(`const buffer = new ArrayBuffer(256, { maxByteLength: 2560 });
const bytes = new Uint8Array(buffer);
for (let i = 0; i < 256; i++) bytes[i] = 255 - i;
let calls = 0;
bytes.sort((a, b) => { if (++calls === 1000) buffer.resize(10); return a - b; });
return bytes;`),
  },
  {
    name: 'Atomics operand whose valueOf frees the buffer (#508)',
    code: check(`const buffer = new ArrayBuffer(1024, { maxByteLength: 1 << 20 });
const words = new Int32Array(buffer);
Atomics.store(words, 0, { valueOf() { buffer.resize(0); return 123; } });
return words;`),
  },
  {
    name: 'a detached buffer still read through its view',
    code: check(`const buffer = new ArrayBuffer(64);
const bytes = new Uint8Array(buffer);
bytes.fill(0x41);
buffer.transfer();
if (bytes[0] === 0x41) return { byteOffset: 0, length: 1, BYTES_PER_ELEMENT: 1, buffer: { byteLength: 0 } };
return bytes;`),
  },
  {
    name: 'a growable SharedArrayBuffer',
    code: check(`const shared = new SharedArrayBuffer(16, { maxByteLength: 1 << 20 });
const view = new Uint8Array(shared);
shared.grow(1 << 20);
return view;`),
  },
];

/** QuickJS only: the levers stay removed, whichever way model code looks for them. */
export const hardeningHolds = check(`const candidates = [
  Object.getPrototypeOf(new ArrayBuffer(1)).resize,
  (0, eval)('ArrayBuffer.prototype.resize'),
  new Function('return ArrayBuffer.prototype.transfer')(),
  Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, 'resize'),
  globalThis.SharedArrayBuffer,
  globalThis.Atomics,
];
if (candidates.some((found) => found !== undefined)) return { byteOffset: 0, length: 1, BYTES_PER_ELEMENT: 1, buffer: { byteLength: 0 } };
return new Uint8Array(4);`);
