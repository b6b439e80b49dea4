import { CodeExecutionError, ToolArgumentsError } from '../../errors.js';
import { executorMessage } from '../../prompts/executor-messages.js';
import { FINAL_ANSWER_TOOL_NAME } from '../../tools/final-answer-tool.js';
import type { Tool } from '../../tools/tool.js';
import type { CodeExecutor, ExecuteOptions, ExecutionResult } from '../executor.js';
import { SandboxSlot } from '../sandbox-slot.js';
import { RemoteSandbox, SandboxLostError, type GuestToolCall } from './remote-sandbox.js';
import { SandboxPool } from './sandbox-pool.js';
import { exceedsJsonDepth } from './json-depth.js';
import { MAX_VALUE_DEPTH, type Reply, type SandboxSettings } from './sandbox-protocol.js';
import { clipErrorMessage } from './guest-values.js';
import { ToolCallQueue } from './tool-call-queue.js';
import { mapToolArguments } from './tool-arguments.js';

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
  /** Tool calls one action may make. Default 1,000. */
  maxToolCallsPerAction?: number | undefined;
  /** Tool calls of one action running at once; the others wait their turn. Default 16. */
  maxConcurrentToolCalls?: number | undefined;
  /** Longest JSON text of a value crossing the sandbox's edge: tool arguments and results, the final answer, variables. Default 1,000,000 characters. */
  maxValueChars?: number | undefined;
  /**
   * Characters of tool arguments one action may have waiting or running at once, all calls
   * together (the host holds them meanwhile); a call past it is refused with a message telling the
   * code to await some first. At least `maxValueChars`. Default 4,000,000, or `maxValueChars` if larger.
   */
  maxPendingArgumentChars?: number | undefined;
  /**
   * How long code may run past its time limit, or past an abort, before its worker thread is
   * terminated (a native builtin such as a huge sort never looks at the interrupt). The other
   * sandboxes on that thread are restarted too. Default 1,000 ms.
   */
  interruptGraceMs?: number | undefined;
  /**
   * Longest code action accepted, in characters. The code is parsed and rewritten on a worker
   * thread before any interrupt can reach it, so its size bounds that work. Default 200,000.
   */
  maxCodeChars?: number | undefined;
  /** Where `node_modules` is looked up for authorized imports. Default: the current directory. */
  projectDirectory?: string | undefined;
  /** The worker threads hosting the sandbox. Default: `SandboxPool.shared` (one thread per core). */
  pool?: SandboxPool | undefined;
}

/** How long opening a sandbox may take (a new worker thread, a new WASM instance, the prelude). */
const OPEN_TIMEOUT_MS = 60_000;

/**
 * The default sandbox (DESIGN §4): the model's JavaScript runs in QuickJS compiled to WASM, in a
 * worker thread, each sandbox in its own WASM instance, with memory, stack and time limits. Tools
 * are async functions inside the sandbox that call back to this thread, where they run; nothing
 * of the host (process, require, fs, network) exists in there. What comes back from the worker is
 * checked as if the guest wrote it.
 */
export class LocalJsExecutor implements CodeExecutor {
  readonly language = 'javascript' as const;
  readonly authorizedImports: readonly string[];
  private readonly timeoutMs: number;
  private readonly graceMs: number;
  private readonly maxConcurrentToolCalls: number;
  private readonly maxCodeChars: number;
  private readonly sandboxSettings: SandboxSettings;
  private readonly pool: SandboxPool;
  private readonly sandbox = new SandboxSlot(() => this.openSandbox());
  private tools = new Map<string, Tool>();
  /** Variables sent by the host, kept to give a replacement sandbox the same start. */
  private variables: Record<string, unknown> = {};
  /** Why the sandbox was replaced while idle: told to the model with the next action's logs. */
  private replacedReason?: string | undefined;
  private running?: Promise<unknown> | undefined;
  private readonly stopAll = new AbortController();
  private queue?: ToolCallQueue<GuestToolCall> | undefined;

