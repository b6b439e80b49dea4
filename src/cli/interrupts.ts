/**
 * Ctrl-C handling for the CLI: the first press aborts the running task through its AbortSignal
 * (the agent stops between or inside steps and the CLI exits 130, or the interactive session goes
 * back to its prompt); a second press, or a press with nothing running, leaves at once.
 */
export class Interrupts {
  private controller?: AbortController | undefined;
  private presses = 0;

  constructor(
    private readonly handlers: {
      /** Nothing is running (interactive prompt) or a second press: leave now. */
      exit: () => void;
      /** Told once when a run is being stopped. */
      notice: (text: string) => void;
    },
  ) {}

  /** A fresh signal for the next task. */
  begin(): AbortSignal {
    this.controller = new AbortController();
    this.presses = 0;
    return this.controller.signal;
  }

  end(): void {
    this.controller = undefined;
  }

  interrupt(): void {
    if (!this.controller || ++this.presses > 1) return this.handlers.exit();
    this.handlers.notice('Interrupted: stopping the run (press Ctrl-C again to quit now).');
    this.controller.abort(new Error('Interrupted by the user.'));
  }
}
