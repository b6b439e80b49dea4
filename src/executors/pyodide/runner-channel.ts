import { executorMessage } from '../../prompts/executor-messages.js';
import { parseWire } from './wire-values.js';

/** What a Python runner answers to `execute`. */
export interface RunnerResult {
  kind: 'value' | 'final' | 'error';
  hasValue?: boolean | undefined;
  value?: unknown | undefined;
  /** How Python shows the value (its str for text, its repr otherwise). */
  text?: string | undefined;
  errorType?: string | undefined;
  message?: string | undefined;
  line?: number | null | undefined;
  logs: string;
  truncated: boolean;
}

/** A tool call from the code: the host answers with `{ok, value}` (value in the wire format) or `{ok: false, error}`. */
export type ToolReply = { ok: true; value: unknown } | { ok: false; error: string };
export type ToolCallHandler = (name: string, args: unknown) => Promise<ToolReply>;

/** The runner answered a command with a failure of its own (not an error in the model's code). */
export class RunnerCommandError extends Error {
  override readonly name = 'RunnerCommandError';
}

/** The other side sent something the protocol does not allow; it is killed and replaced. */
export class ProtocolViolationError extends Error {
  override readonly name = 'ProtocolViolationError';
}

export interface RunnerChannelOptions {
  writeLine: (line: string) => void;
  /** Called once, when the other side breaks the protocol: its owner must kill it. */
  onViolation: (error: ProtocolViolationError) => void;
  onBusyChange?: ((busy: boolean) => void) | undefined;
  /** Takes the `loaded` message (e.g. a snapshot); throws ProtocolViolationError to refuse it. */
  onLoaded?: ((message: Readonly<Record<string, unknown>>) => void) | undefined;
  /** Tool calls that may be open at once: 1 for Python (a call blocks it), more for JavaScript. */
  maxOpenToolCalls?: number | undefined;
  /**
   * Tool calls one command may make (default 1,000, as the JS sandbox's maxToolCallsPerAction); the
   * ones past it are answered with an error the code sees, without running the tool.
   */
  maxToolCallsPerAction?: number | undefined;
  /** How lines are parsed: the wire format for Python runners (default), plain JSON for JavaScript. */
  parseLine?: ((line: string) => unknown) | undefined;
}

const MAX_TOOL_NAME_CHARS = 200;
const DEFAULT_MAX_TOOL_CALLS_PER_ACTION = 1_000;

/**
 * The host side of the JSON-lines protocol spoken by the Python runners (the Pyodide child and the
 * Docker container) and the Docker JavaScript runner: one command at a time, tool calls answered
 * while it runs. Nothing the other side says is trusted (issue 16): it says `loaded` once, before
 * any command, and `fatal` only then; afterwards only a reply to the command in flight or a tool call
 * during one. Anything else — a line that is not JSON, a second `loaded`, a reply to nothing, a tool
 * call while idle or past the limit of open calls — is a protocol violation: every waiter fails and
 * the owner kills the other side.
 */
export class RunnerChannel {
  private nextId = 1;
  private state: 'starting' | 'ready' | 'failed' = 'starting';
  private failure?: Error | undefined;
  private openToolCalls = 0;
  private toolCallsThisCommand = 0;
  private lastFatalMessage?: string | undefined;
  private current?: { id: number; resolve: (value: unknown) => void; reject: (error: Error) => void; onToolCall?: ToolCallHandler | undefined } | undefined;
  private loadedCallbacks!: { resolve: (milliseconds: number) => void; reject: (error: Error) => void };
  /** Settles when the runner says it is loaded (with the milliseconds it took, when it knows). */
  readonly loaded: Promise<number>;

  constructor(private readonly options: RunnerChannelOptions) {
    this.loaded = new Promise<number>((resolve, reject) => {
      this.loadedCallbacks = { resolve, reject };
    });
    // Nobody may be awaiting `loaded` (a warm start): do not let its rejection go unhandled.
    this.loaded.catch(() => undefined);
  }

