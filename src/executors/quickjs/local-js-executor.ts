import { CodeExecutionError } from '../../errors.js';
import { executorMessage } from '../../prompts/executor-messages.js';
import { FINAL_ANSWER_TOOL_NAME } from '../../tools/final-answer-tool.js';
import type { Tool } from '../../tools/tool.js';
import type { CodeExecutor, ExecuteOptions, ExecutionResult } from '../executor.js';
import { PackageModuleLoader } from './package-module-loader.js';
import { SandboxSlot } from '../sandbox-slot.js';
import { PrintBuffer } from './print-buffer.js';
import { GuestError, QuickJsSandbox, type HostBridge } from './quickjs-sandbox.js';
import { mapToolArguments } from './tool-arguments.js';
import { CodeSyntaxError, transformCode } from './transform-code.js';

export interface LocalJsExecutorOptions {
  /** Pure-JS packages installed beside the project that the code may `import`. */
  additionalAuthorizedImports?: string[] | undefined;
  /** Wall-clock limit for one action, tool calls included. Default 30 s. */
  timeoutMs?: number | undefined;
  /** Memory the sandbox may allocate. Default 256 MB. */
  memoryLimitBytes?: number | undefined;
  /** Stack for guest code; small so that runaway recursion fails cleanly. Default 256 KB. */
  maxStackSizeBytes?: number | undefined;
  /** Printed characters kept per action. Default 50,000. */
  maxPrintChars?: number | undefined;
  /** Where `node_modules` is looked up for authorized imports. Default: the current directory. */
  projectDirectory?: string | undefined;
}

const ACTION_FILENAME = 'action.js';

/** One running action: its deadline, its cancellation, and how to wake the host waiting on it. */
interface Execution {
  deadline: number;
  /** Aborted when the action ends early; tools receive its signal. */
  controller: AbortController;
  /** Whether any tool call or sleep started (aborting costs a DOMException; skip it when idle). */
  hostOperationsStarted: boolean;
  wake: () => void;
  stopListening: () => void;
}

/**
 * The default sandbox (DESIGN §4): the model's JavaScript runs in QuickJS compiled to WASM, with
 * memory, stack and time limits. Tools are async functions inside the sandbox that call back to the
 * host; nothing of the host (process, require, fs, network) exists in there.
 */
export class LocalJsExecutor implements CodeExecutor {
  readonly language = 'javascript' as const;
  readonly authorizedImports: readonly string[];
  private readonly timeoutMs: number;
  private readonly memoryLimitBytes: number;
  private readonly maxStackSizeBytes: number;
  private readonly maxPrintChars: number;
  private readonly modules: PackageModuleLoader;
  private readonly sandbox = new SandboxSlot(() =>
    QuickJsSandbox.create(this.bridge(), { memoryLimitBytes: this.memoryLimitBytes, maxStackSizeBytes: this.maxStackSizeBytes }, this.modules),
  );
  private tools = new Map<string, Tool>();
  private printBuffer: PrintBuffer;
  private execution?: Execution | undefined;
  /** Settles when the running action (if any) has released its handles. */
  private running?: Promise<unknown> | undefined;
  private disposed = false;

  constructor(options: LocalJsExecutorOptions = {}) {
    this.authorizedImports = [...(options.additionalAuthorizedImports ?? [])];
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.memoryLimitBytes = options.memoryLimitBytes ?? 256 * 1024 * 1024;
    this.maxStackSizeBytes = options.maxStackSizeBytes ?? 256 * 1024;
    this.maxPrintChars = options.maxPrintChars ?? 50_000;
    this.modules = new PackageModuleLoader(this.authorizedImports, options.projectDirectory);
    this.printBuffer = new PrintBuffer(this.maxPrintChars);
  }

  /** The options as JSON, for a saved agent (src/sharing); the project directory is this machine's own. */
  get settings(): Record<string, unknown> {
    return {
      additionalAuthorizedImports: [...this.authorizedImports],
      timeoutMs: this.timeoutMs,
      memoryLimitBytes: this.memoryLimitBytes,
      maxStackSizeBytes: this.maxStackSizeBytes,
      maxPrintChars: this.maxPrintChars,
    };
  }

