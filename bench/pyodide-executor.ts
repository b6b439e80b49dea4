import { PyodideExecutor } from '../src/executors/pyodide/pyodide-executor.js';
import { ms, sample, table } from './timing.js';

const RUNS = 10;

const pythonSnippets = [
  { name: 'trivial statement', code: '1 + 1', expected: 2 },
  { name: 'sum loop 1e5', code: 's = 0\nfor i in range(100000):\n    s += i\ns', expected: 4999950000 },
  { name: 'fib(20)', code: 'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nfib(20)', expected: 6765 },
];

/**
 * The Python sandbox: time to a first result in a new executor (the first one in a process loads
 * Pyodide in its child and saves a snapshot; later ones start from it), then the snippet speeds.
 */
export async function measurePyodideExecutor(): Promise<string> {
  const starts: string[][] = [];
  for (const label of ['first executor in the process (loads Pyodide, saves the snapshot)', 'second executor (starts from the snapshot)']) {
    const start = performance.now();
    const executor = new PyodideExecutor();
    try {
      await executor.execute('1 + 1');
      starts.push([label, ms(performance.now() - start)]);
    } finally {
      await executor.dispose();
    }
  }
  const executor = new PyodideExecutor();
  const rows: string[][] = [];
  try {
    for (const snippet of pythonSnippets) {
      const timing = await sample(async () => {
        const { output } = await executor.execute(snippet.code);
        if (output !== snippet.expected) throw new Error(`PyodideExecutor computed ${String(output)} for '${snippet.name}'.`);
      }, RUNS);
      rows.push([snippet.name, ms(timing.median)]);
    }
  } finally {
    await executor.dispose();
  }
  return [
    '## Python sandbox (PyodideExecutor)\n',
    'Pyodide runs in a locked-down child process; each execute is a round trip over its pipes.\n',
    table(['start', 'to first result'], starts),
    '',
    `Median of ${RUNS} runs after 2 warm-up runs:\n`,
    table(['snippet', 'PyodideExecutor'], rows),
    '',
  ].join('\n');
}
