import { CodeExecutionError, MissingDependencyError } from '../../errors.js';
import { assertInstalled } from '../../optional-dependency.js';
import { pythonExecutorMessages } from '../../prompts/code-agent-python.js';
import { executorMessage } from '../../prompts/executor-messages.js';
import { renderPrompt } from '../../prompts/template.js';
import { FINAL_ANSWER_TOOL_NAME } from '../../tools/final-answer-tool.js';
import type { Tool } from '../../tools/tool.js';
import type { CodeExecutor, ExecuteOptions } from '../executor.js';
import { PYTHON_RUNNER_SOURCE } from './python-runner.js';
import { validatePyodideOptions, type PyodideExecutorOptions } from './pyodide-options.js';
import { ChildExitError, PyodideProcess } from './pyodide-process.js';
import { ProtocolViolationError, type ToolCallHandler } from './runner-channel.js';
import { answerToolCall, pythonAuthorizedImports, runnerConfig, toExecutionResult, toolsJson, type PythonExecutionResult } from './runner-host.js';
import { stringifyWire } from './wire-values.js';


export type { PyodideExecutorOptions } from './pyodide-options.js';

/** One child and the promise that it is loaded and configured with the current tools and variables. */
interface Session {
  process: PyodideProcess;
  ready: Promise<void>;
}

type StopReason = 'timeout' | 'abort';

/**
 * Runs Python code actions in Pyodide (CPython in WASM) inside a locked-down child process
 * (DESIGN §5). Variables persist between actions; after a time-out, an abort or a crash the child is
 * replaced by a fresh one, and the state is lost (the error says so).
 */
export class PyodideExecutor implements CodeExecutor {
  readonly language = 'python' as const;
  readonly authorizedImports: readonly string[];
  private readonly additionalAuthorizedImports: readonly string[];
  private readonly timeoutMs: number;
  readonly memoryLimitMb: number;
  readonly maxPrintChars: number;
  readonly maxToolCallsPerAction: number;
  private tools = new Map<string, Tool>();
  private variables: Record<string, unknown> = {};
  private session?: Session | undefined;
  private running = false;
  private disposed = false;

  constructor(options: PyodideExecutorOptions = {}) {
    // Before any work (and before an agent's first model request): pyodide is an optional peer.
    assertInstalled('pyodide', 'PyodideExecutor');
    this.additionalAuthorizedImports = [...(options.additionalAuthorizedImports ?? [])];
    this.authorizedImports = pythonAuthorizedImports(this.additionalAuthorizedImports);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.memoryLimitMb = options.memoryLimitMb ?? 1024;
    this.maxPrintChars = options.maxPrintChars ?? 50_000;
    this.maxToolCallsPerAction = options.maxToolCallsPerAction ?? 1_000;
    validatePyodideOptions(options);
    // Warm start: Pyodide takes seconds to load, so start now rather than in the first action.
    this.session = this.startSession();
  }

  /** Waits until the interpreter is loaded; returns how long loading took in the child, in ms. */
  async warmUp(): Promise<number> {
    const session = this.currentSession();
    const milliseconds = await session.process.waitUntilLoaded();
    await session.ready;
    return milliseconds;
  }

  /** The options as JSON, for a saved agent (src/sharing). */
  get settings(): Record<string, unknown> {
    return {
      additionalAuthorizedImports: [...this.additionalAuthorizedImports],
      timeoutMs: this.timeoutMs,
      memoryLimitMb: this.memoryLimitMb,
      maxPrintChars: this.maxPrintChars,
      maxToolCallsPerAction: this.maxToolCallsPerAction,
    };
  }

  async sendTools(tools: readonly Tool[]): Promise<void> {
    this.tools = new Map(tools.filter((tool) => tool.name !== FINAL_ANSWER_TOOL_NAME).map((tool) => [tool.name, tool]));
    await this.command({ type: 'tools', json: toolsJson(this.tools.values()) });
  }

  /** Values cross exactly (bigint, Uint8Array, NaN… included); what cannot cross is refused here. */
  async sendVariables(variables: Record<string, unknown>): Promise<void> {
    const json = stringifyWire(variables);
    this.variables = { ...this.variables, ...variables };
    await this.command({ type: 'variables', json });
  }

  /**
   * A command outside an action runs guest code too (the model's code may have replaced what the
   * runner calls), so it has the same deadline; a child that misses it is replaced.
   */
  private async command(message: Record<string, unknown>): Promise<void> {
    if (this.running) throw new Error('PyodideExecutor runs one command at a time; await the running execute() first.');
    this.running = true;
    try {
      await this.run(message, undefined, undefined);
    } finally {
      this.running = false;
    }
  }

  async execute(code: string, options: ExecuteOptions = {}): Promise<PythonExecutionResult> {
    if (this.running) throw new Error('PyodideExecutor runs one action at a time; await the previous execute() first.');
    this.running = true;
    try {
      return await this.executeAction(code, options.signal);
    } finally {
      this.running = false;
    }
  }

