import { CodeExecutionError } from '../../errors.js';
import { assertInstalled, importOptional } from '../../optional-dependency.js';
import { pythonExecutorMessages } from '../../prompts/code-agent-python.js';
import { executorMessage } from '../../prompts/executor-messages.js';
import { renderPrompt } from '../../prompts/template.js';
import { FINAL_ANSWER_TOOL_NAME } from '../../tools/final-answer-tool.js';
import type { Tool } from '../../tools/tool.js';
import type { CodeExecutor, ExecuteOptions } from '../executor.js';
import { SandboxSlot } from '../sandbox-slot.js';
import { PYTHON_RUNNER_SOURCE } from '../pyodide/python-runner.js';
import { ProtocolViolationError, type RunnerResult } from '../pyodide/runner-channel.js';
import { parseWire, stringifyWire } from '../pyodide/wire-values.js';
import { answerToolCall, maxMessageBytes, pythonAuthorizedImports, runnerConfig, toExecutionResult, toolsJson, type PythonExecutionResult } from '../pyodide/runner-host.js';
import { E2B_DRIVER_SOURCE, E2B_EVENT_MARKER } from './e2b-driver.js';

/** The part of an `@e2b/code-interpreter` Sandbox the executor uses. */
export interface E2BSandbox {
  runCode(
    code: string,
    options?: { timeoutMs?: number; requestTimeoutMs?: number },
  ): Promise<{ logs: { stdout: string[]; stderr: string[] }; error?: { name: string; value: string; traceback: string } }>;
  kill(): Promise<unknown>;
}

export interface E2BExecutorOptions {
  /** Options for `Sandbox.create` (apiKey, template via `template`, domain, apiUrl, sandboxUrl, timeoutMs...). Default: E2B_API_KEY from the environment. */
  sandboxOptions?: Record<string, unknown> | undefined;
  /** The E2B API key, as the guide's `E2BCodeExecutor(api_key=…)` passes it; same as `sandboxOptions.apiKey`. */
  apiKey?: string | undefined;
  /** Sandbox template. Default: the code interpreter's own. */
  template?: string | undefined;
  /** Use this sandbox instead of creating one (it is not killed by `dispose()`). */
  sandbox?: E2BSandbox | undefined;
  /** Wall-clock limit for one action, tool calls included. Default 30 s. */
  timeoutMs?: number | undefined;
  /** Printed characters kept per action. Default 50,000. */
  maxPrintChars?: number | undefined;
  /** Python modules the code may import beyond the standard set ('*' allows any). */
  additionalAuthorizedImports?: string[] | undefined;
  /** Tool calls one action may make (counted here; later calls raise an error in the code). Default 1,000. */
  maxToolCallsPerAction?: number | undefined;
}

interface DriverEvent {
  kind: 'ok' | 'tool_call' | 'done' | 'pending' | 'stuck';
  name?: string | undefined;
  args?: unknown | undefined;
  result?: RunnerResult | undefined;
}

/** Longest a single cell waits for the action, so that aborts are noticed between cells. */
const CELL_WAIT_SECONDS = 2;
/** How long an interrupted action may take to unwind. */
const CANCEL_WAIT_SECONDS = 2;

/**
 * Runs Python code actions in an E2B cloud sandbox (`@e2b/code-interpreter`). The sandbox cannot
 * call back into this process, so tools stay on the host and calls go round trip through cells:
 * the code runs in a thread of the sandbox's kernel; a tool call ends the cell with the call, the
 * host runs the tool and sends the result in the next cell, and the thread goes on where it
 * waited (see e2b-driver.ts). One round trip per tool call; nothing runs twice.
 */
export class E2BExecutor implements CodeExecutor {
  readonly language = 'python' as const;
  readonly authorizedImports: readonly string[];
  readonly maxPrintChars: number;
  readonly maxToolCallsPerAction: number;
  private readonly options: E2BExecutorOptions;
  private readonly timeoutMs: number;
  private tools = new Map<string, Tool>();
  private variables: Record<string, unknown> = {};
  private readonly sandbox = new SandboxSlot(() => this.startSandbox());
  private running = false;
  private disposed = false;

