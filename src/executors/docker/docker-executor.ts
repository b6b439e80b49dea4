import { CodeExecutionError } from '../../errors.js';
import { assertInstalled, importOptional } from '../../optional-dependency.js';
import { pythonExecutorMessages } from '../../prompts/code-agent-python.js';
import { executorMessage, executorMessages } from '../../prompts/executor-messages.js';
import { renderPrompt } from '../../prompts/template.js';
import { FINAL_ANSWER_TOOL_NAME } from '../../tools/final-answer-tool.js';
import type { Tool } from '../../tools/tool.js';
import type { CodeExecutor, CodeLanguage, ExecuteOptions, ExecutionResult } from '../executor.js';
import { SandboxSlot } from '../sandbox-slot.js';
import { PYTHON_RUNNER_SOURCE } from '../pyodide/python-runner.js';
import { mapToolArguments } from '../quickjs/tool-arguments.js';
import { ProtocolViolationError } from '../pyodide/runner-channel.js';
import { stringifyWire, toWire } from '../pyodide/wire-values.js';
import { answerToolCall, jsonValue, maxMessageBytes, pythonAuthorizedImports, runnerConfig, toExecutionResult, toolsJson } from '../pyodide/runner-host.js';
import { ContainerExitError, ContainerSession, type DockerClient } from './container-session.js';
import { NODE_BOOTSTRAP } from './node-bootstrap.js';
import { PYTHON_BOOTSTRAP } from './python-bootstrap.js';

export interface DockerExecutorOptions {
  /** The language of the actions. Default 'python'. */
  language?: CodeLanguage | undefined;
  /** Image with python3 (Python) or node ≥ 18 (JavaScript) on its PATH. Default `python:3.12-slim` / `node:20-slim`. */
  image?: string | undefined;
  /** A dockerode instance, or options for one (`{ socketPath }`, `{ host, port }`). Default: dockerode's defaults (DOCKER_HOST or /var/run/docker.sock). */
  docker?: DockerClient | Record<string, unknown> | undefined;
  /** Pull the image when it is missing. Default 'missing'. */
  pull?: 'missing' | 'never' | undefined;
  /** Give the container a network. Default false (`NetworkMode: 'none'`). */
  network?: boolean | undefined;
  /** Container memory limit (no swap). Default 512 MB. */
  memoryLimitMb?: number | undefined;
  /** CPUs the container may use. Default 1. */
  cpus?: number | undefined;
  /** Processes the container may run. Default 64. */
  pidsLimit?: number | undefined;
  /** Wall-clock limit for one action, tool calls included. Default 30 s. */
  timeoutMs?: number | undefined;
  /** Printed characters kept per action. Default 50,000. */
  maxPrintChars?: number | undefined;
  /** Tool calls one action may make (counted by the host; later calls raise an error in the code). Default 1,000. */
  maxToolCallsPerAction?: number | undefined;
  /** Python modules the code may import beyond the standard set ('*' allows any). Python only. */
  additionalAuthorizedImports?: string[] | undefined;
  /** Merged into the create-container request last (labels, volumes, a runtime such as gVisor's runsc...). */
  containerOptions?: Record<string, unknown> | undefined;
}

type StopReason = 'timeout' | 'abort';

/** The JavaScript prelude's caps inside the container (the LocalJsExecutor defaults). */
const JS_MAX_VALUE_CHARS = 1_000_000;
const JS_MAX_TOOL_CALLS = 1_000;

/** How long an interrupted action may take to unwind before the container is killed. */
const INTERRUPT_GRACE_MS = 1000;

/**
 * Runs code actions (Python, or JavaScript) in a Docker container, one per executor, reused between
 * actions so that variables persist: no network, limited memory, CPUs and processes, all
 * capabilities dropped, read-only root file system with a small /tmp. Tools run on the host: the
 * code calls them over the container's stdin/stdout. Works with any Docker Engine API (Docker,
 * Podman's service).
 */