  private async executeAction(code: string, signal: AbortSignal | undefined): Promise<PythonExecutionResult> {
    if (signal?.aborted) throw new CodeExecutionError(executorMessage('aborted'), { errorType: 'AbortError' });
    const controller = new AbortController();
    try {
      const reply = await this.run({ type: 'execute', code, maxPrintChars: this.maxPrintChars }, signal, (name, args) =>
        answerToolCall(this.tools, name, args, controller.signal),
      );
      return toExecutionResult(reply, this);
    } catch (error) {
      if (error instanceof ProtocolViolationError) throw this.toFailure(error, undefined);
      throw error;
    } finally {
      controller.abort();
    }
  }

  /** One request to the child under the deadline (and the signal); failures replace the child. */
  private async run(message: Record<string, unknown>, signal: AbortSignal | undefined, onToolCall: ToolCallHandler | undefined): Promise<unknown> {
    const session = await this.ready();
    let stopReason: StopReason | undefined;
    const stop = (reason: StopReason) => {
      stopReason ??= reason;
      // The interpreter is blocked in Python: killing the process is the only way to stop it.
      session.process.kill();
    };
    const timer = setTimeout(() => stop('timeout'), this.timeoutMs);
    const onAbort = () => stop('abort');
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await session.process.request(message, onToolCall);
    } catch (error) {
      throw this.toFailure(error, stopReason);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The child died or failed: replace it, and say why in terms the model can act on. */
  private toFailure(error: unknown, stopReason: StopReason | undefined): CodeExecutionError {
    this.restart();
    const restarted = pythonExecutorMessages.interpreterRestarted;
    if (stopReason === 'timeout') {
      return new CodeExecutionError(executorMessage('timeout', { seconds: this.timeoutMs / 1000 }) + restarted, { errorType: 'TimeoutError', cause: error });
    }
    if (stopReason === 'abort') {
      return new CodeExecutionError(executorMessage('aborted') + restarted, { errorType: 'AbortError', cause: error });
    }
    if (error instanceof ProtocolViolationError) {
      return new CodeExecutionError(renderPrompt(pythonExecutorMessages.protocolViolation, { reason: error.message }) + restarted, { errorType: 'InterpreterError', cause: error });
    }
    const detail = error instanceof ChildExitError ? error.stderrTail : String((error as Error)?.message ?? error);
    if (/out of memory|allocation failed|Cannot enlarge memory/i.test(detail)) {
      return new CodeExecutionError(executorMessage('outOfMemory', { megabytes: this.memoryLimitMb }) + restarted, { errorType: 'MemoryError', cause: error });
    }
    if (/call stack size|too much recursion/i.test(detail)) {
      return new CodeExecutionError(executorMessage('stackOverflow') + restarted, { errorType: 'RecursionError', cause: error });
    }
    const reason = detail.trim().split('\n').filter(Boolean).slice(-1)[0] ?? (error as Error)?.message ?? 'unknown';
    return new CodeExecutionError(renderPrompt(pythonExecutorMessages.interpreterCrashed, { reason }) + restarted, { errorType: 'InterpreterError', cause: error });
  }

  private currentSession(): Session {
    if (this.disposed) throw new Error('This PyodideExecutor was disposed.');
    this.session ??= this.startSession();
    return this.session;
  }

  private async ready(): Promise<Session> {
    const session = this.currentSession();
    await session.process.waitUntilLoaded().catch((error: unknown) => {
      // A child that failed to start is not retried in a loop: the next call starts a new one.
      if (this.session === session) this.session = undefined;
      if (error instanceof MissingDependencyError) throw error;
      throw new Error(`Pyodide failed to start: ${(error as ChildExitError).stderrTail || (error as Error).message}`, { cause: error });
    });
    await session.ready;
    return session;
  }

  private startSession(): Session {
    const process = new PyodideProcess({ memoryLimitMb: this.memoryLimitMb, maxPrintChars: this.maxPrintChars, maxToolCallsPerAction: this.maxToolCallsPerAction });
    const ready = (async () => {
      await process.loaded;
      await process.request({ type: 'configure', runner: PYTHON_RUNNER_SOURCE, config: runnerConfig(this.additionalAuthorizedImports, { disableProcesses: true, reseedRandom: true }) });
      if (this.tools.size > 0) await process.request({ type: 'tools', json: toolsJson(this.tools.values()) });
      if (Object.keys(this.variables).length > 0) await process.request({ type: 'variables', json: stringifyWire(this.variables) });
    })();
    ready.catch(() => undefined);
    return { process, ready };
  }

  private restart(): void {
    this.session?.process.kill();
    this.session = this.disposed ? undefined : this.startSession();
  }

  /**
   * Starts over in a fresh interpreter (a new child, from the memory snapshot): the code's variables
   * are gone, and final_answer, the tools and the runner itself are the real ones again — code of an
   * earlier run may have rewritten anything in the old interpreter, the runner's own globals included,
   * so nothing of it is kept. The tools are defined again in the new one.
   */
  async reset(): Promise<void> {
    if (this.running) throw new Error('PyodideExecutor: reset() while an action runs; await it first.');
    if (this.disposed) throw new Error('This PyodideExecutor was disposed.');
    this.variables = {};
    this.restart();
    await this.ready();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.session?.process.kill();
    this.session = undefined;
  }
}
