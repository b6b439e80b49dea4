import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { MissingDependencyError } from '../../errors.js';

/**
 * Pyodide's files, read once by the host and handed to every child over its pipe: the child may then
 * read no file at all (Node's permission model with no read grant), and runs the same whatever user
 * it runs as and wherever the package is installed.
 *
 * `pyodide.asm.mjs` is an ES module; the child evaluates it as a script inside its JavaScript sandbox
 * (a `vm` context), so its `import.meta.url` and its `export default` are rewritten here. The
 * rewrite checks that it found exactly what it expects, so a Pyodide release laid out differently
 * fails with a clear message instead of loading something else.
 */
export interface PyodideFile {
  name: string;
  bytes: Buffer;
}

/** The names the child's sandbox may read, in the order they are sent. */
export const PYODIDE_FILE_NAMES = ['pyodide.js', 'pyodide.asm.js', 'pyodide.asm.wasm', 'python_stdlib.zip', 'pyodide-lock.json'] as const;

const SCRIPT_URL = 'file:///pyodide/pyodide.asm.mjs';
const EXPORT_STATEMENT = /export default _createPyodideModule;\s*$/;

let cached: Promise<PyodideFile[]> | undefined;

/** The files, read on first use. A missing package is a MissingDependencyError naming the install command. */
export function pyodideFiles(): Promise<PyodideFile[]> {
  cached ??= readPyodideFiles();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}

async function readPyodideFiles(): Promise<PyodideFile[]> {
  let directory: string;
  try {
    directory = dirname(createRequire(import.meta.url).resolve('pyodide'));
  } catch (error) {
    throw new MissingDependencyError('pyodide', 'PyodideExecutor', { cause: error });
  }
  const read = (name: string) => readFile(join(directory, name));
  const [loader, module, wasm, stdlib, lock] = await Promise.all([
    read('pyodide.js'),
    read('pyodide.asm.mjs'),
    read('pyodide.asm.wasm'),
    read('python_stdlib.zip'),
    read('pyodide-lock.json'),
  ]);
  return [
    { name: 'pyodide.js', bytes: loader },
    { name: 'pyodide.asm.js', bytes: Buffer.from(moduleAsScript(module.toString('utf8'), directory), 'utf8') },
    { name: 'pyodide.asm.wasm', bytes: wasm },
    { name: 'python_stdlib.zip', bytes: stdlib },
    { name: 'pyodide-lock.json', bytes: lock },
  ];
}

/** The ES module as a script whose completion value is `_createPyodideModule`. */
export function moduleAsScript(source: string, directory = 'pyodide'): string {
  const urls = source.split('import.meta.url').length - 1;
  if (urls === 0 || !EXPORT_STATEMENT.test(source) || !source.startsWith('async function _createPyodideModule(')) {
    throw new Error(`The installed Pyodide (${directory}) is laid out differently from the releases PyodideExecutor knows (pyodide.asm.mjs): install pyodide 314.x.`);
  }
  return source.replaceAll('import.meta.url', JSON.stringify(SCRIPT_URL)).replace(EXPORT_STATEMENT, '_createPyodideModule;\n');
}