  get busy(): boolean {
    return this.current !== undefined;
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  /** What the runner said in a `fatal` message while loading, if it did. */
  get fatalMessage(): string | undefined {
    return this.lastFatalMessage;
  }

  /** Sends one command and waits for its reply, answering tool calls in between when `onToolCall` is given. */
  request(message: Record<string, unknown>, onToolCall?: ToolCallHandler): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.state !== 'ready') return Promise.reject(new Error('The runner is not loaded yet.'));
    if (this.current) return Promise.reject(new Error('The runner is busy with another request.'));
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.current = { id, resolve, reject, onToolCall };
      this.toolCallsThisCommand = 0;
      this.options.onBusyChange?.(true);
      this.options.writeLine(JSON.stringify({ ...message, id }));
    });
  }

  /** The other side is gone: every waiter learns why. */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.state = 'failed';
    this.loadedCallbacks.reject(error);
    const current = this.current;
    this.current = undefined;
    current?.reject(error);
    this.options.onBusyChange?.(false);
  }

  /** Reports a violation found outside the channel (e.g. a line too long), exactly as one found here. */
  violate(reason: string): void {
    if (this.failure) return;
    const error = new ProtocolViolationError(reason);
    this.fail(error);
    this.options.onViolation(error);
  }

  receive(line: string): void {
    if (this.state === 'failed') return;
    let message: unknown;
    try {
      message = (this.options.parseLine ?? parseWire)(line);
    } catch (error) {
      this.violate(`a line that is not a message (${(error as Error).message.slice(0, 100)})`);
      return;
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message) || typeof (message as { type?: unknown }).type !== 'string') {
      this.violate('a message without a type');
      return;
    }
    const record = message as Record<string, unknown>;
    if (this.state === 'starting') this.receiveWhileStarting(record);
    else this.receiveWhileReady(record);
  }

  private receiveWhileStarting(message: Record<string, unknown>): void {
    if (message.type === 'fatal' && typeof message.message === 'string') {
      this.lastFatalMessage = message.message;
      return;
    }
    if (message.type !== 'loaded') {
      this.violate(`a '${String(message.type)}' message before 'loaded'`);
      return;
    }
    const milliseconds = message.milliseconds ?? 0;
    if (typeof milliseconds !== 'number' || !Number.isFinite(milliseconds)) {
      this.violate("a 'loaded' message with a bad duration");
      return;
    }
    try {
      this.options.onLoaded?.(message);
    } catch (error) {
      this.violate(error instanceof ProtocolViolationError ? error.message : `a 'loaded' message that was refused (${String(error)})`);
      return;
    }
    this.state = 'ready';
    this.loadedCallbacks.resolve(milliseconds);
  }

  private receiveWhileReady(message: Record<string, unknown>): void {
    const current = this.current;
    switch (message.type) {
      case 'reply': {
        if (!current || message.id !== current.id || typeof message.ok !== 'boolean') {
          this.violate(current ? 'a reply that does not match the command in flight' : 'a reply while no command was in flight');
          return;
        }
        this.current = undefined;
        this.openToolCalls = 0;
        this.options.onBusyChange?.(false);
        if (message.ok) current.resolve(message.result);
        else current.reject(new RunnerCommandError(typeof message.message === 'string' ? message.message : 'The runner failed.'));
        return;
      }
      case 'tool_call': {
        const name = message.name;
        if (!current?.onToolCall) {
          this.violate('a tool call while no action was running');
          return;
        }
        if (typeof name !== 'string' || name.length === 0 || name.length > MAX_TOOL_NAME_CHARS) {
          this.violate('a tool call without a valid name');
          return;
        }
        if (this.openToolCalls >= (this.options.maxOpenToolCalls ?? 1)) {
          this.violate('more tool calls open at once than the runner can make');
          return;
        }
        this.openToolCalls++;
        const limit = this.options.maxToolCallsPerAction ?? DEFAULT_MAX_TOOL_CALLS_PER_ACTION;
        if (++this.toolCallsThisCommand > limit) {
          this.sendToolResult(current, message.callId, { ok: false, error: executorMessage('tooManyToolCalls', { limit }) });
          return;
        }
        this.answerToolCall(current, name, message.args, message.callId);
        return;
      }
      default:
        this.violate(`a '${String(message.type).slice(0, 50)}' message after 'loaded'`);
    }
  }

  /** `callId` is echoed back: runners that allow concurrent calls (JavaScript) match replies with it. */
  private answerToolCall(current: NonNullable<RunnerChannel['current']>, name: string, args: unknown, callId: unknown): void {
    const reply: Promise<ToolReply> = current
      .onToolCall!(name, args)
      .catch((error: unknown) => ({ ok: false as const, error: String((error as Error)?.message ?? error) }));
    void reply.then((answer) => this.sendToolResult(current, callId, answer));
  }

  private sendToolResult(current: NonNullable<RunnerChannel['current']>, callId: unknown, answer: ToolReply): void {
    // The action may have ended (time-out, abort) while the tool ran: nobody waits for it then.
    if (this.current !== current || this.failure) return;
    this.openToolCalls--;
    const id = typeof callId === 'number' ? callId : undefined;
    let line: string;
    try {
      line = JSON.stringify({ type: 'tool_result', callId: id, reply: answer });
    } catch (error) {
      line = JSON.stringify({ type: 'tool_result', callId: id, reply: { ok: false, error: `The tool's result could not be sent: ${(error as Error).message}` } });
    }
    this.options.writeLine(line);
  }
}
