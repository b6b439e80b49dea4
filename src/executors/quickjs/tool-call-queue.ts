/** One tool call waiting to run, or running. */
interface QueuedCall<Call> {
  call: Call;
  /** Characters of its arguments, held until it is answered. */
  chars: number;
}

/**
 * Runs the tool calls of one action on the host thread, at most `maxConcurrent` at a time (the
 * rest wait their turn), and stops them all when the action ends: queued calls never start,
 * running ones get their AbortSignal aborted, and their results are dropped. The arguments of
 * calls waiting or running are bounded in total (`maxHeldChars`): a call over it is refused at
 * once (`refuse`), so a flood of large calls cannot pile up in the host's memory.
 */
export class ToolCallQueue<Call> {
  private readonly controller = new AbortController();
  private readonly waiting: QueuedCall<Call>[] = [];
  private running = 0;
  private heldChars = 0;
  private closed = false;

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxHeldChars: number,
    private readonly run: (call: Call, signal: AbortSignal) => Promise<void>,
    private readonly refuse: (call: Call) => void,
  ) {}

  /** Queues a call whose arguments are `chars` characters long, or refuses it if the total would pass the bound. */
  add(call: Call, chars: number): void {
    if (this.closed) return;
    if (this.heldChars + chars > this.maxHeldChars) return this.refuse(call);
    this.heldChars += chars;
    this.waiting.push({ call, chars });
    this.pump();
  }

  /** Characters of arguments held now (for tests and figures). */
  get held(): number {
    return this.heldChars;
  }

  /** Ends the action's calls: nothing queued starts, running calls are aborted. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting.length = 0;
    this.heldChars = 0;
    this.controller.abort();
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private pump(): void {
    while (!this.closed && this.running < this.maxConcurrent && this.waiting.length > 0) {
      const { call, chars } = this.waiting.shift()!;
      this.running++;
      void this.run(call, this.controller.signal).catch(() => {}).finally(() => {
        this.running--;
        if (!this.closed) this.heldChars -= chars;
        this.pump();
      });
    }
  }
}
