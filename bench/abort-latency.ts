import { CodeExecutionError } from '../src/errors.js';
import { LocalJsExecutor } from '../src/executors/quickjs/local-js-executor.js';
import { ms, table } from './timing.js';

const RUNS = 3;
const ABORT_AFTER_MS = 200;

/**
 * How soon guest code that never yields is stopped. (1) An AbortSignal aborted 200 ms into a busy
 * loop (time limit 5 s): the latency is from the moment the abort was due to the moment execute()
 * rejected, so a host too busy to even fire the abort timer is charged for it. (2) A time limit of
 * 300 ms on a single long native builtin, where QuickJS never calls its interrupt handler.
 * Rows are printed as they are measured: a row that freezes the host leaves the ones before.
 */
export async function measureAbortLatency(print: (line: string) => void): Promise<void> {
  print('## Stopping guest code that never yields\n');
  print(`Median and worst of ${RUNS} runs. A busy loop aborted by an AbortSignal ${ABORT_AFTER_MS} ms after it started (time limit 5 s); a native builtin that runs for hours, under a 300 ms time limit.\n`);
  print(table(['case', 'median', 'worst', 'error'], []));
  await row(print, '`while (true) {}`, AbortSignal', 'while (true) {}', 5000, ABORT_AFTER_MS);
  await row(print, '`Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1)`, time limit 300 ms', 'Array.prototype.indexOf.call({ length: 2 ** 53 - 1 }, 1)', 300, undefined);
  print('');
}

async function row(print: (line: string) => void, label: string, code: string, timeoutMs: number, abortAfterMs: number | undefined): Promise<void> {
  const latencies: number[] = [];
  let errorType = '';
  for (let run = 0; run < RUNS; run++) {
    const executor = new LocalJsExecutor({ timeoutMs });
    try {
      await executor.execute('1');
      const controller = new AbortController();
      const start = performance.now();
      const due = start + (abortAfterMs ?? timeoutMs);
      if (abortAfterMs !== undefined) setTimeout(() => controller.abort(), abortAfterMs);
      const error = await executor.execute(code, { signal: controller.signal }).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      latencies.push(performance.now() - due);
      errorType = error instanceof CodeExecutionError ? error.errorType : String(error);
    } finally {
      await executor.dispose();
    }
  }
  latencies.sort((a, b) => a - b);
  print(`| ${label} | ${ms(latencies[Math.floor(latencies.length / 2)]!)} | ${ms(latencies.at(-1)!)} | ${errorType} |`);
}
