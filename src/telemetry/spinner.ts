/**
 * A one-line spinner for the step log ("Thinking…" while the model works, "Running code…" while
 * an action runs). It draws only on a TTY: piped or captured logs get no carriage-return noise.
 */

export interface SpinnerStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const INTERVAL_MS = 80;

export class Spinner {
  private timer?: ReturnType<typeof setInterval> | undefined;
  private frame = 0;
  private label = '';
  private readonly enabled: boolean;

  constructor(
    private readonly stream: SpinnerStream,
    options: { enabled?: boolean; decorate?: (text: string) => string } = {},
  ) {
    this.enabled = options.enabled ?? stream.isTTY === true;
    this.decorate = options.decorate ?? ((text) => text);
  }

  private readonly decorate: (text: string) => string;

  get active(): boolean {
    return this.timer !== undefined;
  }

  /** Shows `label` with a turning wheel until `stop()`; a second call just changes the label. */
  start(label: string): void {
    if (!this.enabled) return;
    this.label = label;
    if (this.timer) return;
    this.stream.write('\u001b[?25l'); // hide the cursor while drawing
    this.draw();
    this.timer = setInterval(() => this.draw(), INTERVAL_MS);
    // The spinner must never keep the process alive on its own.
    this.timer.unref?.();
  }

  /** Erases the spinner line, so the next write starts on a clean line. */
  stop(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    this.stream.write('\r\u001b[2K\u001b[?25h');
  }

  private draw(): void {
    const wheel = FRAMES[this.frame++ % FRAMES.length];
    this.stream.write(`\r\u001b[2K${this.decorate(`${wheel} ${this.label}`)}`);
  }
}
