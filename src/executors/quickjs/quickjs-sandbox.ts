import {
  newQuickJSWASMModuleFromVariant,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSRuntime,
  type QuickJSWASMModule,
} from 'quickjs-emscripten-core';
import { executorMessages } from '../../prompts/executor-messages.js';
import { GUEST_PRELUDE } from './guest-prelude.js';
import type { PackageModuleLoader } from './package-module-loader.js';

let quickJsModule: Promise<QuickJSWASMModule> | undefined;

/** The WASM module is compiled once per process; each sandbox gets its own runtime in it. */
function loadQuickJs(): Promise<QuickJSWASMModule> {
  // The sync release build: the asyncify build is 3-4× slower and overflows the host stack (DESIGN §4).
  quickJsModule ??= newQuickJSWASMModuleFromVariant(import('@jitl/quickjs-wasmfile-release-sync'));
  return quickJsModule;
}

/** What the guest may ask of the host: print, call a tool, sleep. Each returns what the guest gets. */
export interface HostBridge {
  print(text: string): void;
  /** Starts a tool call; the returned promise settles with the JSON text of the result. */
  callTool(name: string, argumentsJson: string): Promise<string>;
  sleep(milliseconds: number): Promise<string>;
  /** True when the guest must stop now (time limit or abort); checked by QuickJS's interrupt hook. */
  shouldInterrupt(): boolean;
  /** Called after a host operation's result was handed to the guest: guest jobs are ready to run. */
  operationSettled(): void;
}

export interface SandboxLimits {
  memoryLimitBytes: number;
  maxStackSizeBytes: number;
}

/**
 * One QuickJS runtime and context with the guest prelude installed. It owns every handle it
 * creates and frees them in `dispose()`: a leaked handle aborts the WASM module.
 */
export class QuickJsSandbox {
  private readonly api: QuickJSHandle;
  private readonly bridge: HostBridge;
  /** Settles guest promises for host operations; the executor drains them between job runs. */
  private readonly openPromises = new Set<{ dispose(): void }>();

  private constructor(
    readonly runtime: QuickJSRuntime,
    readonly context: QuickJSContext,
    bridge: HostBridge,
  ) {
    this.bridge = bridge;
    const { context: vm } = this;
    const hostPrint = vm.newFunction('print', (textHandle) => {
      bridge.print(vm.getString(textHandle));
    });
    const hostCallTool = vm.newFunction('callTool', (nameHandle, argumentsHandle) =>
      this.hostPromise(bridge.callTool(vm.getString(nameHandle), vm.getString(argumentsHandle))),
    );
    const hostSleep = vm.newFunction('sleep', (millisecondsHandle) => this.hostPromise(bridge.sleep(vm.getNumber(millisecondsHandle))));
    const messagesHandle = vm.unwrapResult(vm.evalCode(`(${JSON.stringify(executorMessages)})`, 'smolagents-messages.js'));
    const preludeHandle = vm.unwrapResult(vm.evalCode(GUEST_PRELUDE, 'smolagents-prelude.js'));
    this.api = vm.unwrapResult(vm.callFunction(preludeHandle, vm.undefined, hostPrint, hostCallTool, hostSleep, messagesHandle));
    for (const handle of [hostPrint, hostCallTool, hostSleep, messagesHandle, preludeHandle]) handle.dispose();
    runtime.setInterruptHandler(() => bridge.shouldInterrupt());
  }

  static async create(bridge: HostBridge, limits: SandboxLimits, modules: PackageModuleLoader): Promise<QuickJsSandbox> {
    const quickJs = await loadQuickJs();
    const runtime = quickJs.newRuntime();
    runtime.setMemoryLimit(limits.memoryLimitBytes);
    // The default stack allowance lets deep recursion overflow the host's stack (DESIGN §4).
    runtime.setMaxStackSize(limits.maxStackSizeBytes);
    runtime.setModuleLoader(
      (moduleName) => {
        try {
          return modules.load(moduleName);
        } catch (error) {
          return { error: error as Error };
        }
      },
      (baseModuleName, requestedName) => {
        try {
          return modules.normalize(baseModuleName, requestedName);
        } catch (error) {
          return { error: error as Error };
        }
      },
    );
    return new QuickJsSandbox(runtime, runtime.newContext(), bridge);
  }