  constructor(options: LocalJsExecutorOptions = {}) {
    this.authorizedImports = [...(options.additionalAuthorizedImports ?? [])];
    this.timeoutMs = positiveInteger('timeoutMs', options.timeoutMs, 30_000);
    this.graceMs = positiveInteger('interruptGraceMs', options.interruptGraceMs, 1_000, 60_000);
    this.maxConcurrentToolCalls = positiveInteger('maxConcurrentToolCalls', options.maxConcurrentToolCalls, 16, 1_000);
    this.maxCodeChars = positiveInteger('maxCodeChars', options.maxCodeChars, 200_000, 10_000_000);
    this.sandboxSettings = {
      memoryLimitBytes: positiveInteger('memoryLimitBytes', options.memoryLimitBytes, 256 * 2 ** 20, 2 ** 31 - 64 * 2 ** 20),
      maxStackSizeBytes: positiveInteger('maxStackSizeBytes', options.maxStackSizeBytes, 256 * 1024, 4 * 2 ** 20),
      maxPrintChars: positiveInteger('maxPrintChars', options.maxPrintChars, 50_000),
      maxValueChars: positiveInteger('maxValueChars', options.maxValueChars, 1_000_000, 100_000_000),
      maxToolCallsPerAction: positiveInteger('maxToolCallsPerAction', options.maxToolCallsPerAction, 1_000, 100_000),
      maxPendingArgumentChars: 0,
      allowedPackages: this.authorizedImports as string[],
      projectDirectory: options.projectDirectory ?? process.cwd(),
    };
    const { maxValueChars } = this.sandboxSettings;
    this.sandboxSettings.maxPendingArgumentChars = positiveInteger('maxPendingArgumentChars', options.maxPendingArgumentChars, Math.max(4_000_000, maxValueChars), 1_000_000_000);
    if (this.sandboxSettings.maxPendingArgumentChars < maxValueChars) {
      throw new RangeError(`LocalJsExecutor: maxPendingArgumentChars (${this.sandboxSettings.maxPendingArgumentChars}) must be at least maxValueChars (${maxValueChars}).`);
    }
    this.pool = options.pool ?? SandboxPool.shared;
  }

  /** The options as JSON, for a saved agent (src/sharing); the project directory is this machine's own. */
  get settings(): Record<string, unknown> {
    const { memoryLimitBytes, maxStackSizeBytes, maxPrintChars, maxValueChars, maxToolCallsPerAction, maxPendingArgumentChars } = this.sandboxSettings;
    return {
      additionalAuthorizedImports: [...this.authorizedImports],
      timeoutMs: this.timeoutMs,
      interruptGraceMs: this.graceMs,
      maxConcurrentToolCalls: this.maxConcurrentToolCalls,
      maxCodeChars: this.maxCodeChars,
      memoryLimitBytes,
      maxStackSizeBytes,
      maxPrintChars,
      maxValueChars,
      maxToolCallsPerAction,
      maxPendingArgumentChars,
    };
  }

  async sendTools(tools: readonly Tool[]): Promise<void> {
    this.tools = new Map(tools.filter((tool) => tool.name !== FINAL_ANSWER_TOOL_NAME).map((tool) => [tool.name, tool]));
    const sandbox = await this.ready();
    await this.hostCall(sandbox, { type: 'tools', toolNames: [...this.tools.keys()] });
  }

  async sendVariables(variables: Record<string, unknown>): Promise<void> {
    const json = JSON.stringify(variables);
    if (json.length > this.sandboxSettings.maxValueChars) {
      throw new RangeError(`sendVariables: the variables are ${json.length} characters as JSON, over maxValueChars (${this.sandboxSettings.maxValueChars}).`);
    }
    this.variables = { ...this.variables, ...(JSON.parse(json) as Record<string, unknown>) };
    const sandbox = await this.ready();
    await this.hostCall(sandbox, { type: 'variables', json });
  }

  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecutionResult> {
    if (this.running) throw new Error('LocalJsExecutor runs one action at a time; await the previous execute() first.');
    if (code.length > this.maxCodeChars) {
      throw new CodeExecutionError(executorMessage('codeTooLong', { length: code.length, limit: this.maxCodeChars }), { errorType: 'RangeError' });
    }
    const running = this.executeAction(code, options.signal);
    this.running = running.catch(() => undefined);
    try {
      return await running;
    } finally {
      this.running = undefined;
    }
  }

  /** Starts over in a fresh sandbox: variables are gone, tools and final_answer are the real ones again. */
  async reset(): Promise<void> {
    if (this.running) throw new Error('LocalJsExecutor: reset() while an action runs; await it first.');
    (await this.sandbox.take())?.close();
    this.variables = {};
    this.replacedReason = undefined;
  }