  async sendTools(tools: readonly Tool[]): Promise<void> {
    this.tools = new Map(tools.filter((tool) => tool.name !== FINAL_ANSWER_TOOL_NAME).map((tool) => [tool.name, tool]));
    const sandbox = await this.ready();
    sandbox.callApi('defineTools', JSON.stringify([...this.tools.keys()]));
  }

  async sendVariables(variables: Record<string, unknown>): Promise<void> {
    const sandbox = await this.ready();
    sandbox.callApi('setVariables', JSON.stringify(variables));
  }

  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecutionResult> {
    if (this.running) throw new Error('LocalJsExecutor runs one action at a time; await the previous execute() first.');
    const running = this.executeAction(code, options);
    this.running = running.catch(() => undefined);
    try {
      return await running;
    } finally {
      this.running = undefined;
    }
  }

  private async executeAction(code: string, options: ExecuteOptions): Promise<ExecutionResult> {
    const sandbox = await this.ready();
    this.printBuffer = new PrintBuffer(this.maxPrintChars);
    let functionSource: string;
    try {
      functionSource = transformCode(code, new Set([...this.tools.keys(), FINAL_ANSWER_TOOL_NAME])).functionSource;
    } catch (error) {
      if (!(error instanceof CodeSyntaxError)) throw error;
      throw new CodeExecutionError(error.message, { errorType: 'SyntaxError', line: error.line, logs: '' });
    }

    const execution = this.startExecution(options.signal);
    try {
      const outcomeHandle = sandbox.startAction(functionSource, ACTION_FILENAME);
      try {
        return this.toResult(await this.settle(sandbox, execution, outcomeHandle));
      } finally {
        if (sandbox.context.alive) outcomeHandle.dispose();
      }
    } catch (error) {
      throw this.toExecutionError(error, execution, options.signal);
    } finally {
      execution.stopListening();
      if (execution.hostOperationsStarted) {
        execution.controller.abort();
        sandbox.abandonHostOperations();
      }
      this.execution = undefined;
    }
  }

