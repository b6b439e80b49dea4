import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { IdleCpuWatch } from './idle-cpu-watch.js';
import { LineSplitter } from './line-splitter.js';
import { CHILD_UID_BASE, CHILD_UID_RANGE, planWalls, probeWallFacts, warnOnce, type WallPlan } from './os-walls.js';
import { pyodideFiles, type PyodideFile } from './pyodide-files.js';
import { RUNTIME_MEMORY_MB } from './pyodide-options.js';
import { maxMessageBytes } from './protocol-limits.js';
import { ProtocolViolationError, RunnerChannel, type ToolCallHandler } from './runner-channel.js';
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
  /** Everything the child may allocate (RLIMIT_DATA where the OS provides it), in MB. */
  memoryLimitMb: number;
  /** The print cap of the actions it runs: the longest line it may send is derived from it (protocol-limits.ts). */
  maxPrintChars?: number | undefined;
  /** Tool calls one action may make; the host answers the ones past it with an error. */
  maxToolCallsPerAction?: number | undefined;
}

/** Threads and processes the child's user may have: Node uses about 10. */
const MAX_PROCESSES = 32;
/** The child's JavaScript heap: Pyodide's own objects, not the model's data (that lives in WASM memory). */
const JS_HEAP_MB = 128;

/**
 * A memory snapshot of a freshly loaded interpreter (issue 16): taken once per host process, from the
 * `loaded` message of the one child asked to make it, which arrives before that child gets any command
 * (so before any model code ran in it). It turns a ~2 s start into ~0.5 s, for ~31 MB kept here. A
 * child that fails to start from it drops it; a later `loaded` message is a protocol violation.
 */
let sharedSnapshot: Buffer | undefined;
let snapshotRequested = false;

const MAX_SNAPSHOT_LINE_BYTES = 128 * 1024 * 1024;
const MAX_LOADED_LINE_BYTES = 64 * 1024;
const STDERR_TAIL_CHARS = 4000;
const DEFAULT_MAX_PRINT_CHARS = 50_000;
/** CPU time an idle child may use (a garbage collection after an action, V8's background threads) before it counts as burning the machine. */
const IDLE_CPU_BUDGET_MS = 2000;
/** Replies written to the child and not read yet: two of the largest (a tool result is at most 1,000,000 characters). */
const MAX_UNREAD_BYTES = 2 * maxMessageBytes(0);

const liveChildren = new Set<ChildProcess>();
const liveUids = new Set<number>();
let exitHookInstalled = false;

/** The children must not outlive the host: a synchronous kill on exit (no async work runs then). */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
  });
}

/** The snapshot in a `loaded` message: only from the child that was asked for one, and only base64. */
export function snapshotFromLoaded(message: Readonly<Record<string, unknown>>, asked: boolean): Buffer | undefined {
  const offered = message.snapshot;
  if (offered === undefined) return undefined;
  if (!asked) throw new ProtocolViolationError('a snapshot from a child that was not asked for one');
  if (typeof offered !== 'string' || offered.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(offered)) {
    throw new ProtocolViolationError('a snapshot that is not base64');
  }
  return Buffer.from(offered, 'base64');
}

/** Node 20 spells the permission flag `--experimental-permission`; 22.13+ and 23.5+ spell it `--permission`. */
export function permissionFlag(version = process.versions.node): string {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const stable = major >= 24 || (major === 23 && minor >= 5) || (major === 22 && minor >= 13);
  return stable ? '--permission' : '--experimental-permission';
}

/** A user id no other live child of this process has (children of other hosts: 1 in 16 million). */
function pickUid(): number {
  for (;;) {
    const uid = CHILD_UID_BASE + Math.floor(Math.random() * CHILD_UID_RANGE);
    if (!liveUids.has(uid)) return uid;
  }
}

