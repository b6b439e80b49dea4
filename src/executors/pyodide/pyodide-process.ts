import { spawn, type ChildProcess } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { LineSplitter } from './line-splitter.js';
import { RunnerChannel, type ToolCallHandler } from './runner-channel.js';
import { WORKER_SOURCE } from './worker-source.js';

/** The child ended while the host waited on it. */
export class ChildExitError extends Error {
  constructor(
    readonly code: number | null,
    readonly signal: NodeJS.Signals | null,
    readonly stderrTail: string,
  ) {
    super(`The Python child process exited (code ${code}, signal ${signal}).`);
  }
}

export interface PyodideProcessOptions {
  /** Heap for the child's JavaScript and the ceiling for Pyodide's WASM memory, in MB. */
  memoryLimitMb: number;
}

/**
 * A memory snapshot of a freshly loaded interpreter, made by the first child of this process before
 * any model code ran in it, and used by every later child (restarts, other executors): it turns a
 * ~2 s start into ~0.3 s, for ~31 MB kept here. A child that fails to start from it drops it.
 */
let sharedSnapshot: Buffer | undefined;
let snapshotRequested = false;

/** The biggest line the host accepts from the child; a flood past it means the child is killed. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;
const STDERR_TAIL_CHARS = 4000;

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/** The children must not outlive the host: a synchronous kill on exit (no async work runs then). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
  });
}

let cachedPyodideDirectory: string | undefined;

export function pyodideDirectory(): string {
  cachedPyodideDirectory ??= realpathSync(dirname(createRequire(import.meta.url).resolve('pyodide')));
  return cachedPyodideDirectory;
}

/** Node 20 spells the permission flag `--experimental-permission`; 22.13+ and 23.5+ spell it `--permission`. */
export function permissionFlag(version = process.versions.node): string {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const stable = major >= 24 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13);
  return stable ? '--permission' : '--experimental-permission';
}

/**
 * One Pyodide interpreter in a locked-down child process (DESIGN §5): read access to Pyodide's own
 * files only, no child processes, no workers, no addons, no file writes, an empty environment, a
 * heap limit, and a cap on WASM memory so that a memory bomb becomes a Python MemoryError.
 */
export class PyodideProcess {
  private readonly child: ChildProcess;
  private readonly input: Writable;
  private readonly output: Readable;
  private readonly channel: RunnerChannel;
  private stderrTail = '';
  private loadWaiters = 0;
  private exited = false;
  /** True when this child was restored from the shared memory snapshot. */
  readonly startedFromSnapshot: boolean;
  private readonly madeSnapshot: boolean;
  private loadedOnce = false;

  constructor(options: PyodideProcessOptions) {
    installExitHook();
    const directory = pyodideDirectory();
    const wasmPages = Math.max(1, Math.floor((options.memoryLimitMb * 1024 * 1024) / 65536));
    this.child = spawn(
      process.execPath,
      [
        permissionFlag(),
        `--allow-fs-read=${directory}`,
        `--max-old-space-size=${Math.max(64, Math.round(options.memoryLimitMb))}`,
        `--wasm-max-mem-pages=${wasmPages}`,
        '--no-warnings',
        '--input-type=module',
        '-e',
        WORKER_SOURCE,
        directory,
      ],
      // fd 3: child → host messages; fd 4: host → child messages (blocking on the child's side).
      { env: {}, cwd: directory, stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], windowsHide: true },
    );
    liveChildren.add(this.child);
    this.output = this.child.stdio[3] as Readable;
    this.input = this.child.stdio[4] as Writable;
    // The first child makes the snapshot; children started while it loads start normally.
    const snapshot = sharedSnapshot;
    const makeSnapshot = !snapshot && !snapshotRequested;
    if (makeSnapshot) snapshotRequested = true;
    this.startedFromSnapshot = snapshot !== undefined;
    this.madeSnapshot = makeSnapshot;
    this.channel = new RunnerChannel(
      (line) => this.input.write(line + '\n'),
      () => this.updateKeepAlive(),
    );
    const lines = new LineSplitter((line) => this.onLine(line), MAX_LINE_BYTES, () => this.kill());
    this.output.on('data', (chunk: Buffer) => lines.push(chunk));
    this.input.on('error', () => undefined); // EPIPE after the child died: the exit handler reports it
    this.child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    this.child.on('error', (error) => this.onExit(null, null, error));
    this.child.on('exit', (code, signal) => this.onExit(code, signal));
    this.input.write(JSON.stringify({ type: 'start', makeSnapshot, snapshot: snapshot?.toString('base64') }) + '\n');
    this.updateKeepAlive();
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  get loaded(): Promise<number> {
    return this.channel.loaded;
  }

  /** Waits for Pyodide to load (milliseconds it took); keeps the host running meanwhile. */
  async waitUntilLoaded(): Promise<number> {
    this.loadWaiters++;
    this.updateKeepAlive();
    try {
      return await this.channel.loaded;
    } finally {
      this.loadWaiters--;
      this.updateKeepAlive();
    }
  }

  /** Sends one command and waits for its reply, answering tool calls in between. */
  request(message: Record<string, unknown>, onToolCall?: ToolCallHandler): Promise<unknown> {
    return this.channel.request(message, onToolCall);
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /**
   * An idle child (warm, or loading for nobody yet) must not keep the host's event loop running;
   * one the host waits on must, or Node would exit with the wait unsettled.
   */
  private updateKeepAlive(): void {
    const keep = !this.exited && (this.channel?.busy || this.loadWaiters > 0);
    const handles = [this.child, this.output, this.input, this.child.stderr] as unknown as { ref?(): void; unref?(): void }[];
    for (const handle of handles) (keep ? handle?.ref : handle?.unref)?.call(handle);
  }

  private onLine(line: string): void {
    if (line.startsWith('{"type":"loaded"')) {
      this.onLoaded(line);
      return;
    }
    // A load failure arrives as {type: 'fatal'}: keep its text for the error the exit will raise.
    if (line.startsWith('{"type":"fatal"')) {
      try {
        this.stderrTail = String((JSON.parse(line) as { message: unknown }).message).slice(-STDERR_TAIL_CHARS);
      } catch {
        // not a message
      }
      return;
    }
    this.channel.receive(line);
  }

  /** Takes the snapshot out of the loaded message (only the first, before any model code ran). */
  private onLoaded(line: string): void {
    this.loadedOnce = true;
    let message: { milliseconds?: unknown; snapshot?: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return;
    }
    if (this.madeSnapshot && typeof message.snapshot === 'string' && message.snapshot.length > 0) {
      sharedSnapshot = Buffer.from(message.snapshot, 'base64');
    }
    this.channel.receive(JSON.stringify({ type: 'loaded', milliseconds: message.milliseconds }));
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, error?: Error): void {
    if (this.exited) return;
    this.exited = true;
    if (this.madeSnapshot && !sharedSnapshot) snapshotRequested = false; // let a later child try
    // A child that died before loading from the snapshot may have died of it: start normally next time.
    if (this.startedFromSnapshot && !this.loadedOnce) sharedSnapshot = undefined;
    liveChildren.delete(this.child);
    this.channel.fail(new ChildExitError(code, signal, error ? String(error.message) : this.stderrTail));
    this.updateKeepAlive();
  }
}
