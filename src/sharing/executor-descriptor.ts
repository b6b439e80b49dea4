import type { CodeExecutor } from '../executors/executor.js';
import { executorClass, executorKindOf, type ExecutorKind } from '../executors/executor-registry.js';
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

type Check = (value: JsonValue) => boolean;
const positive: Check = (value) => typeof value === 'number' && Number.isFinite(value) && value > 0;
const text: Check = (value) => typeof value === 'string' && value.length > 0 && value.length <= 300;
const names: Check = (value) => Array.isArray(value) && value.length <= 100 && value.every((item) => typeof item === 'string' && item.length <= 214);
const limits = { timeoutMs: positive, maxPrintChars: positive, maxToolCallsPerAction: positive };

/**
 * The settings a manifest may give each executor: limits and names, checked by type. Nothing that
 * reaches past the sandbox is accepted from a folder — Docker's connection and `containerOptions`
 * (a host directory mounted in), E2B's `sandboxOptions` (where the API key is sent), the QuickJS
 * project directory — so a hostile agent.json cannot widen the walls around the model's code.
 */
const ALLOWED: Record<ExecutorKind, Record<string, Check>> = {
  quickjs: {
    ...limits,
    additionalAuthorizedImports: names,
    memoryLimitBytes: positive,
    maxStackSizeBytes: positive,
    // Bounded by the executor itself (a grace of at most a minute, say), so a folder cannot lift them.
    interruptGraceMs: positive,
    maxConcurrentToolCalls: positive,
    maxToolCallsPerAction: positive,
    maxValueChars: positive,
    maxPendingArgumentChars: positive,
    maxCodeChars: positive,
  },
  pyodide: { ...limits, additionalAuthorizedImports: names, memoryLimitMb: positive },
  docker: {
    ...limits,
    additionalAuthorizedImports: names,
    memoryLimitMb: positive,
    cpus: positive,
    pidsLimit: positive,
    image: text,
    language: (value) => value === 'python' || value === 'javascript',
    pull: (value) => value === 'missing' || value === 'never',
    network: (value) => typeof value === 'boolean',
  },
  e2b: { ...limits, additionalAuthorizedImports: names, template: text },
};

/**
 * Whether a manifest's executor can be rebuilt here: a known kind, known settings of the right types,
 * and nothing that opens the sandbox unless the code is trusted. Checked before anything is built.
 */
export function checkExecutorDescriptor(descriptor: ExecutorDescriptor, location: string, trusted: boolean): void {
  if (descriptor.kind === 'custom') {
    throw new SharedFolderError(
      `${location}: the agent ran its code in an executor of its author's own (${descriptor.class}), which cannot be rebuilt here: pass { executor } to load it.`,
      location,
    );
  }
  checkSettings(descriptor.kind, descriptor.settings, location, trusted);
}

/** A new executor of the recorded kind and settings. */
export async function executorFromDescriptor(descriptor: ExecutorDescriptor, location: string, trusted: boolean): Promise<CodeExecutor> {
  checkExecutorDescriptor(descriptor, location, trusted);
  const Executor = await executorClass(descriptor.kind as ExecutorKind);
  try {
    return new Executor(descriptor.settings);
  } catch (error) {
    throw new SharedFolderError(`${location}: the saved ${descriptor.kind} executor could not be made: ${(error as Error).message}`, location, { cause: error });
  }
}

function checkSettings(kind: ExecutorKind, settings: Record<string, JsonValue>, location: string, trusted: boolean): void {
  const allowed = ALLOWED[kind];
  for (const [key, value] of Object.entries(settings)) {
    if (!Object.hasOwn(allowed, key)) {
      throw new SharedFolderError(`${location}: executor.settings.${key} is not a setting a saved ${kind} executor may have (allowed: ${Object.keys(allowed).join(', ')}).`, location);
    }
    if (!allowed[key]!(value)) throw new SharedFolderError(`${location}: executor.settings.${key} has an invalid value ${JSON.stringify(value)}.`, location);
  }
  // Opening the sandbox is a decision for whoever runs the agent, not for whoever shared it.
  const widening: string[] = [];
  if (settings.network === true) widening.push('network: true');
  if ((settings.additionalAuthorizedImports as string[] | undefined)?.includes('*')) widening.push("additionalAuthorizedImports: ['*']");
  if (widening.length > 0 && !trusted) {
    throw new SharedFolderError(
      `${location}: the saved ${kind} executor asks for ${widening.join(' and ')}, which opens its sandbox. Pass trustRemoteCode: true to allow it, or { executor } to use your own.`,
      location,
    );
  }
}
