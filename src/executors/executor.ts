import type { Tool } from '../tools/tool.js';

/** The language a code executor runs; the agent picks prompts and code-fence parsing from it. */
export type CodeLanguage = 'javascript' | 'python';

export interface ExecuteOptions {
  /** Aborting stops the running code (and any awaited tool) as soon as possible. */
  signal?: AbortSignal | undefined;
}

export interface ExecutionResult {
  /** The final answer if `isFinalAnswer`, otherwise the value of the last expression (or undefined). */
  output: unknown;
  /** Everything printed (console.log / print), capped by the executor's print limit. */
  logs: string;
  /** True when the code called `final_answer(...)`. */
  isFinalAnswer: boolean;
}

/**
 * Runs the model's code actions. State (variables) persists between `execute` calls until
 * `dispose()`. Failures are thrown as `CodeExecutionError` carrying the logs printed so far.
 */
export interface CodeExecutor {
  readonly language: CodeLanguage;
  /** Modules the code may import beyond the defaults (shown to the model in the system prompt). */
  readonly authorizedImports?: readonly string[] | undefined;
  /** The executor's options as JSON, without secrets or connections: what a saved agent records. */
  readonly settings?: Readonly<Record<string, unknown>> | undefined;
  /** Makes tools callable from the code as functions named after them (replaces earlier tools). */
  sendTools(tools: readonly Tool[]): Promise<void>;
  /** Defines global variables in the code's scope (JSON-serializable values). */
  sendVariables(variables: Record<string, unknown>): Promise<void>;
  execute(code: string, options?: ExecuteOptions): Promise<ExecutionResult>;
  /**
   * Starts over in a fresh sandbox: the code's variables are gone, and its tools and
   * `final_answer` are the real ones again, whatever earlier code did to them. Optional.
   */
  reset?(): Promise<void>;
  /** Frees the sandbox. The executor cannot be used afterwards. */
  dispose(): Promise<void>;
}
