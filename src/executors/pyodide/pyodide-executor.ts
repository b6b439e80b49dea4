import { CodeExecutionError } from '../../errors.js';
import { assertInstalled } from '../../optional-dependency.js';
import { pythonExecutorMessages } from '../../prompts/code-agent-python.js';
import { executorMessage } from '../../prompts/executor-messages.js';
import { renderPrompt } from '../../prompts/template.js';
import { FINAL_ANSWER_TOOL_NAME } from '../../tools/final-answer-tool.js';
import type { Tool } from '../../tools/tool.js';
import type { CodeExecutor, ExecuteOptions, ExecutionResult } from '../executor.js';
import { PYTHON_RUNNER_SOURCE } from './python-runner.js';
import { ChildExitError, PyodideProcess } from './pyodide-process.js';
import type { RunnerResult } from './runner-channel.js';
import { answerToolCall, pythonAuthorizedImports, runnerConfig, toExecutionResult, toolsJson } from './runner-host.js';

export interface PyodideExecutorOptions {
  /** Python modules the code may import beyond the standard set ('*' allows any). */
  additionalAuthorizedImports?: string[] | undefined;
  /** Wall-clock limit for one action, tool calls included. Default 30 s. */
  timeoutMs?: number | undefined;
  /** Memory for the child process: its JS heap and, separately, Pyodide's WASM memory. Default 1024 MB. */
  memoryLimitMb?: number | undefined;
  /** Printed characters kept per action. Default 50,000. */
  maxPrintChars?: number | undefined;
}

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
    };
  }

  async sendTools(tools: readonly Tool[]): Promise<void> {
    this.tools = new Map(tools.filter((tool) => tool.name !== FINAL_ANSWER_TOOL_NAME).map((tool) => [tool.name, tool]));
    const session = await this.ready();
    await session.process.request({ type: 'tools', json: toolsJson(this.tools.values()) });
  }

  async sendVariables(variables: Record<string, unknown>): Promise<void> {
    const json = JSON.stringify(variables);
    this.variables = { ...this.variables, ...(JSON.parse(json) as Record<string, unknown>) };
    const session = await this.ready();
    await session.process.request({ type: 'variables', json });
  }

  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecutionResult> {
    if (this.running) throw new Error('PyodideExecutor runs one action at a time; await the previous execute() first.');
    this.running = true;
    try {
      return await this.executeAction(code, options.signal);
    } finally {
      this.running = false;
    }
  }

  private async executeAction(code: string, signal: AbortSignal | undefined): Promise<ExecutionResult> {
    if (signal?.aborted) throw new CodeExecutionError(executorMessage('aborted'), { errorType: 'AbortError' });
    const session = await this.ready();
    const controller = new AbortController();
    let stopReason: StopReason | undefined;
    const stop = (reason: StopReason) => {
      stopReason ??= reason;
      controller.abort();
      // The interpreter is blocked in Python: killing the process is the only way to stop it.
      session.process.kill();
    };
    const timer = setTimeout(() => stop('timeout'), this.timeoutMs);
    const onAbort = () => stop('abort');
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = (await session.process.request(
        { type: 'execute', code, maxPrintChars: this.maxPrintChars },
        (name, args) => answerToolCall(this.tools, name, args, controller.signal),
      )) as RunnerResult;
      return toExecutionResult(result, this);
    } catch (error) {
      if (error instanceof CodeExecutionError) throw error;
      throw this.toFailure(error, stopReason);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
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
      throw new Error(`Pyodide failed to start: ${(error as ChildExitError).stderrTail || (error as Error).message}`, { cause: error });
    });
    await session.ready;
    return session;
  }

  private startSession(): Session {
    const process = new PyodideProcess({ memoryLimitMb: this.memoryLimitMb });
    const ready = (async () => {
      await process.loaded;
      await process.request({ type: 'configure', runner: PYTHON_RUNNER_SOURCE, config: runnerConfig(this.additionalAuthorizedImports, { disableProcesses: true, reseedRandom: true }) });
      if (this.tools.size > 0) await process.request({ type: 'tools', json: toolsJson(this.tools.values()) });
      if (Object.keys(this.variables).length > 0) await process.request({ type: 'variables', json: JSON.stringify(this.variables) });
    })();
    ready.catch(() => undefined);
    return { process, ready };
  }

  private restart(): void {
    this.session?.process.kill();
    this.session = this.disposed ? undefined : this.startSession();
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.session?.process.kill();
    this.session = undefined;
  }
}
