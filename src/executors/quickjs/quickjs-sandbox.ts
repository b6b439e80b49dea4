import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from 'quickjs-emscripten-core';
import { executorMessage, executorMessages } from '../../prompts/executor-messages.js';
import { GUEST_HARDENING } from './guest-hardening.js';
import { GUEST_LOCALE, GUEST_LOCALE_LOADER } from './guest-locale.js';
import { FINAL_ANSWER_FUNCTION, GUEST_PRELUDE } from './guest-prelude.js';
import { GuestScope } from './guest-scope.js';
import { readGuestRecord, recordFailure } from './guest-record.js';
import { hostPromise } from './host-promise.js';
import { classify, clipErrorMessage, GuestFailure, readFailure, readText } from './guest-values.js';
import { PackageModuleLoader } from './package-module-loader.js';
import { instantiateQuickJs } from './quickjs-build.js';
import { MAX_ERROR_MESSAGE_CHARS, MAX_ERROR_NAME_CHARS, type Reply, type SandboxSettings } from './sandbox-protocol.js';
import { CodeSyntaxError, transformCode } from './transform-code.js';
import type { WasmModule } from './webassembly.js';

/** How the sandbox reaches the host thread (the worker posts these as messages). */
export interface SandboxHost {
  callTool(requestId: number, callId: number, name: string, argumentsJson: string): void;
}

const ACTION_FILENAME = 'action.js';
/** Jobs run per call into QuickJS; the scope is checked between batches. */
const JOB_BATCH = 64;
/** Batches a stopped action may use to unwind before its sandbox is given up. */
const STOPPED_DRAIN_BATCHES = 16;

/** A failure of the sandbox itself (not of guest code): the sandbox must be dropped. */
class SandboxBroken extends Error {}

/**
 * One sandbox, inside a worker thread: its own QuickJS WASM instance (own linear memory and malloc
 * heap), one runtime and context, the hardening, locale and prelude scripts installed. Every
 * string it reads from the guest is length-checked before it is copied out of WASM memory. A
 * host-side error (a WASM trap, the thread's stack overflowing inside QuickJS, an engine abort)
 * marks it broken; the worker then drops it whole, instance and memory, without calling into it
 * again.
 */
export class QuickJsSandbox {
  private scope?: GuestScope | undefined;
  private api!: QuickJSHandle;
  /** The prelude's `run`, kept: every action starts through it. */
  private run!: QuickJSHandle;
  /** The prelude's `describeError`: how errors are read once it is installed. */
  private describeError?: QuickJSHandle | undefined;
  private toolNames = new Set<string>();
  private nextCallId = 1;
  private readonly pendingCalls = new Map<number, { resolve(json: string): void; reject(message: string): void }>();
  /** Jobs were left in the queue by a stopped action: the next request needs a fresh sandbox. */
  tainted = false;
  /**
   * Why the engine failed under a call made outside a request's own stack (a tool result or a
   * sleep settling a guest promise): the sandbox must not be called into again.
   */
  broken?: string | undefined;

  private constructor(
    private readonly runtime: QuickJSRuntime,
    private readonly context: QuickJSContext,
    private readonly settings: SandboxSettings,
    private readonly interrupt: Int32Array,
    private readonly host: SandboxHost,
  ) {}

  static async create(
    wasmModule: WasmModule,
    settings: SandboxSettings,
    interrupt: Int32Array,
    host: SandboxHost,
    request: { requestId: number; deadline: number; toolNames: string[]; variablesJson?: string | undefined },
  ): Promise<{ sandbox?: QuickJsSandbox | undefined; reply: Reply }> {
    const quickJs = await instantiateQuickJs(wasmModule, settings.memoryLimitBytes);
    const runtime = quickJs.newRuntime();
    runtime.setMemoryLimit(settings.memoryLimitBytes);
    // The default stack allowance lets deep recursion overflow the thread's stack (DESIGN §4).
    runtime.setMaxStackSize(settings.maxStackSizeBytes);
    const sandbox = new QuickJsSandbox(runtime, runtime.newContext(), settings, interrupt, host);
    const reply = sandbox.guarded(request.requestId, request.deadline, () => {
      sandbox.install();
      sandbox.defineTools(request.toolNames);
      if (request.variablesJson !== undefined) sandbox.callApi('setVariables', request.variablesJson);
    });
    return { sandbox: reply.kind === 'done' ? sandbox : undefined, reply };
  }

