/** One tool call waiting to run, or running. */
interface QueuedCall<Call> {
  call: Call;
}

/**
 * Runs the tool calls of one action on the host thread, at most `maxConcurrent` at a time (the
 * rest wait their turn), and stops them all when the action ends: queued calls never start,
 * running ones get their AbortSignal aborted, and their results are dropped.
 */
export class ToolCallQueue<Call> {
  private readonly controller = new AbortController();
  private readonly waiting: QueuedCall<Call>[] = [];
  private running = 0;
  private closed = false;

  constructor(
    private readonly maxConcurrent: number,
    private readonly run: (call: Call, signal: AbortSignal) => Promise<void>,
  ) {}

  add(call: Call): void {
    if (this.closed) return;
    this.waiting.push({ call });
    this.pump();
  }

  /** Ends the action's calls: nothing queued starts, running calls are aborted. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting.length = 0;
    this.controller.abort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private pump(): void {
    while (!this.closed && this.running < this.maxConcurrent && this.waiting.length > 0) {
      const { call } = this.waiting.shift()!;
      this.running++;
      void this.run(call, this.controller.signal).catch(() => {}).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }
}
