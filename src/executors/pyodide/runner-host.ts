import { CodeExecutionError } from '../../errors.js';
import { pythonExecutorMessages } from '../../prompts/code-agent-python.js';
import { executorMessage } from '../../prompts/executor-messages.js';
import { renderPrompt } from '../../prompts/template.js';
import { pythonParameters } from '../../tools/render-python.js';
import type { Tool } from '../../tools/tool.js';
import type { ExecutionResult } from '../executor.js';
import { BASE_PYTHON_MODULES, HARD_DENIED_PYTHON_MODULES } from './authorized-imports.js';
import type { RunnerResult, ToolReply } from './runner-channel.js';

/**
 * What every host of the Python runner does the same way (Pyodide child, Docker container): the
 * runner's configuration, the tool list it gets, answering its tool calls, and reading its results.
 */

export function runnerConfig(additionalAuthorizedImports: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    allowed: [...BASE_PYTHON_MODULES, ...additionalAuthorizedImports],
    hardDenied: HARD_DENIED_PYTHON_MODULES,
    messages: pythonExecutorMessages,
    ...extra,
  };
}

/** The modules shown to the model: the standard set plus the user's. */
export function pythonAuthorizedImports(additionalAuthorizedImports: readonly string[]): string[] {
  return [...new Set([...BASE_PYTHON_MODULES.filter((name) => name !== '__future__'), ...additionalAuthorizedImports])];
}

/**
 * Tools as the runner defines them: name, the parameter names the signature shows, in its order
 * (for positional arguments), and which of those stand for a name Python cannot write (`from_` for `from`).
 */
export function toolsJson(tools: Iterable<Tool>): string {
  return JSON.stringify(
    [...tools].map((tool) => {
      const parameters = pythonParameters(tool);
      const renamed = Object.fromEntries(parameters.filter(({ name, pythonName }) => name !== pythonName).map(({ name, pythonName }) => [pythonName, name]));
      return { name: tool.name, parameters: parameters.map(({ pythonName }) => pythonName), ...(Object.keys(renamed).length > 0 ? { renamed } : {}) };
    }),
  );
}

/** Runs a tool the code called. Failures become a reply the runner raises as ToolError. */
export async function answerToolCall(tools: ReadonlyMap<string, Tool>, name: string, args: unknown, signal: AbortSignal): Promise<ToolReply> {
  const tool = tools.get(name);
  if (!tool) return { ok: false, error: executorMessage('unknownTool', { name, tools: [...tools.keys()].join(', ') || 'none' }) };
  try {
    const value = await tool.call(args, { signal });
    // JSON is what crosses into Python; undefined becomes None.
    const json = JSON.stringify(value ?? null);
    return { ok: true, value: json === undefined ? null : (JSON.parse(json) as unknown) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: renderPrompt(pythonExecutorMessages.toolFailed, { name, message }) };
  }
}

/** The runner's result as an ExecutionResult, or the CodeExecutionError it describes. */
export function toExecutionResult(result: RunnerResult, limits: { maxPrintChars: number; memoryLimitMb?: number }): ExecutionResult {
  const logs = result.logs + (result.truncated ? executorMessage('printTruncated', { limit: limits.maxPrintChars }) : '');
  if (result.kind === 'final') return { output: result.value, logs, isFinalAnswer: true };
  if (result.kind === 'value') return { output: result.hasValue ? result.value : undefined, logs, isFinalAnswer: false };
  let message = result.message ?? '';
  // Python's MemoryError usually has no message: tell the model what happened and what to do.
  if (result.errorType === 'MemoryError' && message === '' && limits.memoryLimitMb) {
    message = executorMessage('outOfMemory', { megabytes: limits.memoryLimitMb });
  }
  throw new CodeExecutionError(message, {
    errorType: result.errorType ?? 'Error',
    line: typeof result.line === 'number' ? result.line : undefined,
    logs,
  });
}
