import { ABORT, RUN, parseWorkerMessage, type HostMessage, type HostRequest, type Reply, type SandboxSettings } from './sandbox-protocol.js';
import type { SandboxChannel, SandboxPool } from './sandbox-pool.js';


/** A tool call the guest made, checked for shape and size. */
export interface GuestToolCall {
  requestId: number;
  callId: number;
  name: string;
  argumentsJson: string;
}

/** The sandbox is gone: its worker was terminated, crashed, or dropped it. */
export class SandboxLostError extends Error {
  constructor(readonly reason: string, readonly stopped?: 'timeout' | 'abort') {
    super(reason);
  }
}

/** A request as the executor writes it: the sandbox adds its ids, the deadline and the interrupt flag. */
type RequestBody = HostRequest extends infer R ? (R extends HostRequest ? Omit<R, 'sandboxId' | 'requestId' | 'deadline' | 'interrupt'> : never) : never;

interface PendingRequest {
  resolve(reply: Reply): void;
  reject(error: SandboxLostError): void;
  /** Set when the host stopped the request (deadline passed, aborted): the reason if the worker must be killed. */
  stopping?: 'timeout' | 'abort' | undefined;
}

/**
 * The host's handle on one sandbox living in a worker thread. Each request carries a deadline; a
 * watchdog terminates the worker when the guest does not give the thread back within a grace
 * period after it (long native builtins never call the interrupt handler). Aborting raises the
 * shared interrupt flag, which the guest's interrupt handler reads even in a busy loop.
 */
export class RemoteSandbox {
  private readonly interrupt = new Int32Array(new SharedArrayBuffer(4));
  private readonly pending = new Map<number, PendingRequest>();
  private nextRequestId = 1;
  private lostReason?: string | undefined;
  /** Set by the executor: where the guest's tool calls go. */
  onToolCall: (call: GuestToolCall) => void = () => {};

  private constructor(
    private readonly channel: SandboxChannel,
    private readonly settings: SandboxSettings,
  ) {}

  static async open(pool: SandboxPool, settings: SandboxSettings): Promise<RemoteSandbox> {
    let sandbox: RemoteSandbox | undefined;
    const channel = await pool.open({
      onMessage: (message) => sandbox?.onMessage(message),
      onLost: (reason) => sandbox?.onLost(reason),
    });
    sandbox = new RemoteSandbox(channel, settings);
    return sandbox;
  }

  get lost(): string | undefined {
    return this.lostReason;
  }

  /**
   * Sends a request and waits for its reply; rejects with SandboxLostError if the sandbox dies.
   * `graceMs`: how long the guest may overrun the deadline (or an abort) before its worker is terminated.
   */
  request(body: RequestBody, options: { deadline: number; graceMs: number; signal?: AbortSignal }): Promise<Reply> {
    if (this.lostReason !== undefined) return Promise.reject(new SandboxLostError(this.lostReason));
    const requestId = this.nextRequestId++;
    const { deadline, graceMs, signal } = options;
    const extra = body.type === 'open' ? { interrupt: this.interrupt.buffer as SharedArrayBuffer } : {};
    return new Promise<Reply>((resolve, reject) => {
      let graceTimer: NodeJS.Timeout | undefined;
      const entry: PendingRequest = {
        resolve: (reply) => finish(() => resolve(reply)),
        reject: (error) => finish(() => reject(error)),
      };
      const stop = (reason: 'timeout' | 'abort') => {
        if (entry.stopping) return;
        entry.stopping = reason;
        if (reason === 'abort') {
          Atomics.store(this.interrupt, 0, ABORT);
          this.post({ type: 'wake', sandboxId: this.channel.sandboxId });
        }
        graceTimer = setTimeout(() => this.channel.terminateWorker(`stopped: ${reason}`), graceMs);
      };
      const deadlineTimer = setTimeout(() => stop('timeout'), Math.max(0, deadline - Date.now()));
      const onAbort = () => stop('abort');
      const finish = (settle: () => void) => {
        if (!this.pending.delete(requestId)) return;
        clearTimeout(deadlineTimer);
        clearTimeout(graceTimer);
        signal?.removeEventListener('abort', onAbort);
        this.channel.busy(-1);
        settle();
      };
      this.pending.set(requestId, entry);
      this.channel.busy(1);
      Atomics.store(this.interrupt, 0, RUN);
      if (signal?.aborted) stop('abort');
      else signal?.addEventListener('abort', onAbort, { once: true });
      this.post({ ...body, ...extra, sandboxId: this.channel.sandboxId, requestId, deadline } as HostMessage);
    });
  }

  toolResult(requestId: number, callId: number, result: { ok: true; json: string } | { ok: false; message: string }): void {
    if (!this.pending.has(requestId)) return;
    this.post({ type: 'tool-result', sandboxId: this.channel.sandboxId, requestId, callId, ...result });
  }

  close(): void {
    this.onLost('closed');
    this.channel.release();
  }

  private post(message: HostMessage): void {
    this.channel.post(message);
  }

  private onMessage(raw: unknown): void {
    const message = parseWorkerMessage(raw, this.settings);
    if (!message) {
      // Our worker code never sends this: whatever made it is not to be trusted with the thread.
      this.channel.terminateWorker('The sandbox thread sent a malformed message.');
      return;
    }
    if (message.type === 'tool-call') {
      if (this.pending.has(message.requestId)) this.onToolCall(message);
      return;
    }
    const entry = this.pending.get(message.requestId);
    if (message.dropped) {
      this.lostReason ??= message.reply.kind === 'lost' ? message.reply.reason : 'restarted';
      this.channel.release();
    }
    entry?.resolve(message.reply);
  }

  private onLost(reason: string): void {
    this.lostReason ??= reason;
    for (const entry of [...this.pending.values()]) entry.reject(new SandboxLostError(reason, entry.stopping));
  }
}