  private install(): void {
    const { context: vm, runtime } = this;
    runtime.setInterruptHandler(() => this.scope?.shouldStop() ?? true);
    const modules = new PackageModuleLoader(this.settings.allowedPackages, this.settings.projectDirectory);
    runtime.setModuleLoader(
      (moduleName) => {
        try {
          return modules.load(moduleName);
        } catch (error) {
          return { error: error as Error };
        }
      },
      (baseModuleName, requestedName) => modules.normalize(baseModuleName, requestedName),
    );
    this.evaluateTrusted(GUEST_HARDENING, 'smolagents-hardening.js').dispose();
    const messages = this.evaluateTrusted(`(${JSON.stringify(executorMessages)})`, 'smolagents-messages.js');
    const loadLocale = vm.newFunction('loadLocale', () => {
      this.callTrusted(this.evaluateTrusted(GUEST_LOCALE, 'smolagents-locale.js'), [messages.dup()]).dispose();
    });
    this.callTrusted(this.evaluateTrusted(GUEST_LOCALE_LOADER, 'smolagents-locale-loader.js'), [loadLocale]).dispose();
    const bridge = [
      vm.newFunction('print', (text) => this.onPrint(text)),
      vm.newFunction('callTool', (name, args) => this.onCallTool(name, args)),
      vm.newFunction('sleep', (milliseconds) => this.onSleep(milliseconds)),
      vm.newFunction('finalAnswer', (json) => this.onFinalAnswer(json)),
      messages.dup(),
      this.evaluateTrusted(`(${JSON.stringify(this.guestLimits())})`, 'smolagents-limits.js'),
    ];
    this.api = this.callTrusted(this.evaluateTrusted(GUEST_PRELUDE, 'smolagents-prelude.js'), bridge);
    this.run = vm.getProp(this.api, 'run');
    this.describeError = vm.getProp(this.api, 'describeError');
  }

  private guestLimits(): Record<string, number> {
    const { maxPrintChars, maxValueChars, maxToolCallsPerAction } = this.settings;
    return { maxPrintChars, maxValueChars, maxToolCallsPerAction, maxErrorChars: MAX_ERROR_MESSAGE_CHARS, maxErrorNameChars: MAX_ERROR_NAME_CHARS };
  }

  /**
   * Reads an error the guest threw at one of our calls, and frees its handle. Once the prelude is
   * in, it reads the error inside the guest (its getters are guest code, under the scope's
   * deadline) and hands back a record of our own strings, cut to size; a failure to do so is
   * itself reported plainly.
   */
  private failure(errorHandle: QuickJSHandle): GuestFailure {
    const { context: vm, settings } = this;
    if (!this.describeError) return readFailure(vm, settings, errorHandle);
    const described = vm.callFunction(this.describeError, vm.undefined, errorHandle);
    errorHandle.dispose();
    if (described.error) {
      described.error.dispose();
      return classify('Error', executorMessage('unreadableError'), undefined, settings.memoryLimitBytes);
    }
    const record = readGuestRecord(vm, described.value, settings);
    described.value.dispose();
    return recordFailure(record, settings);
  }

  /** Calls one of our own script's functions; frees the function and the arguments. */
  private callTrusted(functionHandle: QuickJSHandle, args: QuickJSHandle[]): QuickJSHandle {
    const result = this.context.callFunction(functionHandle, this.context.undefined, ...args);
    for (const handle of [functionHandle, ...args]) if (handle.alive) handle.dispose();
    if (result.error) throw this.failure(result.error);
    return result.value;
  }

  /** Runs one of our own scripts; failing here means the sandbox is unusable. */
  private evaluateTrusted(source: string, filename: string): QuickJSHandle {
    const result = this.context.evalCode(source, filename);
    if (result.error) throw this.failure(result.error);
    return result.value;
  }