  private async executeAction(code: string, signal: AbortSignal | undefined): Promise<ExecutionResult> {
    const sandbox = await this.ready();
    const stop = signal ? AbortSignal.any([signal, this.stopAll.signal]) : this.stopAll.signal;
    if (stop.aborted) throw new CodeExecutionError(executorMessage('aborted'), { errorType: 'AbortError' });
    const note = this.replacedReason === undefined ? '' : executorMessage('sandboxReplacedNote', { reason: this.replacedReason }) + '\n';
    this.replacedReason = undefined;
    const queue = new ToolCallQueue<GuestToolCall>(
      this.maxConcurrentToolCalls,
      this.sandboxSettings.maxPendingArgumentChars,
      (call, callSignal) => this.runToolCall(sandbox, call, callSignal),
      // The worker refuses these itself; this holds should its count ever be wrong.
      (call) => sandbox.toolResult(call.requestId, call.callId, { ok: false, message: executorMessage('argumentsBudget', { name: call.name, limit: this.sandboxSettings.maxPendingArgumentChars }) }),
    );
    this.queue = queue;
    try {
      const reply = await sandbox.request({ type: 'execute', code }, { deadline: Date.now() + this.timeoutMs, graceMs: this.graceMs, signal: stop });
      return this.toResult(reply, note, sandbox);
    } catch (error) {
      if (error instanceof SandboxLostError) throw this.lostError(error, note);
      throw error;
    } finally {
      queue.close();
      this.queue = undefined;
    }
  }

  private toResult(reply: Reply, note: string, sandbox: RemoteSandbox): ExecutionResult {
    // A sandbox the worker let go of (it left jobs it could not finish) is replaced before the next step.
    const restarted = sandbox.lost === undefined ? '' : executorMessage('sandboxRestarted');
    if (sandbox.lost !== undefined) this.sandbox.clear();
    const logs = note + ('logs' in reply ? reply.logs : '');
    if ((reply.kind === 'final' || reply.kind === 'value') && reply.valueJson !== undefined && exceedsJsonDepth(reply.valueJson, MAX_VALUE_DEPTH)) {
      const what = executorMessage(reply.kind === 'final' ? 'valueWhatFinalAnswer' : 'valueWhatLastValue');
      throw new CodeExecutionError(executorMessage('valueTooDeep', { what, limit: MAX_VALUE_DEPTH }) + restarted, { errorType: 'ValueError', logs });
    }
    switch (reply.kind) {
      case 'final':
        if (restarted) this.replacedReason = 'the last step left work running';
        return { output: parseJson(reply.valueJson), logs, isFinalAnswer: true };
      case 'value':
        if (restarted) this.replacedReason = 'the last step left work running';
        return { output: reply.valueJson === undefined ? (reply.text === 'undefined' ? undefined : reply.text) : parseJson(reply.valueJson), logs, isFinalAnswer: false };
      case 'error':
        throw new CodeExecutionError(reply.message + restarted, { errorType: reply.errorType, line: reply.line, logs });
      case 'stopped':
        throw this.stoppedError(reply.reason, restarted, logs);
      case 'lost':
        throw new CodeExecutionError(executorMessage('sandboxFailed', { reason: reply.reason }) + executorMessage('sandboxRestarted'), { errorType: 'SandboxError', logs });
      default:
        throw new CodeExecutionError(executorMessage('sandboxFailed', { reason: 'no outcome' }), { errorType: 'SandboxError', logs });
    }
  }

  private stoppedError(reason: 'timeout' | 'abort', suffix: string, logs: string): CodeExecutionError {
    if (reason === 'abort') return new CodeExecutionError(executorMessage('aborted') + suffix, { errorType: 'AbortError', logs });
    return new CodeExecutionError(executorMessage('timeout', { seconds: this.timeoutMs / 1000 }) + suffix, { errorType: 'TimeoutError', logs });
  }

  /** The worker was terminated or died under a request: say why, and start fresh next time. */
  private lostError(error: SandboxLostError, note: string): CodeExecutionError {
    this.sandbox.clear();
    const restarted = executorMessage('sandboxRestarted');
    if (error.stopped) return this.stoppedError(error.stopped, restarted, note);
    return new CodeExecutionError(executorMessage('sandboxFailed', { reason: this.describeLoss(error.reason) }) + restarted, { errorType: 'SandboxError', logs: note });
  }

  private describeLoss(reason: string): string {
    return reason.startsWith('stopped:') ? executorMessage('workerStopped') : reason;
  }

  /** Sends tools or variables; guest code may run meanwhile, so a deadline is armed too. */
  private async hostCall(sandbox: RemoteSandbox, body: { type: 'tools'; toolNames: string[] } | { type: 'variables'; json: string }): Promise<void> {
    let reply: Reply;
    try {
      reply = await sandbox.request(body, { deadline: Date.now() + this.timeoutMs, graceMs: this.graceMs, signal: this.stopAll.signal });
    } catch (error) {
      // The replacement sandbox gets the tools and variables when it opens.
      if (error instanceof SandboxLostError) return this.forgetLost(sandbox);
      throw error;
    }
    if (sandbox.lost !== undefined) return this.forgetLost(sandbox);
    // Code of an earlier step (reset: false) can make this fail: the agent shows it to the model.
    if (reply.kind === 'error') {
      const what = executorMessage(body.type === 'tools' ? 'setupWhatTools' : 'setupWhatVariables');
      throw new CodeExecutionError(executorMessage('setupRefused', { what, reason: `${reply.errorType}: ${reply.message}` }), { errorType: reply.errorType });
    }
    if (reply.kind === 'stopped') throw this.stoppedError(reply.reason, '', '');
  }

