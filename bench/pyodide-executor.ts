import { PyodideExecutor } from '../src/executors/pyodide/pyodide-executor.js';
import { PythonInterpreterTool } from '../src/tools/python-interpreter-tool.js';
import { ms, sample, table } from './timing.js';

const pythonSnippets = [
  // The round trip alone: many runs, since it is short and the machine is shared.
  { name: 'trivial statement', code: '1 + 1', expected: 2, runs: 200 },
  { name: 'sum loop 1e5', code: 's = 0\nfor i in range(100000):\n    s += i\ns', expected: 4999950000, runs: 10 },
  { name: 'fib(20)', code: 'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nfib(20)', expected: 6765, runs: 10 },
];

/**
 * The Python sandbox: time to a first result in a new executor (the first one in a process loads
 * Pyodide in its child and saves a snapshot; later ones start from it), a python_interpreter tool
 * call (a fresh interpreter each time), then the snippet speeds.
 */
export async function measurePyodideExecutor(): Promise<string> {
  const starts: string[][] = [];
  let walls: readonly string[] = [];
  for (const label of ['first executor in the process (loads Pyodide, saves the snapshot)', 'second executor (starts from the snapshot)']) {
    const start = performance.now();
    const executor = new PyodideExecutor();
    try {
      await executor.execute('1 + 1');
      starts.push([label, ms(performance.now() - start)]);
      walls = (executor as unknown as { session?: { process: { walls?: { holds: string[] } } } }).session?.process.walls?.holds ?? [];
    } finally {
      await executor.dispose();
    }
  }
  const tool = new PythonInterpreterTool();
  const call = await sample(() => tool.call({ code: '6 * 7' }), 5, 1);
  starts.push(['python_interpreter tool call (a fresh interpreter from the snapshot), median of 5', ms(call.median)]);

  const executor = new PyodideExecutor();
  const rows: string[][] = [];
  try {
    for (const snippet of pythonSnippets) {
      const timing = await sample(async () => {
        const { output } = await executor.execute(snippet.code);
        if (output !== snippet.expected) throw new Error(`PyodideExecutor computed ${String(output)} for '${snippet.name}'.`);
      }, snippet.runs);
      rows.push([snippet.name, `${snippet.runs}`, ms(timing.median)]);
    }
  } finally {
    await executor.dispose();
  }
  return [
    '## Python sandbox (PyodideExecutor)\n',
    'Pyodide runs in a JavaScript sandbox inside a walled child process; each execute is a round trip over its pipes.',
    `Walls of the child here: ${walls.length > 0 ? walls.join('; ') : 'none beyond the JavaScript sandbox and the permission model'}.\n`,
    table(['start', 'to first result'], starts),
    '',
    'Median after 2 warm-up runs:\n',
    table(['snippet', 'runs', 'PyodideExecutor'], rows),
    '',
  ].join('\n');
}