  /** Replaces the tools (the prelude defines each as an async function calling the host). */
  setTools(requestId: number, deadline: number, toolNames: string[]): Reply {
    return this.guarded(requestId, deadline, () => this.defineTools(toolNames));
  }

  setVariables(requestId: number, deadline: number, json: string): Reply {
    return this.guarded(requestId, deadline, () => this.callApi('setVariables', json));
  }

  private defineTools(toolNames: string[]): void {
    this.toolNames = new Set(toolNames);
    this.callApi('defineTools', JSON.stringify(toolNames));
  }

  private callApi(method: 'defineTools' | 'setVariables', argument: string): void {
    const { context: vm } = this;
    const functionHandle = vm.getProp(this.api, method);
    const argumentHandle = vm.newString(argument);
    const result = vm.callFunction(functionHandle, this.api, argumentHandle);
    argumentHandle.dispose();
    functionHandle.dispose();
    if (result.error) throw this.failure(result.error);
    result.value.dispose();
    this.runJobs();
  }

  /**
   * Runs a host call into the guest under a scope (deadline armed, interrupt flag read). Guest
   * errors become an 'error' reply; anything thrown by the engine itself breaks the sandbox.
   */
  private guarded(requestId: number, deadline: number, body: () => void): Reply {
    const scope = this.beginScope(requestId, deadline, false);
    try {
      this.assertWhole();
      body();
      if (scope.stopReason) return { kind: 'stopped', reason: scope.stopReason, logs: '' };
      return { kind: 'done' };
    } catch (error) {
      if (scope.stopReason) return { kind: 'stopped', reason: scope.stopReason, logs: '' };
      if (error instanceof GuestFailure) return { kind: 'error', errorType: error.errorType, message: error.message, logs: '' };
      throw new SandboxBroken(describeHostError(error));
    } finally {
      this.endScope(scope);
    }
  }

  async execute(requestId: number, deadline: number, code: string): Promise<Reply> {
    const scope = this.beginScope(requestId, deadline, true);
    try {
      this.assertWhole();
      let functionSource: string;
      try {
        functionSource = transformCode(code, new Set([...this.toolNames, FINAL_ANSWER_FUNCTION])).functionSource;
      } catch (error) {
        if (!(error instanceof CodeSyntaxError)) throw error;
        // Its message quotes the code (the token it stopped at), which may be of any length.
        return { kind: 'error', errorType: 'SyntaxError', message: clipErrorMessage(error.message), line: error.line, logs: '' };
      }
      return await this.runAction(functionSource, scope);
    } catch (error) {
      if (error instanceof SandboxBroken) throw error;
      throw new SandboxBroken(describeHostError(error));
    } finally {
      this.endScope(scope);
    }
  }

  private async runAction(functionSource: string, scope: GuestScope): Promise<Reply> {
    const { context: vm } = this;
    const logs = () => scope.prints.text();
    const evaluated = vm.evalCode(functionSource, ACTION_FILENAME);
    if (evaluated.error) return this.errorReply(this.failure(evaluated.error), scope, logs());
    const started = vm.callFunction(this.run, this.api, evaluated.value);
    evaluated.value.dispose();
    if (started.error) return this.errorReply(this.failure(started.error), scope, logs());
    const outcome = started.value;
    try {
      for (;;) {
        this.runJobs();
        const state = vm.getPromiseState(outcome);
        if (state.type !== 'pending' || scope.shouldStop()) {
          if (state.type === 'fulfilled') return this.settledReply(state.value, scope);
          if (state.type === 'rejected') return this.errorReply(this.failure(state.error), scope, logs());
          break;
        }
        if (scope.pendingOperations === 0 && !this.runtime.hasPendingJob()) {
          return { kind: 'error', errorType: 'Error', message: executorMessage('neverSettles'), logs: logs() };
        }
        await scope.waitForWork();
        this.assertWhole();
      }
      return this.finalOr(scope, { kind: 'stopped', reason: scope.stopReason!, logs: logs() });
    } finally {
      // A broken engine is left alone (the worker drops the whole instance); thrown from here, this
      // replaces any other outcome.
      if (this.broken !== undefined) throw new SandboxBroken(this.broken);
      outcome.dispose();
      // Jobs the action left behind (an unawaited promise chain, the unwinding of a stopped action)
      // run now: under the same deadline, or, once stopped, with the interrupt still in force and
      // for a bounded number of jobs. If they cannot finish, the sandbox is replaced rather than
      // letting them run into the next action.
      if (scope.stopReason) this.drainStopped();
      else this.runJobs();
      if (this.runtime.hasPendingJob()) this.tainted = true;
    }
  }

