import { CodeExecutionError } from '../../errors.js';
import { pythonExecutorMessages } from '../../prompts/code-agent-python.js';
import { executorMessage } from '../../prompts/executor-messages.js';
import { renderPrompt } from '../../prompts/template.js';
import { pythonParameters } from '../../tools/render-python.js';
import type { Tool } from '../../tools/tool.js';
import type { ExecutionResult } from '../executor.js';
import { BASE_PYTHON_MODULES, HARD_DENIED_PYTHON_MODULES } from './authorized-imports.js';
import { ProtocolViolationError, type RunnerResult, type ToolReply } from './runner-channel.js';
import { toWire } from './wire-values.js';
import { MAX_DISPLAY_CHARS, MAX_VALUE_CHARS } from './protocol-limits.js';

/**
 * What every host of the Python runner does the same way (Pyodide child, Docker container): the
 * runner's configuration, the tool list it gets, answering its tool calls, and reading its results.
 */

export { MAX_VALUE_CHARS, maxMessageBytes } from './protocol-limits.js';

export function runnerConfig(additionalAuthorizedImports: readonly string[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    allowed: [...BASE_PYTHON_MODULES, ...additionalAuthorizedImports],
    hardDenied: HARD_DENIED_PYTHON_MODULES,
    messages: pythonExecutorMessages,
    maxValueChars: MAX_VALUE_CHARS,
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

/** A value as JSON carries it (for the JavaScript runners, which speak plain JSON): undefined becomes null. */
export function jsonValue(value: unknown): unknown {
  const json = JSON.stringify(value ?? null);
  return json === undefined ? null : (JSON.parse(json) as unknown);
}

/**
 * Runs a tool the code called; the result goes back in the wire format (exact integers, bytes…),
 * or as plain JSON with `encode: jsonValue`.
 * Failures become a reply the runner raises as ToolError, naming the tool.
 */
export async function answerToolCall(
  tools: ReadonlyMap<string, Tool>,
  name: string,
  args: unknown,
  signal: AbortSignal,
  encode: (value: unknown) => unknown = toWire,
): Promise<ToolReply> {
  const tool = tools.get(name);
  if (!tool) return { ok: false, error: executorMessage('unknownTool', { name, tools: [...tools.keys()].join(', ') || 'none' }) };
  let value: unknown;
  try {
    value = await tool.call(args, { signal });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, error: renderPrompt(pythonExecutorMessages.toolFailed, { name, message }) };
  }
  try {
    const encoded = encode(value);
    // A result the runner could not have sent the other way is not sent this way either (its pipe
    // and the child's small JavaScript heap are not for tens of megabytes).
    const size = JSON.stringify(encoded)?.length ?? 0;
    if (size > MAX_VALUE_CHARS) return { ok: false, error: executorMessage('resultTooLarge', { name, limit: MAX_VALUE_CHARS }) };
    return { ok: true, value: encoded };
  } catch (error) {
    return { ok: false, error: renderPrompt(pythonExecutorMessages.toolResultCannotCross, { name, reason: (error as Error).message }) };
  }
}

/** The runner's reply to `execute`, checked: it comes from the sandbox, so it may be anything. */
export function parseRunnerResult(value: unknown): RunnerResult {
  const result = value as Partial<RunnerResult> | null;
  const valid =
    typeof result === 'object' &&
    result !== null &&
    (result.kind === 'value' || result.kind === 'final' || result.kind === 'error') &&
    typeof result.logs === 'string' &&
    typeof result.truncated === 'boolean' &&
    (result.errorType === undefined || typeof result.errorType === 'string') &&
    (result.message === undefined || typeof result.message === 'string') &&
    (result.line === undefined || result.line === null || Number.isSafeInteger(result.line)) &&
    (result.hasValue === undefined || typeof result.hasValue === 'boolean') &&
    (result.text === undefined || typeof result.text === 'string');
  if (!valid) throw new ProtocolViolationError('a reply to execute that is not a runner result');
  return result as RunnerResult;
}

/** What the Python executors return: an ExecutionResult, plus how Python shows the output. */
export interface PythonExecutionResult extends ExecutionResult {
  /** The output as Python shows it (`str` of text, `repr` otherwise, e.g. `None`, `True`, `b'..'`). */
  outputText?: string | undefined;
}

/** The runner's result as an ExecutionResult, or the CodeExecutionError it describes. */
export function toExecutionResult(reply: unknown, limits: { maxPrintChars: number; memoryLimitMb?: number }): PythonExecutionResult {
  const result = parseRunnerResult(reply);
  // The runner applies these caps; it is untrusted, so the host applies them again.
  const printed = cut(result.logs, limits.maxPrintChars);
  const truncated = result.truncated || printed.length < result.logs.length;
  const logs = printed + (truncated ? executorMessage('printTruncated', { limit: limits.maxPrintChars }) : '');
  const text = result.text === undefined ? {} : { outputText: cut(result.text, MAX_DISPLAY_CHARS + 3) };
  if (result.message !== undefined) result.message = cut(result.message, MAX_VALUE_CHARS);
  if (result.kind === 'final') return { output: result.value, logs, isFinalAnswer: true, ...text };
  if (result.kind === 'value') return { output: result.hasValue ? result.value : undefined, logs, isFinalAnswer: false, ...text };
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

/** The first `limit` UTF-16 units of the text, without splitting a surrogate pair. */
function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const code = text.charCodeAt(limit - 1);
  return text.slice(0, code >= 0xd800 && code < 0xdc00 ? limit - 1 : limit);
}
