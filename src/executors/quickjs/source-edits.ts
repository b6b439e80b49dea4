/** Where an edit sits relative to the syntax node it belongs to, for ordering edits at one position. */
interface EditOwner {
  nodeStart: number;
  nodeEnd: number;
  kind: 'open' | 'close';
}

interface Edit extends EditOwner {
  start: number;
  end: number;
  text: string;
  sequence: number;
}

/**
 * A list of text edits on the original source, applied in one pass. Several edits may meet at one
 * position (`return (` and `(await ` before the same call); openings of outer nodes go first and
 * closings of inner nodes go first, so the inserted parentheses nest. Replacements keep the
 * number of line breaks they remove, so that lines stay where the model wrote them.
 */
export class SourceEdits {
  private readonly edits: Edit[] = [];

  constructor(private readonly source: string) {}

  open(node: { start: number; end: number }, text: string): void {
    this.insertAt(node.start, text, { nodeStart: node.start, nodeEnd: node.end, kind: 'open' });
  }

  close(node: { start: number; end: number }, text: string): void {
    this.insertAt(node.end, text, { nodeStart: node.start, nodeEnd: node.end, kind: 'close' });
  }

  replace(node: { start: number; end: number }, text: string): void {
    this.replaceRange(node.start, node.end, text, { nodeStart: node.start, nodeEnd: node.end, kind: 'open' });
  }

  insertAt(position: number, text: string, owner: EditOwner): void {
    this.replaceRange(position, position, text, owner);
  }

  replaceRange(start: number, end: number, text: string, owner: EditOwner): void {
    const removedLineBreaks = countLineBreaks(this.source.slice(start, end));
    const keptLineBreaks = removedLineBreaks - countLineBreaks(text);
    const padded = keptLineBreaks > 0 ? text + '\n'.repeat(keptLineBreaks) : text;
    // Fields written out, not spread: spreading made each edit a slow dictionary object, which cost
    // crafted code with many tool calls most of a second per hundred thousand edits.
    this.edits.push({ nodeStart: owner.nodeStart, nodeEnd: owner.nodeEnd, kind: owner.kind, start, end, text: padded, sequence: this.edits.length });
  }

  apply(): string {
    const ordered = [...this.edits].sort(compareEdits);
    const pieces: string[] = [];
    let cursor = 0;
    for (const edit of ordered) {
      if (edit.start < cursor) continue; // overlaps a replacement already applied
      pieces.push(this.source.slice(cursor, edit.start), edit.text);
      cursor = edit.end;
    }
    pieces.push(this.source.slice(cursor));
    return pieces.join('');
  }
}

function compareEdits(a: Edit, b: Edit): number {
  if (a.start !== b.start) return a.start - b.start;
  // Closings end the text before the position; openings begin the text after it.
  if (a.kind !== b.kind) return a.kind === 'close' ? -1 : 1;
  if (a.kind === 'close') return b.nodeStart - a.nodeStart || b.sequence - a.sequence;
  return b.nodeEnd - a.nodeEnd || a.sequence - b.sequence;
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}