  private settledReply(recordHandle: QuickJSHandle, scope: GuestScope): Reply {
    const record = readGuestRecord(this.context, recordHandle, this.settings);
    recordHandle.dispose();
    const logs = scope.prints.text();
    if (record.kind === 'value') return this.finalOr(scope, { kind: 'value', valueJson: record.valueJson, text: record.text, logs });
    if (record.kind === 'error') return this.errorReply(recordFailure(record, this.settings), scope, logs);
    if (record.kind === 'stopped') return this.finalOr(scope, { kind: 'value', logs });
    return this.finalOr(scope, { kind: 'error', errorType: 'Error', message: executorMessage('valueTooLarge', { limit: this.settings.maxValueChars }), logs });
  }

  /** A recorded final answer wins over whatever happened after it (a caught stop, a time-out). */
  private finalOr(scope: GuestScope, reply: Reply): Reply {
    if (scope.finalAnswerJson !== undefined) return { kind: 'final', valueJson: scope.finalAnswerJson, logs: scope.prints.text() };
    return reply;
  }

  private errorReply(failure: GuestFailure, scope: GuestScope, logs: string): Reply {
    if (scope.stopReason) return this.finalOr(scope, { kind: 'stopped', reason: scope.stopReason, logs });
    return this.finalOr(scope, { kind: 'error', errorType: failure.errorType, message: failure.message, line: failure.line, logs });
  }

  /** Runs queued guest jobs until none is left or the scope stops. */
  private runJobs(): void {
    const scope = this.scope;
    while (this.runtime.hasPendingJob() && !(scope?.shouldStop() ?? true)) {
      const result = this.runtime.executePendingJobs(JOB_BATCH);
      if (result.error) result.error.dispose();
    }
  }

  /**
   * Lets a stopped action unwind: its pending reactions run, but the interrupt handler still says
   * stop, so guest code in them ends at its first check. A chain that keeps making new jobs
   * (`spin().catch(again)`) outlasts the bound and costs the sandbox instead.
   */
  private drainStopped(): void {
    for (let batch = 0; batch < STOPPED_DRAIN_BATCHES && this.runtime.hasPendingJob(); batch++) {
      const result = this.runtime.executePendingJobs(JOB_BATCH);
      if (result.error) result.error.dispose();
    }
  }

  private beginScope(requestId: number, deadline: number, isAction: boolean): GuestScope {
    if (this.scope) throw new SandboxBroken('Two requests ran at once in one sandbox.');
    const scope = new GuestScope(requestId, deadline, isAction, this.interrupt, this.settings.maxPrintChars);
    this.scope = scope;
    return scope;
  }

  private endScope(scope: GuestScope): void {
    // Cancelling frees the pending promises' handles: that touches the engine too.
    this.touch(() => scope.end());
    this.pendingCalls.clear();
    if (this.scope === scope) this.scope = undefined;
  }

  /**
   * Runs host work on this sandbox's context that no request's stack is under: settling a guest
   * promise when a tool result arrives or a sleep ends. The engine can fail there like anywhere
   * (its heap exhausted on purpose, a trap): uncaught, that failure would end the worker thread and
   * every other sandbox on it. Caught here, it marks this sandbox broken, and the waiting action
   * ends with the sandbox lost.
   */
  private touch(body: () => void): void {
    if (this.broken !== undefined) return;
    try {
      body();
    } catch (error) {
      this.broken = describeHostError(error);
      this.scope?.wake();
    }
  }

  private assertWhole(): void {
    if (this.broken !== undefined) throw new SandboxBroken(this.broken);
  }

  /** A tool result from the host for a call of the running action (stale ones are dropped). */
  toolResult(requestId: number, callId: number, result: { ok: true; json: string } | { ok: false; message: string }): void {
    if (this.scope?.requestId !== requestId) return;
    const call = this.pendingCalls.get(callId);
    if (!call) return;
    this.touch(() => (result.ok ? call.resolve(result.json) : call.reject(result.message)));
  }