  /** Calls one of the prelude's internal functions with string arguments. */
  callApi(method: 'defineTools' | 'setVariables', argument: string): void {
    const { context: vm } = this;
    const functionHandle = vm.getProp(this.api, method);
    const argumentHandle = vm.newString(argument);
    try {
      vm.unwrapResult(vm.callFunction(functionHandle, this.api, argumentHandle)).dispose();
    } finally {
      argumentHandle.dispose();
      functionHandle.dispose();
    }
    this.runtime.executePendingJobs();
  }

  /**
   * Evaluates `(async function () {…})` and starts it through the prelude's `run`, which settles
   * with a JSON outcome. Returns the outcome promise's handle, or throws the guest's dumped error.
   */
  startAction(functionSource: string, filename: string): QuickJSHandle {
    const { context: vm } = this;
    const evaluated = vm.evalCode(functionSource, filename);
    if (evaluated.error) {
      const error = vm.dump(evaluated.error);
      evaluated.error.dispose();
      throw new GuestError(error);
    }
    const runHandle = vm.getProp(this.api, 'run');
    const started = vm.callFunction(runHandle, this.api, evaluated.value);
    runHandle.dispose();
    evaluated.value.dispose();
    if (started.error) {
      const error = vm.dump(started.error);
      started.error.dispose();
      throw new GuestError(error);
    }
    return started.value;
  }

  /** Runs queued guest jobs; a job that could not even report its error (interrupt, OOM) throws. */
  runJobs(): void {
    const result = this.runtime.executePendingJobs();
    if (result.error) {
      const error = this.context.dump(result.error);
      result.error.dispose();
      throw new GuestError(error);
    }
  }

  /** The JSON outcome if the action has finished, otherwise undefined. */
  outcome(promiseHandle: QuickJSHandle): string | undefined {
    const state = this.context.getPromiseState(promiseHandle);
    if (state.type === 'pending') return undefined;
    if (state.type === 'rejected') {
      const error = this.context.dump(state.error);
      state.error.dispose();
      throw new GuestError(error);
    }
    const text = this.context.getString(state.value);
    state.value.dispose();
    return text;
  }

  private hostPromise(work: Promise<string>): QuickJSHandle {
    const { context: vm } = this;
    const deferred = vm.newPromise();
    this.openPromises.add(deferred);
    work.then(
      (text) => {
        if (!this.context.alive || !this.openPromises.has(deferred)) return;
        const handle = vm.newString(text);
        deferred.resolve(handle);
        handle.dispose();
      },
      (error: unknown) => {
        if (!this.context.alive || !this.openPromises.has(deferred)) return;
        const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
        const handle = vm.newError({ name, message });
        deferred.reject(handle);
        handle.dispose();
      },
    ).finally(() => {
      if (!this.openPromises.delete(deferred)) return;
      deferred.dispose();
      this.bridge.operationSettled();
    });
    return deferred.handle;
  }

  /** Host operations whose results the guest is still waiting for. */
  get pendingOperations(): number {
    return this.openPromises.size;
  }

  /**
   * Forgets host operations still in flight, so their late results can never resume the code of
   * an action that was already stopped (a timed-out step must not run on during the next one).
   */
  abandonHostOperations(): void {
    for (const deferred of this.openPromises) deferred.dispose();
    this.openPromises.clear();
  }

  dispose(): void {
    this.abandonHostOperations();
    this.api.dispose();
    this.context.dispose();
    this.runtime.dispose();
  }
}

/** An error dumped from the guest: usually `{ name, message, stack }`, sometimes a bare value. */
export class GuestError extends Error {
  readonly guestName: string;
  readonly guestStack: string;
  constructor(dumped: unknown) {
    const record = (dumped && typeof dumped === 'object' ? dumped : { message: String(dumped) }) as Record<string, unknown>;
    super(typeof record.message === 'string' ? record.message : String(dumped));
    this.guestName = typeof record.name === 'string' ? record.name : 'Error';
    this.guestStack = typeof record.stack === 'string' ? record.stack : '';
  }
}
