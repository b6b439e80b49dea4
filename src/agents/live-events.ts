/**
 * Events pushed from callbacks while one awaited piece of work runs (tools called by a code action),
 * yielded by the step's generator as they happen rather than after the work is done.
 */
export class LiveEvents<Event> {
  private readonly queue: Event[] = [];
  private wake?: (() => void) | undefined;

  push(event: Event): void {
    this.queue.push(event);
    this.wake?.();
  }

  /** Yields pushed events until `work` settles (and those pushed up to then), then returns its value or throws its error. */
  async *until<Value>(work: Promise<Value>): AsyncGenerator<Event, Value> {
    let settled = false;
    void work.then(
      () => this.settle(() => (settled = true)),
      () => this.settle(() => (settled = true)),
    );
    for (;;) {
      while (this.queue.length > 0) yield this.queue.shift()!;
      if (settled) break;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
    return await work;
  }

  private settle(mark: () => void): void {
    mark();
    this.wake?.();
  }
}