  constructor(options: E2BExecutorOptions = {}) {
    if (options.apiKey !== undefined && (typeof options.apiKey !== 'string' || options.apiKey === '')) {
      throw new TypeError('E2BExecutor: apiKey must be a non-empty string (or leave it out to use E2B_API_KEY).');
    }
    this.options = options;
    this.authorizedImports = pythonAuthorizedImports(options.additionalAuthorizedImports ?? []);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxPrintChars = options.maxPrintChars ?? 50_000;
    this.maxToolCallsPerAction = options.maxToolCallsPerAction ?? 1_000;
    if (!(Number.isSafeInteger(this.maxToolCallsPerAction) && this.maxToolCallsPerAction >= 1 && this.maxToolCallsPerAction <= 100_000)) {
      throw new RangeError(`E2BExecutor: maxToolCallsPerAction must be a whole number from 1 to 100000; got ${String(options.maxToolCallsPerAction)}.`);
    }
    if (!options.sandbox) {
      // Both would otherwise surface only when the first action starts, after a model request.
      assertInstalled('@e2b/code-interpreter', 'E2BExecutor');
      if (!options.apiKey && !options.sandboxOptions?.['apiKey'] && !process.env['E2B_API_KEY']) {
        throw new TypeError('E2BExecutor needs an E2B API key: set E2B_API_KEY or pass apiKey (keys: https://e2b.dev/dashboard?tab=keys).');
      }
    }
  }

  /** The options as JSON, for a saved agent (src/sharing): `sandboxOptions` (the API key among them) stay on this machine. */
  get settings(): Record<string, unknown> {
    const { template, additionalAuthorizedImports } = this.options;
    return JSON.parse(JSON.stringify({ template, additionalAuthorizedImports, timeoutMs: this.timeoutMs, maxPrintChars: this.maxPrintChars, maxToolCallsPerAction: this.maxToolCallsPerAction })) as Record<string, unknown>;
  }

  async sendTools(tools: readonly Tool[]): Promise<void> {
    this.tools = new Map(tools.filter((tool) => tool.name !== FINAL_ANSWER_TOOL_NAME).map((tool) => [tool.name, tool]));
    const sandbox = await this.ready();
    await this.cell(sandbox, `__smolagents.set_tools(${pythonString(toolsJson(this.tools.values()))})`);
  }

  /** Values cross exactly (bigint, bytes…, the wire format). */
  async sendVariables(variables: Record<string, unknown>): Promise<void> {
    const json = stringifyWire(variables);
    this.variables = { ...this.variables, ...variables };
    const sandbox = await this.ready();
    await this.cell(sandbox, `__smolagents.set_variables(${pythonString(json)})`);
  }

  async execute(code: string, options: ExecuteOptions = {}): Promise<PythonExecutionResult> {
    if (this.running) throw new Error('E2BExecutor runs one action at a time; await the previous execute() first.');
    this.running = true;
    try {
      return await this.executeAction(code, options.signal);
    } finally {
      this.running = false;
    }
  }

  private async executeAction(code: string, signal: AbortSignal | undefined): Promise<PythonExecutionResult> {
    if (signal?.aborted) throw new CodeExecutionError(executorMessage('aborted'), { errorType: 'AbortError' });
    const sandbox = await this.ready();
    const deadline = Date.now() + this.timeoutMs;
    const controller = new AbortController();
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    const wait = () => Math.max(0, Math.min(CELL_WAIT_SECONDS, (deadline - Date.now()) / 1000)).toFixed(3);
    try {
      let toolCalls = 0;
      let event = await this.cell(sandbox, `__smolagents.start(${pythonString(code)}, ${this.maxPrintChars}, ${wait()})`);
      for (;;) {
        if (event.kind === 'done' && event.result) return toExecutionResult(event.result, this);
        if (event.kind === 'stuck') throw await this.lost(sandbox, 'timeout');
        const stopReason = signal?.aborted ? 'abort' : Date.now() >= deadline ? 'timeout' : undefined;
        if (stopReason) {
          // The thread gets a KeyboardInterrupt (state kept); one that does not stop loses the sandbox.
          const cancelled = await this.cell(sandbox, `__smolagents.cancel(${CANCEL_WAIT_SECONDS})`);
          if (cancelled.kind !== 'done') throw await this.lost(sandbox, stopReason);
          throw stopped(stopReason, this.timeoutMs, '');
        }
        if (event.kind === 'tool_call') {
          // Counted here, not in the sandbox: what runs there may have rewritten the runner.
          const reply =
            ++toolCalls > this.maxToolCallsPerAction
              ? { ok: false, error: executorMessage('tooManyToolCalls', { limit: this.maxToolCallsPerAction }) }
              : await answerToolCall(this.tools, String(event.name), event.args, controller.signal);
          event = await this.cell(sandbox, `__smolagents.resume(${pythonString(JSON.stringify(reply))}, ${wait()})`);
        } else {
          event = await this.cell(sandbox, `__smolagents.wait(${wait()})`);
        }
      }
    } catch (error) {
      if (!(error instanceof ProtocolViolationError)) throw error;
      // A sandbox that breaks the protocol is not used again.
      this.sandbox.clear();
      if (!this.options.sandbox) await sandbox.kill().catch(() => undefined);
      const message = renderPrompt(pythonExecutorMessages.protocolViolation, { reason: error.message }) + pythonExecutorMessages.interpreterRestarted;
      throw new CodeExecutionError(message, { errorType: 'InterpreterError', cause: error });
    } finally {
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
    }
  }

