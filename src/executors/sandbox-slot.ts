/**
 * Holds the one sandbox an executor runs its actions in (a container, a remote sandbox, a QuickJS
 * runtime). Callers share a start in progress; a start that fails is forgotten, so the next use
 * tries again instead of repeating the old failure.
 */
export class SandboxSlot<T> {
  private starting?: Promise<T> | undefined;

  constructor(private readonly start: () => Promise<T>) {}

  /** The sandbox, started on first use. */
  get(): Promise<T> {
    if (!this.starting) {
      const starting = this.start();
      this.starting = starting;
      starting.catch(() => {
        if (this.starting === starting) this.starting = undefined;
      });
    }
    return this.starting;
  }

  /** Forgets the sandbox (it was lost or replaced); the next `get()` starts a new one. */
  clear(): void {
    this.starting = undefined;
  }

  /** Forgets the sandbox and hands it over for disposal, once any start in progress has ended. */
  async take(): Promise<T | undefined> {
    const starting = this.starting;
    this.starting = undefined;
    return starting?.catch(() => undefined);
  }
}
