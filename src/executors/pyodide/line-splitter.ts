/**
 * Cuts a byte stream into UTF-8 lines. A line longer than `maxBytes` (whole or still arriving) is
 * reported as an overflow and nothing more is read. `maxBytes` may change between lines (a runner's
 * first line may carry a snapshot; later ones may not).
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private overflowed = false;

  constructor(
    private readonly onLine: (line: string) => void,
    public maxBytes: number,
    private readonly onOverflow: () => void,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    while (!this.overflowed && start <= chunk.length) {
      const newline = chunk.indexOf(10, start);
      const end = newline >= 0 ? newline : chunk.length;
      this.size += end - start;
      if (this.size > this.maxBytes) {
        this.overflowed = true;
        this.parts = [];
        this.onOverflow();
        return;
      }
      if (end > start) this.parts.push(chunk.subarray(start, end));
      if (newline < 0) return;
      const line = Buffer.concat(this.parts).toString('utf8');
      this.parts = [];
      this.size = 0;
      start = newline + 1;
      this.onLine(line);
    }
  }
}
