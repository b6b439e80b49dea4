import { readFileSync } from 'node:fs';

/**
 * Watches a child that should be doing nothing: between actions the Pyodide child is blocked
 * reading its pipe and uses no CPU, so CPU time it spends then is code that escaped its sandbox
 * (or a broken child) burning the machine. Linux only (it reads /proc/<pid>/stat); elsewhere it
 * never reports. RLIMIT_CPU would not do: it counts the actions' CPU time too.
 */
export class IdleCpuWatch {
  private baseline: number | undefined;
  private timer?: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly pid: number,
    /** CPU time the child may use in one idle stretch (a garbage collection after an action fits). */
    private readonly budgetMs: number,
    private readonly onExceeded: (usedMs: number) => void,
    private readonly intervalMs = 1000,
  ) {}

  /** The child has gone idle: CPU time from now on counts. */
  start(): void {
    this.stop();
    this.baseline = cpuMilliseconds(this.pid);
    if (this.baseline === undefined) return;
    this.timer = setInterval(() => this.check(), this.intervalMs);
    this.timer.unref(); // an idle child must not keep the host running
  }

  /** The child is working for the host again (or gone). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.baseline = undefined;
  }

  /** CPU milliseconds used since start(), reporting (once) when over the budget; undefined when not watching. */
  check(): number | undefined {
    if (this.baseline === undefined) return undefined;
    const now = cpuMilliseconds(this.pid);
    if (now === undefined) {
      this.stop();
      return undefined;
    }
    const used = now - this.baseline;
    if (used > this.budgetMs) {
      this.stop();
      this.onExceeded(used);
    }
    return used;
  }
}

/** Linux's USER_HZ: /proc reports CPU time in these ticks (100 a second on every architecture Node runs on). */
const TICKS_PER_SECOND = 100;

/** User plus system CPU time of a process, all its threads, in milliseconds; undefined if unknown. */
export function cpuMilliseconds(pid: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}