/** The walls for one child, warning once per process about what the machine cannot provide. */
export async function childWalls(memoryLimitMb: number, uid: number): Promise<WallPlan> {
  const plan = planWalls(await probeWallFacts(), { memoryLimitBytes: memoryLimitMb * 2 ** 20, uid, maxProcesses: MAX_PROCESSES });
  warnOnce(plan.warnings);
  return plan;
}

/** node's own arguments for the child: Node's permission model with no grant at all, and the WASM cap. */
export function childNodeArguments(memoryLimitMb: number): string[] {
  const wasmPages = Math.max(1, Math.floor(((memoryLimitMb - RUNTIME_MEMORY_MB) * 2 ** 20) / 65536));
  return [
    permissionFlag(),
    `--max-old-space-size=${JS_HEAP_MB}`,
    `--wasm-max-mem-pages=${wasmPages}`,
    '--expose-gc',
    // Defence in depth: no eval or Function in the child's Node realm (its vm context allows them).
    '--disallow-code-generation-from-strings',
    '--no-warnings',
    '--input-type=module',
    '-e',
    WORKER_SOURCE,
  ];
}

/**
 * One Pyodide interpreter in a child process (DESIGN §5, issue 16): Pyodide and the model's code in
 * a JavaScript sandbox inside it (worker-source.ts), Node's permission model with no grant, an empty
 * environment, and the operating system's walls (os-walls.ts). The host reads Pyodide's files and
 * sends them; the child sends back only what the protocol allows (runner-channel.ts), and is killed
 * the moment it does not.
 */
export class PyodideProcess {
  private child?: ChildProcess | undefined;
  private readonly channel: RunnerChannel;
  private readonly lines: LineSplitter;
  private stderrTail = '';
  private loadWaiters = 0;
  private exited = false;
  private loadedOnce = false;
  /** Between commands the child is blocked on its pipe: CPU time then means code that escaped (Linux). */
  private idleWatch?: IdleCpuWatch | undefined;
  private readonly uid = pickUid();
  /** True when this child is started from the shared memory snapshot. */
  readonly startedFromSnapshot: boolean;
  private readonly makesSnapshot: boolean;
  /** The walls this child runs in, once it is spawned. */
  walls?: WallPlan | undefined;

  constructor(private readonly options: PyodideProcessOptions) {
    installExitHook();
    liveUids.add(this.uid);
    // The first child makes the snapshot; children started while it loads start normally.
    const snapshot = sharedSnapshot;
    this.makesSnapshot = !snapshot && !snapshotRequested;
    if (this.makesSnapshot) snapshotRequested = true;
    this.startedFromSnapshot = snapshot !== undefined;
    this.channel = new RunnerChannel({
      writeLine: (line) => {
        const input = this.child?.stdio[4] as Writable | undefined;
        // An honest child reads each reply before it asks again: one that lets them pile up in
        // this process's memory has stopped following the protocol.
        if (input && input.writableLength > MAX_UNREAD_BYTES) {
          this.channel.violate("it stopped reading the host's replies");
          return;
        }
        input?.write(line + '\n');
      },
      maxToolCallsPerAction: options.maxToolCallsPerAction,
      onBusyChange: (busy) => {
        this.updateKeepAlive();
        if (busy) this.idleWatch?.stop();
        else if (this.loadedOnce && !this.exited) this.idleWatch?.start();
      },
      onViolation: () => this.kill(),
      onLoaded: (message) => this.takeSnapshot(message),
    });
    this.lines = new LineSplitter((line) => this.channel.receive(line), this.makesSnapshot ? MAX_SNAPSHOT_LINE_BYTES : MAX_LOADED_LINE_BYTES, () =>
      this.channel.violate('a line longer than the protocol allows'),
    );
    void this.start(snapshot).catch((error: unknown) => this.onExit(null, null, error as Error));
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  get loaded(): Promise<number> {
    return this.channel.loaded;
  }

  /** Waits for Pyodide to load (milliseconds it took in the child); keeps the host running meanwhile. */
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
    if (this.exited) return;
    if (this.child) this.child.kill('SIGKILL');
    else this.onExit(null, 'SIGKILL');
  }