  private forgetLost(sandbox: RemoteSandbox): void {
    this.sandbox.clear();
    this.replacedReason = this.describeLoss(sandbox.lost ?? 'lost');
  }

  private async runToolCall(sandbox: RemoteSandbox, call: GuestToolCall, signal: AbortSignal): Promise<void> {
    const reply = (result: { ok: true; json: string } | { ok: false; message: string }) => {
      // Results of calls still running when their action ended are dropped.
      if (!signal.aborted) sandbox.toolResult(call.requestId, call.callId, result);
    };
    const tool = this.tools.get(call.name);
    if (!tool) return reply({ ok: false, message: executorMessage('unknownTool', { name: call.name, tools: [...this.tools.keys()].join(', ') || 'none' }) });
    if (exceedsJsonDepth(call.argumentsJson, MAX_VALUE_DEPTH + 1)) return reply({ ok: false, message: executorMessage('argumentsTooDeep', { name: call.name, limit: MAX_VALUE_DEPTH }) });
    const args = parseJson(call.argumentsJson);
    if (!Array.isArray(args)) return reply({ ok: false, message: executorMessage('toolFailed', { name: call.name, message: 'malformed arguments' }) });
    try {
      const result = await tool.call(mapToolArguments(tool, args), { signal });
      const json = result === undefined ? '' : (JSON.stringify(result) ?? '');
      if (json.length > this.sandboxSettings.maxValueChars) return reply({ ok: false, message: executorMessage('resultTooLarge', { name: call.name, limit: this.sandboxSettings.maxValueChars }) });
      if (exceedsJsonDepth(json, MAX_VALUE_DEPTH)) return reply({ ok: false, message: executorMessage('resultTooDeep', { name: call.name, limit: MAX_VALUE_DEPTH }) });
      reply({ ok: true, json });
    } catch (error) {
      if (error instanceof ToolArgumentsError) return reply({ ok: false, message: clipErrorMessage(error.message) });
      // The tool is the user's code, but what it throws may quote its input: capped like a guest's error.
      const message = clipErrorMessage(error instanceof Error ? String(error.message) : String(error));
      if (error instanceof TypeError && /circular|BigInt/i.test(message)) return reply({ ok: false, message: executorMessage('notSerializable', { name: call.name, reason: message }) });
      reply({ ok: false, message: executorMessage('toolFailed', { name: call.name, message }) });
    }
  }

  private async ready(): Promise<RemoteSandbox> {
    if (this.stopAll.signal.aborted) throw new Error('This LocalJsExecutor was disposed.');
    const sandbox = await this.sandbox.get();
    if (sandbox.lost === undefined) return sandbox;
    // Lost while idle: another sandbox on its thread made the watchdog end the thread.
    this.forgetLost(sandbox);
    return this.sandbox.get();
  }

  private async openSandbox(): Promise<RemoteSandbox> {
    const sandbox = await RemoteSandbox.open(this.pool, this.sandboxSettings);
    sandbox.onToolCall = (call) => this.queue?.add(call, call.argumentsJson.length);
    const variablesJson = Object.keys(this.variables).length > 0 ? JSON.stringify(this.variables) : undefined;
    let reply: Reply;
    try {
      reply = await sandbox.request(
        { type: 'open', settings: this.sandboxSettings, toolNames: [...this.tools.keys()], variablesJson },
        // Starting a thread and an instance is not guest time: only our own scripts run while opening.
        { deadline: Date.now() + Math.max(this.timeoutMs, OPEN_TIMEOUT_MS), graceMs: this.graceMs, signal: this.stopAll.signal },
      );
    } catch (error) {
      sandbox.close();
      throw error instanceof SandboxLostError ? new Error(`LocalJsExecutor: the sandbox could not start: ${error.reason}`) : error;
    }
    if (reply.kind !== 'done') {
      sandbox.close();
      const detail = reply.kind === 'error' ? `${reply.errorType}: ${reply.message}` : reply.kind === 'lost' ? reply.reason : reply.kind;
      throw new Error(`LocalJsExecutor: the sandbox could not start: ${detail}`);
    }
    return sandbox;
  }

  async dispose(): Promise<void> {
    this.stopAll.abort();
    await this.running;
    (await this.sandbox.take())?.close();
  }
}

function parseJson(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return undefined;
  }
}

function positiveInteger(name: string, value: number | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new RangeError(`LocalJsExecutor: ${name} must be a whole number from 1 to ${max}, got ${String(value)}.`);
  }
  return value;
}
