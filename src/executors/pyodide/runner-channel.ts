/** What a Python runner answers to `execute`. */
export interface RunnerResult {
  kind: 'value' | 'final' | 'error';
  hasValue?: boolean | undefined;
  value?: unknown | undefined;
  errorType?: string | undefined;
  message?: string | undefined;
  line?: number | null | undefined;
  logs: string;
  truncated: boolean;
}

/** A tool call from the code: the host answers with `{ok, value}` or `{ok: false, error}`. */
export type ToolReply = { ok: true; value: unknown } | { ok: false; error: string };
export type ToolCallHandler = (name: string, args: unknown) => Promise<ToolReply>;

/** The runner answered a command with a failure of its own (not an error in the model's code). */
export class RunnerCommandError extends Error {
  override readonly name = 'RunnerCommandError';
}

/**
 * The host side of the JSON-lines protocol spoken by the Python runners (the Pyodide child and the
 * Docker container): one command at a time, tool calls answered while it runs. The other side is
 * not trusted: lines that are not messages are ignored, and it can only ask for tools.
 */
export class RunnerChannel {
  private nextId = 1;
  private failure?: Error | undefined;
  private current?: { id: number; resolve: (value: unknown) => void; reject: (error: Error) => void; onToolCall?: ToolCallHandler | undefined } | undefined;
  private loadedCallbacks!: { resolve: (milliseconds: number) => void; reject: (error: Error) => void };
  /** Settles when the runner says it is loaded (with the milliseconds it took, when it knows). */
  readonly loaded: Promise<number>;

  constructor(
    private readonly writeLine: (line: string) => void,
    private readonly onBusyChange: (busy: boolean) => void = () => {},
  ) {
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

  /** Sends one command and waits for its reply, answering tool calls in between. */
  request(message: Record<string, unknown>, onToolCall?: ToolCallHandler): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.current) return Promise.reject(new Error('The Python runner is busy with another request.'));
    const id = this.nextId++;
    return new Promise<unknown>((resolve, reject) => {
      this.current = { id, resolve, reject, onToolCall };
      this.onBusyChange(true);
      this.writeLine(JSON.stringify({ ...message, id }));
    });
  }

  /** The other side is gone: every waiter learns why. */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.loadedCallbacks.reject(error);
    const current = this.current;
    this.current = undefined;
    current?.reject(error);
    this.onBusyChange(false);
  }

  receive(line: string): void {
    let message: { type?: unknown; id?: unknown; [key: string]: unknown };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    switch (message.type) {
      case 'loaded':
        this.loadedCallbacks.resolve(Number(message.milliseconds) || 0);
        return;
      case 'tool_call':
        this.answerToolCall(String(message.name), message.args, message.callId);
        return;
      case 'reply': {
        const current = this.current;
        if (!current || current.id !== message.id) return;
        this.current = undefined;
        this.onBusyChange(false);
        if (message.ok === true) current.resolve(message.result);
        else current.reject(new RunnerCommandError(String(message.message)));
        return;
      }
    }
  }

  /** `callId` is echoed back: runners that allow concurrent calls (JavaScript) match replies with it. */
  private answerToolCall(name: string, args: unknown, callId: unknown): void {
    const current = this.current;
    const handler = current?.onToolCall;
    const reply: Promise<ToolReply> = handler
      ? handler(name, args).catch((error: unknown) => ({ ok: false as const, error: String((error as Error)?.message ?? error) }))
      : Promise.resolve({ ok: false as const, error: 'No tool calls are possible now.' });
    void reply.then((answer) => {
      // The action may have ended (time-out, abort) while the tool ran: nobody waits for it then.
      if (this.current === current && !this.failure) this.writeLine(JSON.stringify({ type: 'tool_result', callId, reply: answer }));
    });
  }
}