  /** The host raised the interrupt flag: a loop waiting for tool results must look at it. */
  wake(): void {
    this.scope?.wake();
  }

  private onPrint(textHandle: QuickJSHandle): void {
    const scope = this.scope;
    if (!scope?.isAction || scope.finalAnswerJson !== undefined) return;
    const text = readText(this.context, textHandle, this.settings.maxPrintChars + 1);
    scope.prints.append(text ?? executorMessage('printTooLong', { limit: this.settings.maxPrintChars }));
  }

  private onFinalAnswer(jsonHandle: QuickJSHandle): void {
    const scope = this.scope;
    if (!scope?.isAction) throw new Error(executorMessage('noActionRunning'));
    if (scope.finalAnswerJson !== undefined) return;
    const json = readText(this.context, jsonHandle, this.settings.maxValueChars);
    if (json === undefined) throw new RangeError(executorMessage('finalAnswerTooLarge', { limit: this.settings.maxValueChars }));
    scope.finalAnswerJson = json;
  }

  private onCallTool(nameHandle: QuickJSHandle, argumentsHandle: QuickJSHandle): QuickJSHandle {
    const scope = this.scope;
    const name = readText(this.context, nameHandle, 200) ?? '';
    return hostPromise(this.context, scope, (settle) => {
      if (!scope?.isAction) return settle.reject(executorMessage('noActionRunning'));
      if (scope.finalAnswerJson !== undefined) return settle.reject(executorMessage('afterFinalAnswer'));
      if (!this.toolNames.has(name)) return settle.reject(executorMessage('unknownTool', { name, tools: [...this.toolNames].join(', ') || 'none' }));
      if (++scope.toolCalls > this.settings.maxToolCallsPerAction) return settle.reject(executorMessage('tooManyToolCalls', { limit: this.settings.maxToolCallsPerAction }));
      const argumentsJson = readText(this.context, argumentsHandle, this.settings.maxValueChars);
      if (argumentsJson === undefined) return settle.reject(executorMessage('argumentsTooLarge', { name, limit: this.settings.maxValueChars }));
      // Every unanswered call's arguments sit in the host's memory (queued behind the concurrency
      // cap, or running): their total is bounded, and the call over it is refused before it is sent.
      const chars = argumentsJson.length;
      if (scope.pendingArgumentChars + chars > this.settings.maxPendingArgumentChars) {
        return settle.reject(executorMessage('argumentsBudget', { name, limit: this.settings.maxPendingArgumentChars }));
      }
      scope.pendingArgumentChars += chars;
      const callId = this.nextCallId++;
      const answered = () => {
        if (this.pendingCalls.delete(callId)) scope.pendingArgumentChars -= chars;
      };
      this.pendingCalls.set(callId, {
        resolve: (json) => (answered(), settle.resolve(json)),
        reject: (message) => (answered(), settle.reject(message)),
      });
      this.host.callTool(scope.requestId, callId, name, argumentsJson);
      return answered;
    });
  }

  private onSleep(millisecondsHandle: QuickJSHandle): QuickJSHandle {
    const scope = this.scope;
    const milliseconds = this.context.typeof(millisecondsHandle) === 'number' ? this.context.getNumber(millisecondsHandle) : 0;
    return hostPromise(this.context, scope, (settle) => {
      if (!scope?.isAction) return settle.reject(executorMessage('noActionRunning'));
      // No need to wait past the deadline: the action is stopped there anyway.
      const delay = Math.min(Math.max(0, milliseconds || 0), Math.max(0, scope.deadline - Date.now()) + 1);
      const timer = setTimeout(() => this.touch(() => settle.resolve('')), delay);
      return () => clearTimeout(timer);
    });
  }

}

function describeHostError(error: unknown): string {
  if (error instanceof SandboxBroken) return error.message;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  // quickjs-emscripten rethrows a host error from inside a callback as Error("RangeError: …").
  return text.replace(/^Error: (?=\w+Error: )/, '').slice(0, 500);
}

export { SandboxBroken };
