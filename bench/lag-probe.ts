/**
 * Measures how late the host's timers fire: a chain of 1 ms timers, each recording how much later
 * than asked it ran. Unlike `monitorEventLoopDelay`, `stop()` waits for one more timer, so a stall
 * that lasts until the end of the measurement is recorded too.
 */
export class LagProbe {
  private readonly delays: number[] = [];
  private timer?: NodeJS.Timeout;
  private expected = 0;

  start(): void {
    this.schedule();
  }

  private schedule(): void {
    this.expected = performance.now() + 1;
    this.timer = setTimeout(() => {
      this.delays.push(Math.max(0, performance.now() - this.expected));
      this.schedule();
    }, 1);
  }

  /** Stops after the next timer has fired; returns the worst and the 99th-percentile delay in ms. */
  async stop(): Promise<{ max: number; p99: number; samples: number }> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    clearTimeout(this.timer);
    const sorted = [...this.delays].sort((a, b) => a - b);
    return { max: sorted.at(-1) ?? 0, p99: sorted[Math.floor(sorted.length * 0.99)] ?? 0, samples: sorted.length };
  }
}