export class DockerExecutor implements CodeExecutor {
  readonly language: CodeLanguage;
  readonly authorizedImports: readonly string[];
  readonly memoryLimitMb: number;
  readonly maxPrintChars: number;
  readonly maxToolCallsPerAction: number;
  private readonly options: DockerExecutorOptions;
  private readonly timeoutMs: number;
  private tools = new Map<string, Tool>();
  private variables: Record<string, unknown> = {};
  private readonly session = new SandboxSlot(() => this.startSession());
  private docker?: Promise<DockerClient> | undefined;
  private running = false;
  private disposed = false;

  constructor(options: DockerExecutorOptions = {}) {
    this.options = options;
    this.language = options.language ?? 'python';
    this.authorizedImports = this.language === 'python' ? pythonAuthorizedImports(options.additionalAuthorizedImports ?? []) : [];
    this.memoryLimitMb = options.memoryLimitMb ?? 512;
    this.maxPrintChars = options.maxPrintChars ?? 50_000;
    this.maxToolCallsPerAction = options.maxToolCallsPerAction ?? JS_MAX_TOOL_CALLS;
    if (!(Number.isSafeInteger(this.maxToolCallsPerAction) && this.maxToolCallsPerAction >= 1 && this.maxToolCallsPerAction <= 100_000)) {
      throw new RangeError(`DockerExecutor: maxToolCallsPerAction must be a whole number from 1 to 100000; got ${String(options.maxToolCallsPerAction)}.`);
    }
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (!isDockerClient(options.docker)) assertInstalled('dockerode', 'DockerExecutor');
  }

  /**
   * Checks that the Docker engine answers, without starting anything: the CLI calls it before the
   * first model request. Throws the engine's connection error (ENOENT, ECONNREFUSED…) otherwise.
   */
  async ping(): Promise<void> {
    const client = await this.client();
    await client.ping?.();
  }

  /** The create-container request (exported for inspection and tests). */
  createOptions(): Record<string, unknown> {
    const memory = Math.round(this.memoryLimitMb * 1024 * 1024);
    const network = this.options.network === true;
    return {
      ...(this.language === 'python'
        ? {
            Image: this.options.image ?? 'python:3.12-slim',
            Cmd: ['python3', '-u', '-c', PYTHON_BOOTSTRAP],
            Env: ['PYTHONDONTWRITEBYTECODE=1', 'PYTHONIOENCODING=utf-8'],
          }
        : {
            Image: this.options.image ?? 'node:20-slim',
            // --experimental-vm-modules lets an import in the action fail with our message (importModuleDynamically).
            Cmd: ['node', '--experimental-vm-modules', '--no-warnings', `--max-old-space-size=${Math.max(32, Math.round(this.memoryLimitMb * 0.75))}`, '-e', NODE_BOOTSTRAP],
            Env: ['NODE_ENV=production'],
          }),
      WorkingDir: '/tmp',
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      OpenStdin: true,
      // When the host goes away (even killed), its attach connection drops, stdin closes, the runner
      // exits on EOF and AutoRemove deletes the container: no signal handlers needed in the host.
      StdinOnce: true,
      Tty: false,
      NetworkDisabled: !network,
      Labels: { 'smolagents-ts': 'executor' },
      HostConfig: {
        NetworkMode: network ? 'bridge' : 'none',
        Memory: memory,
        MemorySwap: memory,
        NanoCpus: Math.round((this.options.cpus ?? 1) * 1e9),
        PidsLimit: this.options.pidsLimit ?? 64,
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        ReadonlyRootfs: true,
        Tmpfs: { '/tmp': 'rw,size=64m' },
        AutoRemove: true,
      },
      ...this.options.containerOptions,
    };
  }

  /** The options as JSON, for a saved agent (src/sharing): the Docker connection and `containerOptions` stay on this machine. */
  get settings(): Record<string, unknown> {
    const { image, pull, network, cpus, pidsLimit, additionalAuthorizedImports } = this.options;
    return JSON.parse(
      JSON.stringify({ language: this.language, image, pull, network, cpus, pidsLimit, additionalAuthorizedImports, memoryLimitMb: this.memoryLimitMb, timeoutMs: this.timeoutMs, maxPrintChars: this.maxPrintChars, maxToolCallsPerAction: this.maxToolCallsPerAction }),
    ) as Record<string, unknown>;
  }