  /** The sandbox cannot be trusted to stop the action: replace it; the error says the state is gone. */
  private async lost(sandbox: E2BSandbox, reason: 'timeout' | 'abort'): Promise<CodeExecutionError> {
    this.sandbox.clear();
    if (!this.options.sandbox) await sandbox.kill().catch(() => undefined);
    return stopped(reason, this.timeoutMs, pythonExecutorMessages.interpreterRestarted);
  }

  /** Runs one cell and returns the driver's event from its output. */
  private async cell(sandbox: E2BSandbox, source: string): Promise<DriverEvent> {
    const execution = await sandbox.runCode(source, { timeoutMs: (CELL_WAIT_SECONDS + CANCEL_WAIT_SECONDS + 30) * 1000 });
    if (execution.error) {
      throw new Error(`The E2B sandbox failed to run the driver: ${execution.error.name}: ${execution.error.value}`);
    }
    const stdout = execution.logs.stdout.join('');
    const line = stdout.split('\n').findLast((candidate) => candidate.startsWith(E2B_EVENT_MARKER));
    if (!line) throw new Error(`The E2B sandbox answered without a driver event: ${stdout.slice(0, 500)}`);
    // The same cap as for the other runners' lines (protocol-limits.ts), before any parsing.
    if (Buffer.byteLength(line, 'utf8') > maxMessageBytes(this.maxPrintChars)) throw new ProtocolViolationError('a driver event longer than the protocol allows');
    return parseDriverEvent(line.slice(E2B_EVENT_MARKER.length));
  }

  private ready(): Promise<E2BSandbox> {
    if (this.disposed) return Promise.reject(new Error('This E2BExecutor was disposed.'));
    return this.sandbox.get();
  }

  private async startSandbox(): Promise<E2BSandbox> {
    const sandbox = this.options.sandbox ?? (await this.createSandbox());
    const config = JSON.stringify(runnerConfig(this.options.additionalAuthorizedImports ?? []));
    const driver = E2B_DRIVER_SOURCE.replace('__RUNNER__', pythonString(PYTHON_RUNNER_SOURCE)).replace('__CONFIG__', pythonString(config));
    await this.cell(sandbox, driver);
    if (this.tools.size > 0) await this.cell(sandbox, `__smolagents.set_tools(${pythonString(toolsJson(this.tools.values()))})`);
    if (Object.keys(this.variables).length > 0) await this.cell(sandbox, `__smolagents.set_variables(${pythonString(stringifyWire(this.variables))})`);
    return sandbox;
  }

  private async createSandbox(): Promise<E2BSandbox> {
    // Loaded on first use: users of the other executors do not need the E2B SDK.
    const { Sandbox } = await importOptional<typeof import('@e2b/code-interpreter')>('@e2b/code-interpreter', 'E2BExecutor');
    const options = { ...this.options.sandboxOptions, ...(this.options.apiKey === undefined ? {} : { apiKey: this.options.apiKey }) };
    const sandbox = this.options.template
      ? await Sandbox.create(this.options.template, options as never)
      : await Sandbox.create(options as never);
    return sandbox as unknown as E2BSandbox;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const sandbox = await this.sandbox.take();
    if (sandbox && !this.options.sandbox) await sandbox.kill().catch(() => undefined);
  }
}

const EVENT_KINDS = new Set(['ok', 'tool_call', 'done', 'pending', 'stuck']);

/** The driver's event, checked like any message from a sandbox: values in the wire format, a known kind. */
function parseDriverEvent(text: string): DriverEvent {
  let event: unknown;
  try {
    event = parseWire(text);
  } catch (error) {
    throw new ProtocolViolationError(`a driver event that is not valid (${(error as Error).message.slice(0, 100)})`);
  }
  const { kind, name } = (event ?? {}) as Partial<DriverEvent>;
  if (typeof event !== 'object' || event === null || typeof kind !== 'string' || !EVENT_KINDS.has(kind)) throw new ProtocolViolationError('a driver event of no known kind');
  if (kind === 'tool_call' && (typeof name !== 'string' || name.length === 0 || name.length > 200)) throw new ProtocolViolationError('a tool call without a valid name');
  return event as DriverEvent;
}

function stopped(reason: 'timeout' | 'abort', timeoutMs: number, suffix: string): CodeExecutionError {
  if (reason === 'timeout') {
    return new CodeExecutionError(executorMessage('timeout', { seconds: timeoutMs / 1000 }) + suffix, { errorType: 'TimeoutError' });
  }
  return new CodeExecutionError(executorMessage('aborted') + suffix, { errorType: 'AbortError' });
}

/** A JSON string literal is a valid Python string literal for every JSON-escaped text. */
function pythonString(text: string): string {
  return JSON.stringify(text);
}
