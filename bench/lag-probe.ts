/**
 * Measures how late the host's timers fire: a chain of 1 ms timers, each recording how much later
 * than asked it ran. Unlike `monitorEventLoopDelay`, `stop()` waits for one more timer, so a stall
 * that lasts until the end of the measurement is recorded too.
 */
export class LagProbe {
  private readonly delays: number[] = [];
  private timer?: NodeJS.Timeout;
  private expected = 0;
  private startedAt = 0;
  private worst = { delay: 0, at: 0 };

  start(): void {
    this.startedAt = performance.now();
    this.schedule();
  }

  private schedule(): void {
    this.expected = performance.now() + 1;
    this.timer = setTimeout(() => {
      const now = performance.now();
      const delay = Math.max(0, now - this.expected);
      this.delays.push(delay);
      if (delay > this.worst.delay) this.worst = { delay, at: now - this.startedAt };
      this.schedule();
    }, 1);
  }

  /** Stops after the next timer has fired; returns the worst delay (and when it ended, in ms from the start) and the 99th percentile. */
  async stop(): Promise<{ max: number; maxAt: number; p99: number; samples: number }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    clearTimeout(this.timer);
    const sorted = [...this.delays].sort((a, b) => a - b);
    return { max: this.worst.delay, maxAt: this.worst.at, p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0, samples: sorted.length };
  }
}
