/**
 * Pretty JSON (as `JSON.stringify(value, null, 2)` writes it) with a budget, for showing a value to
 * the model. The value came out of a sandbox, so its shape is the guest's choice: 400 KB of JSON
 * nested 16,000 levels deep around a wide list is 2 GB once indented, and `JSON.stringify` spent
 * seconds of the host's thread building it (or threw a RangeError at that depth). Here only the first
 * `maxChars` characters are built; the rest is counted, not written, so the cost is one walk over
 * the value whatever the indentation adds up to. Below `maxDepth` levels a nested array or object
 * is shown as `[…]` or `{…}`, which also keeps the walk's recursion shallow.
 */
export interface FormattedJson {
  /** At most `maxChars` characters of the rendering. */
  text: string;
  /** The length of the whole rendering, `[…]` and `{…}` included. */
  length: number;
}

/** Undefined when the value has no JSON form at all (undefined, a function, a symbol), like `JSON.stringify`. */
export function formatJsonWithin(value: unknown, maxChars: number, maxDepth = 100): FormattedJson | undefined {
  const writer = new BudgetedWriter(maxChars);
  const ancestors = new Set<object>();

  const write = (item: unknown, key: string, depth: number): boolean => {
    const current = toJsonValue(item, key);
    if (current === undefined || typeof current === 'function' || typeof current === 'symbol') return false;
    if (current === null) writer.emit('null');
    else if (typeof current === 'boolean') writer.emit(String(current));
    else if (typeof current === 'number') writer.emit(Number.isFinite(current) ? String(current) : 'null');
    else if (typeof current === 'string') writer.emit(JSON.stringify(current));
    else if (typeof current === 'bigint') throw new TypeError('Do not know how to serialize a BigInt');
    else if (typeof current === 'object') writeContainer(current, depth);
    return true;
  };

  const writeContainer = (container: object, depth: number): void => {
    const isArray = Array.isArray(container);
    const [open, close] = isArray ? ['[', ']'] : ['{', '}'];
    const entries = isArray ? undefined : Object.keys(container);
    const count = isArray ? (container as unknown[]).length : entries!.length;
    if (count === 0) return writer.emit(open + close);
    if (depth >= maxDepth) return writer.emit(`${open}…${close}`);
    if (ancestors.has(container)) throw new TypeError('Converting circular structure to JSON');
    ancestors.add(container);
    writer.emit(open);
    let written = 0;
    for (let index = 0; index < count; index++) {
      const separator = written > 0 ? ',' : '';
      if (isArray) {
        writer.emit(separator);
        writer.newline(depth + 1);
        if (!write((container as unknown[])[index], String(index), depth + 1)) writer.emit('null');
        written++;
      } else {
        const key = entries![index]!;
        const item = (container as Record<string, unknown>)[key];
        if (!hasJsonForm(toJsonValue(item, key))) continue;
        writer.emit(separator);
        writer.newline(depth + 1);
        writer.emit(`${JSON.stringify(key)}: `);
        write(item, key, depth + 1);
        written++;
      }
    }
    ancestors.delete(container);
    if (written === 0) return writer.emit(close); // every property was left out: `{}` (the `{` is out already)
    writer.newline(depth);
    writer.emit(close);
  };

  if (!write(value, '', 0)) return undefined;
  return { text: writer.text(), length: writer.length };
}

function toJsonValue(item: unknown, key: string): unknown {
  let current = item;
  if (current !== null && (typeof current === 'object' || typeof current === 'bigint')) {
    const toJson = (current as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') current = (toJson as (key: string) => unknown).call(current, key);
  }
  // Boxed primitives are written as their primitive, as JSON.stringify does.
  if (current instanceof Number || current instanceof String || current instanceof Boolean) current = current.valueOf();
  return current;
}

function hasJsonForm(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

/** Keeps the first `maxChars` characters written and counts the rest. */
class BudgetedWriter {
  private readonly pieces: string[] = [];
  private written = 0;
  length = 0;

  constructor(private readonly maxChars: number) {}

  emit(piece: string): void {
    this.length += piece.length;
    if (this.written >= this.maxChars) return;
    const kept = piece.length <= this.maxChars - this.written ? piece : piece.slice(0, this.maxChars - this.written);
    this.pieces.push(kept);
    this.written += kept.length;
  }

  /** A line break and the indentation of `depth` levels (counted without being built once the budget is spent). */
  newline(depth: number): void {
    if (this.written >= this.maxChars) this.length += 1 + 2 * depth;
    else this.emit('\n' + '  '.repeat(depth));
  }

  text(): string {
    return this.pieces.join('');
  }
}
