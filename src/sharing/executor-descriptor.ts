import type { CodeExecutor } from '../executors/executor.js';
import { executorClass, executorKindOf } from '../executors/executor-registry.js';
import type { ExecutorDescriptor, JsonValue } from './manifest.js';
import { SharedFolderError } from './sharing-errors.js';

/**
 * A code agent's executor as a saved agent records it: its kind and its own settings (limits, image,
 * authorized imports), as the executor reports them. An executor of the user's own is recorded by
 * class name only, and loading then needs one passed in.
 */
export function describeExecutor(executor: CodeExecutor | undefined, additionalAuthorizedImports: readonly string[]): ExecutorDescriptor {
  if (!executor) {
    // The agent's default, made on its first run.
    return { kind: 'quickjs', class: 'LocalJsExecutor', language: 'javascript', settings: { additionalAuthorizedImports: [...additionalAuthorizedImports] } };
  }
  const kind = executorKindOf(executor) ?? 'custom';
  const settings = kind === 'custom' ? {} : (JSON.parse(JSON.stringify(executor.settings ?? {})) as Record<string, JsonValue>);
  return { kind, class: executor.constructor.name || 'CodeExecutor', language: executor.language, settings };
}

/** A new executor of the recorded kind and settings. */
export async function executorFromDescriptor(descriptor: ExecutorDescriptor, location: string): Promise<CodeExecutor> {
  if (descriptor.kind === 'custom') {
    throw new SharedFolderError(
      `${location}: the agent ran its code in an executor of its author's own (${descriptor.class}), which cannot be rebuilt here: pass { executor } to load it.`,
      location,
    );
  }
  const Executor = await executorClass(descriptor.kind);
  try {
    return new Executor(descriptor.settings);
  } catch (error) {
    throw new SharedFolderError(`${location}: the saved ${descriptor.kind} executor could not be made: ${(error as Error).message}`, location, { cause: error });
  }
}
