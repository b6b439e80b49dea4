import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { compileQuickJs } from './quickjs-build.js';
import type { HostMessage } from './sandbox-protocol.js';
import type { WasmModule } from './webassembly.js';

export interface SandboxPoolOptions {
  /** Worker threads; many sandboxes share each. Default: the number of CPU cores. */
  threads?: number | undefined;
}

/** What a sandbox's owner hears from its worker. */
export interface SandboxListener {
  /** A message for this sandbox, unvalidated: the owner checks it. */
  onMessage(message: unknown): void;
  /** The worker thread is gone (terminated, crashed): the sandbox with it. */
  onLost(reason: string): void;
}

/** A sandbox's link to the worker thread that hosts it. */
export interface SandboxChannel {
  readonly sandboxId: number;
  post(message: HostMessage): void;
  /** Counts work in flight: the worker keeps the process alive only while some is. */
  busy(delta: 1 | -1): void;
  /** Ends the worker thread (and every sandbox on it): for guest code that ignores its interrupt. */
  terminateWorker(reason: string): void;
  release(): void;
}

/** Resource limits of a worker thread itself (its sandboxes' WASM memories are separate). */
const WORKER_LIMITS = { stackSizeMb: 8 };

/**
 * A small pool of worker threads that host the QuickJS sandboxes, so guest code never runs on the
 * host's thread (DESIGN §4). The WASM module is compiled once and handed to every worker; a new
 * sandbox goes to the worker with the fewest. A worker that is terminated or dies takes its
 * sandboxes with it: their owners are told, and the next sandbox starts a new worker.
 */
export class SandboxPool {
  readonly threads: number;
  private readonly workers: PoolWorker[] = [];
  private wasmModule?: Promise<WasmModule> | undefined;
  private nextSandboxId = 1;

  constructor(options: SandboxPoolOptions = {}) {
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1 || threads > 256) {
      throw new RangeError(`SandboxPool: threads must be an integer from 1 to 256, got ${String(options.threads)}.`);
    }
    this.threads = threads;
  }

  /** The pool every LocalJsExecutor uses unless given its own. */
  static get shared(): SandboxPool {
    sharedPool ??= new SandboxPool();
    return sharedPool;
  }

  async open(listener: SandboxListener): Promise<SandboxChannel> {
    const worker = await this.pickWorker();
    const sandboxId = this.nextSandboxId++;
    worker.listeners.set(sandboxId, listener);
    let released = false;
    return {
      sandboxId,
      post: (message) => {
        if (!released && worker.alive) worker.thread.postMessage(message);
      },
      busy: (delta) => worker.busy(delta),
      terminateWorker: (reason) => worker.terminate(reason),
      release: () => {
        if (released) return;
        released = true;
        worker.listeners.delete(sandboxId);
        if (worker.alive) worker.thread.postMessage({ type: 'close', sandboxId } satisfies HostMessage);
      },
    };
  }

  /** Terminates every worker (their sandboxes are lost). For tests and shutdown. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate('The sandbox pool was closed.')));
  }

  private async pickWorker(): Promise<PoolWorker> {
    this.wasmModule ??= compileQuickJs();
    const wasmModule = await this.wasmModule;
    // Sandboxes on one thread take turns: prefer a thread with nothing running, then the least busy.
    const load = (worker: PoolWorker) => worker.inFlight * 1_000_000 + worker.listeners.size;
    const least = this.workers.reduce<PoolWorker | undefined>((best, worker) => (!best || load(worker) < load(best) ? worker : best), undefined);
    if (least && (least.listeners.size === 0 || this.workers.length >= this.threads)) return least;
    const worker = new PoolWorker(wasmModule, () => this.workers.splice(this.workers.indexOf(worker), 1));
    this.workers.push(worker);
    return worker;
  }
}

let sharedPool: SandboxPool | undefined;

/**
 * The worker's entry: the compiled file, or, when this module runs from its TypeScript source
 * (tests, `npm run` through tsx), a small script that registers tsx in the worker first (loader
 * hooks of the main thread do not reach workers on Node 20).
 */
function workerEntry(): { entry: URL | string; eval: boolean } {
  if (!import.meta.url.endsWith('.ts')) return { entry: new URL('./sandbox-worker.js', import.meta.url), eval: false };
  const tsx = import.meta.resolve('tsx/esm/api');
  const source = new URL('./sandbox-worker.ts', import.meta.url).href;
  return { entry: `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); })`, eval: true };
}

class PoolWorker {
  readonly thread: Worker;
  readonly listeners = new Map<number, SandboxListener>();
  alive = true;
  /** Requests sent and not yet answered. */
  inFlight = 0;
  private lostReason = '';

  constructor(wasmModule: WasmModule, onExit: () => void) {
    const { entry, eval: isScript } = workerEntry();
    this.thread = new Worker(entry, { eval: isScript, workerData: { wasmModule }, resourceLimits: WORKER_LIMITS });


    this.thread.unref();
    this.thread.on('message', (message: unknown) => {
      const sandboxId = (message as { sandboxId?: unknown } | null)?.sandboxId;
      if (typeof sandboxId === 'number') this.listeners.get(sandboxId)?.onMessage(message);
    });
    this.thread.on('error', (error) => (this.lostReason ||= `${error.name}: ${error.message}`));
    this.thread.on('exit', (code) => {
      this.alive = false;
      onExit();
      const reason = this.lostReason || `The sandbox thread exited (code ${code}).`;
      for (const listener of this.listeners.values()) listener.onLost(reason);
      this.listeners.clear();
    });
  }

  busy(delta: 1 | -1): void {
    this.inFlight += delta;
    if (this.inFlight === 1 && delta === 1) this.thread.ref();
    if (this.inFlight === 0) this.thread.unref();
  }

  async terminate(reason: string): Promise<void> {
    if (!this.alive) return;
    this.lostReason ||= reason;
    await this.thread.terminate();
  }
}
