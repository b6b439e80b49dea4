import { types } from 'node:util';

/**
 * How values cross between the host and a Python runner (Pyodide child, Docker container, E2B kernel)
 * exactly: JSON, plus tagged objects for what JSON cannot carry. The Python side is `_to_wire` /
 * `_from_wire` in python-runner.ts; the two must agree.
 *
 *   {"$type": "int", "hex": "-1f"}          an integer outside ±(2**53 - 1) (bigint here)
 *   {"$type": "float", "value": "nan"}      nan, inf, -inf, -0
 *   {"$type": "bytes", "base64": "AAE="}    bytes (Uint8Array here)
 *   {"$type": "object", "entries": [[k, v]]} a mapping JSON cannot spell: an object with a "$type"
 *                                           key, or a Map (a dict with typed keys in Python; Python's
 *                                           own non-string keys go as json.dumps spells them)
 *
 * Hex, not decimal: CPython refuses to print or parse decimal integers past 4,300 digits.
 * What the other side sends is not trusted: a malformed tag is a `WireValueError`.
 */

export const TAG = '$type';
/** Nesting deeper than this is refused both ways (a guard against stack exhaustion). */
export const MAX_WIRE_DEPTH = 200;
/** Digits of an integer tag; past it the value is refused (about 400,000 bits). */
const MAX_HEX_DIGITS = 100_000;

export class WireValueError extends Error {
  override readonly name = 'WireValueError';
}

const SPECIAL_FLOATS: Record<string, number> = { nan: Number.NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 };

function floatTag(value: number): unknown {
  if (Number.isNaN(value)) return { [TAG]: 'float', value: 'nan' };
  if (value === Infinity) return { [TAG]: 'float', value: 'inf' };
  if (value === -Infinity) return { [TAG]: 'float', value: '-inf' };
  if (Object.is(value, -0)) return { [TAG]: 'float', value: '-0' };
  return value;
}

function intTag(value: bigint): unknown {
  const negative = value < 0n;
  return { [TAG]: 'int', hex: (negative ? '-' : '') + (negative ? -value : value).toString(16) };
}

/**
 * A JSON-ready tree for `value` (tool results and variables going to Python). Like JSON.stringify
 * for what JSON carries (`toJSON`, undefined properties dropped, functions and symbols as null in
 * arrays), plus bigint, special floats, bytes (Uint8Array, Buffer, DataView, ArrayBuffer) and Maps;
 * a Set or another typed array becomes a list. Cycles are refused.
 */
export function toWire(value: unknown, depth = 0, seen = new Set<object>()): unknown {
  if (depth > MAX_WIRE_DEPTH) throw new WireValueError(`The value is nested more than ${MAX_WIRE_DEPTH} levels deep.`);
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return floatTag(value);
    case 'bigint':
      return Number.isSafeInteger(Number(value)) && BigInt(Number(value)) === value ? Number(value) : intTag(value);
    case 'undefined':
    case 'function':
    case 'symbol':
      return null;
  }
  if (value === null) return null;
  const object = value as object;
  // util.types rather than instanceof: typed arrays from another realm (a vm context) count too.
  if (types.isUint8Array(object) || types.isDataView(object)) {
    const view = object as ArrayBufferView;
    return { [TAG]: 'bytes', base64: Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64') };
  }
  if (types.isAnyArrayBuffer(object)) return { [TAG]: 'bytes', base64: Buffer.from(object).toString('base64') };
  if (typeof (object as { toJSON?: unknown }).toJSON === 'function') return toWire((object as { toJSON(): unknown }).toJSON(), depth + 1, seen);
  if (seen.has(object)) throw new WireValueError('The value contains itself.');
  seen.add(object);
  try {
    if (Array.isArray(object) || object instanceof Set || ArrayBuffer.isView(object)) {
      return Array.from(object as Iterable<unknown>, (item) => toWire(item, depth + 1, seen));
    }
    if (object instanceof Map) {
      return { [TAG]: 'object', entries: Array.from(object, ([key, item]) => [toWire(key, depth + 1, seen), toWire(item, depth + 1, seen)]) };
    }
    const entries = Object.entries(object).filter(([, item]) => item !== undefined && typeof item !== 'function' && typeof item !== 'symbol');
    if (entries.some(([key]) => key === TAG)) {
      return { [TAG]: 'object', entries: entries.map(([key, item]) => [key, toWire(item, depth + 1, seen)]) };
    }
    const result: Record<string, unknown> = {};
    for (const [key, item] of entries) defineOwn(result, key, toWire(item, depth + 1, seen));
    return result;
  } finally {
    seen.delete(object);
  }
}

/** JSON text for `value` in the wire format. */
export function stringifyWire(value: unknown): string {
  return JSON.stringify(toWire(value));
}

/** Parses wire JSON from the other side, turning tags back into values. Throws on malformed input. */
export function parseWire(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => (isTagged(value) ? fromTag(value) : value));
}

function isTagged(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, TAG);
}

function fromTag(tag: Record<string, unknown>): unknown {
  const keys = Object.keys(tag).sort().join(',');
  switch (tag[TAG]) {
    case 'int': {
      const hex = tag.hex;
      if (keys !== '$type,hex' || typeof hex !== 'string' || !/^-?[0-9a-f]+$/.test(hex) || hex.length > MAX_HEX_DIGITS) break;
      const magnitude = BigInt('0x' + hex.replace('-', ''));
      return hex.startsWith('-') ? -magnitude : magnitude;
    }
    case 'float': {
      const name = tag.value;
      if (keys !== '$type,value' || typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(SPECIAL_FLOATS, name)) break;
      return SPECIAL_FLOATS[name];
    }
    case 'bytes': {
      const base64 = tag.base64;
      if (keys !== '$type,base64' || typeof base64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64) || base64.length % 4 !== 0) break;
      return new Uint8Array(Buffer.from(base64, 'base64'));
    }
    case 'object': {
      const entries = tag.entries;
      if (keys !== '$type,entries' || !Array.isArray(entries) || !entries.every((entry) => Array.isArray(entry) && entry.length === 2)) break;
      const result: Record<string, unknown> = {};
      for (const [key, item] of entries as [unknown, unknown][]) defineOwn(result, String(key), item);
      return result;
    }
  }
  throw new WireValueError(`Malformed tagged value: ${JSON.stringify(tag, (_key, item: unknown) => (typeof item === 'bigint' ? String(item) : item)).slice(0, 200)}`);
}

/** Sets a property as JSON.parse does, so that a key such as "__proto__" stays an own property. */
function defineOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
