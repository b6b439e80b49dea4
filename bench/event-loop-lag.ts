import { LocalJsExecutor } from '../src/executors/quickjs/local-js-executor.js';
import { LagProbe } from './lag-probe.js';
import { ms, table } from './timing.js';

const SANDBOX_COUNTS = [1, 10, 200];
/** About 75 ms of QuickJS work (the sum loop 1e6 of the snippet set). */
const CPU_BOUND_ACTION = 'let s = 0; for (let i = 0; i < 1e6; i++) { s += i; } s';

/**
 * How long the host's timers wait while sandboxes run CPU-bound actions: N executors each run the
 * same loop at once, and a chain of 1 ms host timers records how late each one fired. Rows are printed as they are measured, so a host that freezes still reports the rows before.
 */
export async function measureEventLoopLag(print: (line: string) => void): Promise<void> {
  print('## Host event-loop lag while sandboxes run CPU-bound actions\n');
  print(`Each of N LocalJsExecutors runs \`${CPU_BOUND_ACTION}\` at the same time (sandboxes started before the measurement); lag = how late a chain of 1 ms host timers fired.\n`);
  print(table(['sandboxes', 'wall time', 'max lag (ended at)', 'p99 lag'], []));
  // The machine's own noise: the same probe while nothing runs.
  const control = new LagProbe();
  control.start();
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const quiet = await control.stop();
  print(`| none (control, 2 s) | — | ${ms(quiet.max)} | ${ms(quiet.p99)} |`);
  for (const count of SANDBOX_COUNTS) {
    const executors = Array.from({ length: count }, () => new LocalJsExecutor({ timeoutMs: 300_000 }));
    try {
      await Promise.all(executors.map((executor) => executor.execute('1')));
      const probe = new LagProbe();
      probe.start();
      const start = performance.now();
      const results = await Promise.all(executors.map((executor) => executor.execute(CPU_BOUND_ACTION)));
      const wall = performance.now() - start;
      const lag = await probe.stop();
      if (!results.every((result) => result.output === 499999500000)) throw new Error('A sandbox computed a wrong sum.');
      print(`| ${count} | ${ms(wall)} | ${ms(lag.max)} (${ms(lag.maxAt)}) | ${ms(lag.p99)} |`);
    } finally {
      await Promise.all(executors.map((executor) => executor.dispose()));
    }
  }
  print('');
}