  private async start(snapshot: Buffer | undefined): Promise<void> {
    const [files, walls] = await Promise.all([pyodideFiles(), childWalls(this.options.memoryLimitMb, this.uid)]);
    if (this.exited) return;
    this.walls = walls;
    const [command = process.execPath, ...prefixArguments] = walls.prefix.length > 0 ? [...walls.prefix, process.execPath] : [process.execPath];
    const child = spawn(command, [...prefixArguments, ...childNodeArguments(this.options.memoryLimitMb)], {
      // fd 3: child → host messages; fd 4: host → child (blocking on the child's side).
      env: {},
      cwd: '/',
      stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
      windowsHide: true,
    });
    this.child = child;
    liveChildren.add(child);
    if (child.pid !== undefined) {
      this.idleWatch = new IdleCpuWatch(child.pid, IDLE_CPU_BUDGET_MS, (used) => this.channel.violate(`it used ${Math.round(used)} ms of CPU while idle`));
    }
    const output = child.stdio[3] as Readable;
    const input = child.stdio[4] as Writable;
    output.on('data', (chunk: Buffer) => this.lines.push(chunk));
    input.on('error', () => undefined); // EPIPE after the child died: the exit handler reports it
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', (error) => this.onExit(null, null, error));
    child.on('exit', (code, signal) => this.onExit(code, signal));
    this.sendStart(input, files, snapshot);
    this.updateKeepAlive();
  }

  /** The start line, then the raw bytes it announces: Pyodide's files, then the snapshot if any. */
  private sendStart(input: Writable, files: readonly PyodideFile[], snapshot: Buffer | undefined): void {
    const header = { type: 'start', files: files.map((file) => [file.name, file.bytes.length]), snapshot: snapshot?.length ?? 0, makeSnapshot: this.makesSnapshot };
    input.write(JSON.stringify(header) + '\n');
    for (const file of files) input.write(file.bytes);
    if (snapshot) input.write(snapshot);
  }

  /** The channel calls this once, for the child's only `loaded` message. */
  private takeSnapshot(message: Readonly<Record<string, unknown>>): void {
    const snapshot = snapshotFromLoaded(message, this.makesSnapshot);
    if (snapshot) sharedSnapshot ??= snapshot;
    this.lines.maxBytes = maxMessageBytes(this.options.maxPrintChars ?? DEFAULT_MAX_PRINT_CHARS);
    this.loadedOnce = true;
    this.idleWatch?.start();
  }

  /**
   * An idle child (warm, or loading for nobody yet) must not keep the host's event loop running;
   * one the host waits on must, or Node would exit with the wait unsettled.
   */
  private updateKeepAlive(): void {
    const child = this.child;
    if (!child) return;
    const keep = !this.exited && (this.channel.busy || this.loadWaiters > 0);
    const handles = [child, child.stdio[3], child.stdio[4], child.stderr] as unknown as { ref?(): void; unref?(): void }[];
    for (const handle of handles) (keep ? handle?.ref : handle?.unref)?.call(handle);
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, error?: Error): void {
    if (this.exited) return;
    this.exited = true;
    this.idleWatch?.stop();
    liveUids.delete(this.uid);
    if (this.makesSnapshot && !sharedSnapshot) snapshotRequested = false; // let a later child try
    // A child that failed to load from the snapshot (it says so while loading) may have failed of it.
    if (this.startedFromSnapshot && !this.loadedOnce && this.channel.fatalMessage !== undefined) sharedSnapshot = undefined;
    if (this.child) liveChildren.delete(this.child);
    // A failure to spawn (or to find Pyodide) is reported as it is; an exit as a ChildExitError.
    this.channel.fail(error ?? new ChildExitError(code, signal, this.channel.fatalMessage ?? this.stderrTail));
    this.updateKeepAlive();
  }
}
