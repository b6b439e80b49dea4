import type { CodeExecutor } from './executor.js';

/** The executors known by name: the CLI's `--executor`, and the executor of a saved code agent. */
export type ExecutorKind = 'quickjs' | 'pyodide' | 'docker' | 'e2b';

export const EXECUTOR_KINDS: readonly ExecutorKind[] = ['quickjs', 'pyodide', 'docker', 'e2b'];

type ExecutorClass = new (options?: Record<string, unknown>) => CodeExecutor;

const CLASS_NAMES: Record<ExecutorKind, string> = {
  quickjs: 'LocalJsExecutor',
  pyodide: 'PyodideExecutor',
  docker: 'DockerExecutor',
  e2b: 'E2BExecutor',
};

/** Imports an executor's class; each module (and the SDK behind it) loads only when asked for. */
export async function executorClass(kind: ExecutorKind): Promise<ExecutorClass> {
  switch (kind) {
    case 'quickjs':
      return (await import('./quickjs/local-js-executor.js')).LocalJsExecutor as ExecutorClass;
    case 'pyodide':
      return (await import('./pyodide/pyodide-executor.js')).PyodideExecutor as ExecutorClass;
    case 'docker':
      return (await import('./docker/docker-executor.js')).DockerExecutor as ExecutorClass;
    case 'e2b':
      return (await import('./e2b/e2b-executor.js')).E2BExecutor as ExecutorClass;
  }
}

/** The kind of a built-in executor, or undefined for an executor of the user's own. */
export function executorKindOf(executor: CodeExecutor): ExecutorKind | undefined {
  return EXECUTOR_KINDS.find((kind) => CLASS_NAMES[kind] === executor.constructor.name);
}
