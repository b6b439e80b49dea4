/**
 * The error hierarchy. Errors are data: constructors never log, the CLI renders them.
 * This file is a leaf so that every layer (models, tools, executors, agents) can import it.
 */

/** A provider answered with an error, or could not be reached. */
export class ModelError extends Error {
  override readonly name: string = 'ModelError';
  /** HTTP status when the provider answered; undefined for network errors. */
  readonly status?: number | undefined;
  /** The provider's own error message, verbatim. */
  readonly providerMessage?: string | undefined;
  readonly retryable: boolean;
  /** How long the provider asked us to wait (from Retry-After), if it said. */
  readonly retryAfterMs?: number | undefined;

  constructor(
    message: string,
    options: { status?: number | undefined; providerMessage?: string | undefined; retryable?: boolean | undefined; retryAfterMs?: number | undefined; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.status = options.status;
    this.providerMessage = options.providerMessage;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A tool was called with arguments that do not match its input schema. */
export class ToolArgumentsError extends Error {
  override readonly name: string = 'ToolArgumentsError';
  constructor(readonly toolName: string, message: string) {
    super(message);
  }
}

/** A tool returned a result that does not match the result type it declares (`outputSchema` or `outputType`). */
export class ToolResultError extends Error {
  override readonly name: string = 'ToolResultError';
  constructor(readonly toolName: string, message: string) {
    super(message);
  }
}

/** Code run by an executor failed. `logs` keeps what it printed before failing. */
export class CodeExecutionError extends Error {
  override readonly name: string = 'CodeExecutionError';
  /** The guest-side error type, e.g. "TypeError", "SyntaxError", "InterruptedError". */
  readonly errorType: string;
  readonly line?: number | undefined;
  readonly logs: string;

  constructor(message: string, options: { errorType: string; line?: number | undefined; logs?: string | undefined; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.errorType = options.errorType;
    this.line = options.line;
    this.logs = options.logs ?? '';
  }
}

/** An optional integration's package is not installed; the message names the install command. */
export class MissingDependencyError extends Error {
  override readonly name: string = 'MissingDependencyError';
  /** The command that installs what is missing, e.g. `npm install pyodide`. */
  readonly installCommand: string;
  constructor(readonly packageName: string, readonly feature: string, options?: { cause?: unknown }) {
    const installCommand = `npm install ${packageName}`;
    super(`${feature} needs the optional package '${packageName}', which is not installed. Run \`${installCommand}\`.`, options);
    this.installCommand = installCommand;
  }
}

/** Base of the errors raised by the agent loop. */
export class AgentError extends Error {
  override readonly name: string = 'AgentError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The model's reply could not be parsed into an action (no code block, bad JSON tool call...). */
export class AgentParsingError extends AgentError {
  override readonly name: string = 'AgentParsingError';
}

/** The code action failed while running. */
export class AgentExecutionError extends AgentError {
  override readonly name: string = 'AgentExecutionError';
}

/** A tool call named an unknown tool or carried bad arguments. */
export class AgentToolCallError extends AgentError {
  override readonly name: string = 'AgentToolCallError';
}

/** A tool threw while running. */
export class AgentToolExecutionError extends AgentError {
  override readonly name: string = 'AgentToolExecutionError';
}

/**
 * Keeps the run's memory on an error without printing it: `steps` is not enumerable, so an uncaught
 * error (or `console.error(error)`) shows its message, stack and cause, not every step and the
 * system prompt.
 */
function attachSteps(error: Error, steps: readonly unknown[]): void {
  Object.defineProperty(error, 'steps', { value: steps, enumerable: false, writable: false, configurable: true });
}

/** The model provider failed; the run cannot go on. Carries the memory so far. */
export class AgentGenerationError extends AgentError {
  override readonly name: string = 'AgentGenerationError';
  /** The memory so far (not enumerable: printing the error does not print it). */
  declare readonly steps: readonly unknown[];
  constructor(message: string, steps: readonly unknown[], options?: { cause?: unknown }) {
    super(message, options);
    attachSteps(this, steps);
  }
}

/** The run used all its steps without a final answer. */
export class AgentMaxStepsError extends AgentError {
  override readonly name: string = 'AgentMaxStepsError';
}

/** The run was cancelled through its AbortSignal; `cause` is the signal's reason. */
export class AgentAbortedError extends AgentError {
  override readonly name: string = 'AgentAbortedError';
  /** The memory so far (not enumerable: printing the error does not print it). */
  declare readonly steps: readonly unknown[];
  constructor(message: string, steps: readonly unknown[], options?: { cause?: unknown }) {
    super(message, options);
    attachSteps(this, steps);
  }
}
