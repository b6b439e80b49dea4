import { LocalJsExecutor } from '../src/executors/quickjs/local-js-executor.js';
import { table } from './timing.js';

const ROUNDS = 5;
const PER_ROUND = 100;

/**
 * Sandboxes opened, used and disposed one after the other, one in ten failing inside the engine
 * (deep native recursion with a 4 MB QuickJS stack overflows the worker's own stack): resident
 * memory must level off instead of growing round after round.
 */
export async function measureSandboxCleanup(): Promise<string> {
  const mb = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`;
  const rows: string[][] = [['before', mb()]];
  let failures = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    for (let index = 0; index < PER_ROUND; index++) {
      const executor = new LocalJsExecutor({ maxStackSizeBytes: 4 * 2 ** 20 });
      await executor.execute('const big = "x".repeat(4e6);\nbig.length');
      if (index % 10 === 0) await executor.execute('JSON.parse("[".repeat(1e6))').catch(() => failures++);
      await executor.dispose();
    }
    rows.push([`after round ${round} (${round * PER_ROUND} sandboxes)`, mb()]);
  }
  return [
    `## Sandboxes opened and freed\n`,
    `${ROUNDS} rounds of ${PER_ROUND} executors, each holding a 4 MB string, then disposed; ${failures} of them failed inside the engine and were dropped whole.\n`,
    table(['', 'RSS'], rows),
    '',
  ].join('\n');
}