  async sendTools(tools: readonly Tool[]): Promise<void> {
    this.tools = new Map(tools.filter((tool) => tool.name !== FINAL_ANSWER_TOOL_NAME).map((tool) => [tool.name, tool]));
    const session = await this.ready();
    await session.request({ type: 'tools', json: toolsJson(this.tools.values()) });
  }

  /** Python gets the values exactly (bigint, bytes…, the wire format); JavaScript gets JSON. */
  async sendVariables(variables: Record<string, unknown>): Promise<void> {
    const json = this.variablesJson(variables);
    this.variables = { ...this.variables, ...variables };
    const session = await this.ready();
    await session.request({ type: 'variables', json });
  }

  private variablesJson(variables: Record<string, unknown>): string {
    return this.language === 'python' ? stringifyWire(variables) : JSON.stringify(variables);
  }

  async execute(code: string, options: ExecuteOptions = {}): Promise<ExecutionResult> {
    if (this.running) throw new Error('DockerExecutor runs one action at a time; await the previous execute() first.');
    this.running = true;
    try {
      return await this.executeAction(code, options.signal);
    } finally {
      this.running = false;
    }
  }

  private async executeAction(code: string, signal: AbortSignal | undefined): Promise<ExecutionResult> {
    if (signal?.aborted) throw new CodeExecutionError(executorMessage('aborted'), { errorType: 'AbortError' });
    const command = await this.executeCommand(code);
    const session = await this.ready();
    const controller = new AbortController();
    let stopReason: StopReason | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (reason: StopReason) => {
      if (stopReason) return;
      stopReason = reason;
      controller.abort();
      // First a KeyboardInterrupt, which keeps the state; a process that ignores it is killed.
      void session.interrupt();
      killTimer = setTimeout(() => void session.destroy(), INTERRUPT_GRACE_MS);
    };
    const timer = setTimeout(() => stop('timeout'), this.timeoutMs);
    const onAbort = () => stop('abort');
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await session.request(command, (name, args) => {
        const tool = this.tools.get(name);
        // JavaScript passes the call's arguments as a list; they map onto the parameters like in QuickJS.
        let named: unknown;
        try {
          named = Array.isArray(args) && tool ? mapToolArguments(tool, args) : args;
        } catch (error) {
          return Promise.resolve({ ok: false as const, error: (error as Error).message });
        }
        return answerToolCall(this.tools, name, named, controller.signal, this.language === 'python' ? toWire : jsonValue);
      });
      if (stopReason) throw this.stopped(stopReason, false);
      return toExecutionResult(result, this);
    } catch (error) {
      if (error instanceof CodeExecutionError) throw error;
      if (stopReason && !(error instanceof ContainerExitError)) throw this.stopped(stopReason, false);
      await this.restart(session);
      if (stopReason) throw this.stopped(stopReason, true);
      throw this.crashed(error);
    } finally {
      clearTimeout(timer);
      clearTimeout(killTimer);
      signal?.removeEventListener('abort', onAbort);
      controller.abort();
    }
  }

  /** Python code goes as is; JavaScript is rewritten on the host exactly as for QuickJS. */
  private async executeCommand(code: string): Promise<Record<string, unknown>> {
    if (this.language === 'python') return { type: 'execute', code, maxPrintChars: this.maxPrintChars };
    const { transformCode, CodeSyntaxError } = await import('../quickjs/transform-code.js');
    try {
      const { functionSource } = transformCode(code, new Set([...this.tools.keys(), FINAL_ANSWER_TOOL_NAME]));
      return { type: 'execute', functionSource, maxPrintChars: this.maxPrintChars };
    } catch (error) {
      if (!(error instanceof CodeSyntaxError)) throw error;
      throw new CodeExecutionError(error.message, { errorType: 'SyntaxError', line: error.line, logs: '' });
    }
  }

  private stopped(reason: StopReason, restarted: boolean): CodeExecutionError {
    const suffix = restarted ? this.restartedNote() : '';
    if (reason === 'timeout') {
      return new CodeExecutionError(executorMessage('timeout', { seconds: this.timeoutMs / 1000 }) + suffix, { errorType: 'TimeoutError' });
    }
    return new CodeExecutionError(executorMessage('aborted') + suffix, { errorType: 'AbortError' });
  }

  private restartedNote(): string {
    return this.language === 'python' ? pythonExecutorMessages.interpreterRestarted : pythonExecutorMessages.sandboxRestarted;
  }

  private crashed(error: unknown): CodeExecutionError {
    const restarted = this.restartedNote();
    if (error instanceof ProtocolViolationError) {
      return new CodeExecutionError(renderPrompt(pythonExecutorMessages.protocolViolation, { reason: error.message }) + restarted, { errorType: 'InterpreterError', cause: error });
    }
    const outOfMemory = error instanceof ContainerExitError && /heap out of memory|MemoryError/.test(error.stderrTail);
    if (outOfMemory || (error instanceof ContainerExitError && error.statusCode === 137)) {
      return new CodeExecutionError(executorMessage('outOfMemory', { megabytes: this.memoryLimitMb }) + restarted, { errorType: 'MemoryError', cause: error });
    }
    const detail = error instanceof ContainerExitError ? error.stderrTail : String((error as Error)?.message ?? error);
    const reason = detail.trim().split('\n').filter(Boolean).slice(-1)[0] ?? (error as Error)?.message ?? 'unknown';
    return new CodeExecutionError(renderPrompt(pythonExecutorMessages.interpreterCrashed, { reason }) + restarted, { errorType: 'InterpreterError', cause: error });
  }

  private async restart(session: ContainerSession): Promise<void> {
    this.session.clear();
    await session.destroy();
  }

  private client(): Promise<DockerClient> {
    this.docker ??= (async () => {
      const given = this.options.docker;
      if (isDockerClient(given)) return given;
      // Loaded on first use: users of the other executors do not need dockerode installed.
      const { default: Docker } = await importOptional<{ default: typeof import('dockerode') }>('dockerode', 'DockerExecutor');
      return new Docker(given as ConstructorParameters<typeof Docker>[0]) as unknown as DockerClient;
    })();
    return this.docker;
  }

  private ready(): Promise<ContainerSession> {
    if (this.disposed) return Promise.reject(new Error('This DockerExecutor was disposed.'));
    return this.session.get();
  }

  private async startSession(): Promise<ContainerSession> {
    const session = await ContainerSession.start(await this.client(), this.createOptions(), this.options.pull ?? 'missing', this.language, maxMessageBytes(this.maxPrintChars), this.maxToolCallsPerAction);
    try {
      await session.channel.loaded;
      await session.request(await this.configureCommand());
      if (this.tools.size > 0) await session.request({ type: 'tools', json: toolsJson(this.tools.values()) });
      if (Object.keys(this.variables).length > 0) await session.request({ type: 'variables', json: this.variablesJson(this.variables) });
    } catch (error) {
      await session.destroy();
      throw error;
    }
    if (this.disposed) {
      await session.destroy();
      throw new Error('This DockerExecutor was disposed.');
    }
    return session;
  }

  private async configureCommand(): Promise<Record<string, unknown>> {
    if (this.language === 'javascript') {
      const { GUEST_PRELUDE } = await import('../quickjs/guest-prelude.js');
      const { MAX_ERROR_MESSAGE_CHARS, MAX_ERROR_NAME_CHARS } = await import('../quickjs/sandbox-protocol.js');
      const limits = { maxPrintChars: this.maxPrintChars, maxValueChars: JS_MAX_VALUE_CHARS, maxToolCallsPerAction: this.maxToolCallsPerAction, maxErrorChars: MAX_ERROR_MESSAGE_CHARS, maxErrorNameChars: MAX_ERROR_NAME_CHARS };
      return { type: 'configure', prelude: GUEST_PRELUDE, messages: executorMessages, limits };
    }
    const config = runnerConfig(this.options.additionalAuthorizedImports ?? [], {
      addressSpaceLimitBytes: Math.round(this.memoryLimitMb * 0.9 * 1024 * 1024),
    });
    return { type: 'configure', runner: PYTHON_RUNNER_SOURCE, config };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    const session = await this.session.take();
    await session?.destroy();
  }
}

function isDockerClient(value: unknown): value is DockerClient {
  return typeof (value as DockerClient | undefined)?.createContainer === 'function';
}
