import { ABORT } from './sandbox-protocol.js';
import { PrintBuffer } from './print-buffer.js';

/** Host work the guest waits for (a tool call, a sleep); `cancel` forgets it without settling. */
export interface PendingOperation {
  cancel(): void;
}

/**
 * One stretch of time in which guest code may run: an action, or the host's own calls into the
 * sandbox (opening it, sending tools or variables), which can run guest code too (jobs left in the
 * queue, a getter). It carries the deadline, and once stopped it stays stopped until it ends: the
 * interrupt handler answers "stop" for every later job, so `spin().catch(again)` cannot restart.
 */
export class GuestScope {
  stopReason?: 'timeout' | 'abort' | undefined;
  /** The JSON of the final answer, recorded by the bridge (never taken from guest-made text). */
  finalAnswerJson?: string | undefined;
  toolCalls = 0;
  /** Characters of arguments of this action's tool calls not yet answered (the host holds them). */
  pendingArgumentChars = 0;
  readonly prints: PrintBuffer;
  private readonly operations = new Set<PendingOperation>();
  private wakeUp?: (() => void) | undefined;
  private ended = false;

  constructor(
    readonly requestId: number,
    readonly deadline: number,
    /** Only actions may call tools, print or answer. */
    readonly isAction: boolean,
    private readonly interrupt: Int32Array,
    maxPrintChars: number,
  ) {
    this.prints = new PrintBuffer(maxPrintChars);
  }

  /** Called by QuickJS's interrupt handler (every few thousand instructions) and between jobs. */
  shouldStop(): boolean {
    if (this.stopReason) return true;
    if (this.ended) this.stopReason = 'abort';
    else if (Atomics.load(this.interrupt, 0) === ABORT) this.stopReason = 'abort';
    else if (Date.now() > this.deadline) this.stopReason = 'timeout';
    return this.stopReason !== undefined;
  }

  get active(): boolean {
    return !this.ended;
  }

  get pendingOperations(): number {
    return this.operations.size;
  }

  track(operation: PendingOperation): () => void {
    this.operations.add(operation);
    return () => {
      this.operations.delete(operation);
      this.wake();
    };
  }

  /** Resolves when host work settled, the host raised the interrupt flag, or the deadline passed. */
  waitForWork(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.wake(), Math.max(0, this.deadline - Date.now()) + 1);
      this.wakeUp = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
    });
  }

  wake(): void {
    this.wakeUp?.();
  }

  /** Forgets all pending host work: late results must never resume a stopped action. */
  end(): void {
    this.ended = true;
    for (const operation of this.operations) operation.cancel();
    this.operations.clear();
    this.wake();
  }
}