  private startExecution(signal: AbortSignal | undefined): Execution {
    const execution: Execution = {
      deadline: Date.now() + this.timeoutMs,
      controller: new AbortController(),
      hostOperationsStarted: false,
      wake: () => {},
      stopListening: () => {},
    };
    if (signal?.aborted) execution.controller.abort(signal.reason);
    else if (signal) {
      const onAbort = () => {
        execution.controller.abort(signal.reason);
        execution.wake();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      execution.stopListening = () => signal.removeEventListener('abort', onAbort);
    }
    this.execution = execution;
    return execution;
  }

  /** Runs guest jobs until the action's outcome is known, waiting for host work in between. */
  private async settle(sandbox: QuickJsSandbox, execution: Execution, outcomeHandle: ReturnType<QuickJsSandbox['startAction']>): Promise<string> {
    for (;;) {
      sandbox.runJobs();
      const outcome = sandbox.outcome(outcomeHandle);
      if (outcome !== undefined) return outcome;
      this.throwIfStopped(execution);
      if (sandbox.pendingOperations === 0) throw new CodeExecutionError(executorMessage('neverSettles'), { errorType: 'Error' });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, execution.deadline - Date.now()));
        execution.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.throwIfStopped(execution);
    }
  }

  private throwIfStopped(execution: Execution): void {
    if (execution.controller.signal.aborted) throw new CodeExecutionError(executorMessage('aborted'), { errorType: 'AbortError' });
    if (Date.now() > execution.deadline) {
      throw new CodeExecutionError(executorMessage('timeout', { seconds: this.timeoutMs / 1000 }), { errorType: 'TimeoutError' });
    }
  }

  private toResult(outcomeJson: string): ExecutionResult {
    const outcome = JSON.parse(outcomeJson) as GuestOutcome;
    const logs = this.printBuffer.text();
    if (outcome.kind === 'final') return { output: outcome.value, logs, isFinalAnswer: true };
    if (outcome.kind === 'value') {
      const output = outcome.undefined ? undefined : 'value' in outcome ? outcome.value : outcome.text;
      return { output, logs, isFinalAnswer: false };
    }
    const { name, message, stack } = outcome.error;
    throw new GuestError({ name, message, stack });
  }

  /** Classifies a failure that escaped the prelude's own catch: limits, aborts, the engine. */
  private toExecutionError(error: unknown, execution: Execution, signal: AbortSignal | undefined): unknown {
    const logs = this.printBuffer.text();
    if (error instanceof CodeExecutionError) {
      return new CodeExecutionError(error.message, { errorType: error.errorType, line: error.line, logs: error.logs || logs, cause: error.cause });
    }
    if (!(error instanceof GuestError)) return error;
    if (signal?.aborted || execution.controller.signal.aborted) {
      return new CodeExecutionError(executorMessage('aborted'), { errorType: 'AbortError', logs });
    }
    if (error.message === 'interrupted') {
      return new CodeExecutionError(executorMessage('timeout', { seconds: this.timeoutMs / 1000 }), { errorType: 'TimeoutError', logs });
    }
    if (error.message === 'out of memory' || error.message === 'null') {
      return new CodeExecutionError(executorMessage('outOfMemory', { megabytes: Math.round(this.memoryLimitBytes / 2 ** 20) }), { errorType: 'MemoryError', logs });
    }
    if (error.message === 'stack overflow') {
      return new CodeExecutionError(executorMessage('stackOverflow'), { errorType: 'RangeError', line: lineInAction(error.guestStack), logs });
    }
    return new CodeExecutionError(error.message, { errorType: error.guestName, line: lineInAction(error.guestStack), logs });
  }

  private ready(): Promise<QuickJsSandbox> {
    if (this.disposed) return Promise.reject(new Error('This LocalJsExecutor was disposed.'));
    return this.sandbox.get();
  }

  private bridge(): HostBridge {
    return {
      print: (text) => this.printBuffer.append(text),
      callTool: (name, argumentsJson) => this.hostOperation((signal) => this.callTool(name, argumentsJson, signal)),
      sleep: (milliseconds) =>
        this.hostOperation(
          (signal) =>
            new Promise<string>((resolve) => {
              const timer = setTimeout(() => resolve(''), milliseconds);
              signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
            }),
        ),
      operationSettled: () => this.execution?.wake(),
      shouldInterrupt: () => {
        const execution = this.execution;
        return execution !== undefined && (execution.controller.signal.aborted || Date.now() > execution.deadline);
      },
    };
  }

  /** Starts host work for the running action, cancelled when the action ends. */
  private hostOperation(work: (signal: AbortSignal) => Promise<string>): Promise<string> {
    const execution = this.execution;
    if (!execution) return Promise.reject(new Error('No action is running.'));
    execution.hostOperationsStarted = true;
    return work(execution.controller.signal);
  }

  private async callTool(name: string, argumentsJson: string, signal: AbortSignal): Promise<string> {
    const tool = this.tools.get(name);
    if (!tool) throw new Error(executorMessage('unknownTool', { name, tools: [...this.tools.keys()].join(', ') || 'none' }));
    const result = await tool.call(mapToolArguments(tool, JSON.parse(argumentsJson) as unknown[]), { signal });
    if (result === undefined) return '';
    try {
      return JSON.stringify(result) ?? '';
    } catch (error) {
      throw new Error(executorMessage('notSerializable', { name, reason: (error as Error).message }));
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const sandbox = this.sandbox.take();
    // Stop a running action and let it free its handles before the runtime goes away.
    this.execution?.controller.abort();
    this.execution?.wake();
    await this.running;
    (await sandbox)?.dispose();
  }
}

type GuestOutcome =
  | { kind: 'final'; value: unknown }
  | { kind: 'value'; value?: unknown; undefined?: boolean; text?: string }
  | { kind: 'error'; error: { name: string; message: string; stack: string } };

/** The line of the model's code in a QuickJS stack trace ("at … (action.js:3)"). */
function lineInAction(stack: string): number | undefined {
  const match = new RegExp(`${ACTION_FILENAME.replace('.', '\\.')}:(\\d+)`).exec(stack);
  return match ? Number(match[1]) : undefined;
}
