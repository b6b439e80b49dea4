import { z } from 'zod/v4';
import type { CodeExecutor } from '../executors/executor.js';
import { defaultToolPrompts } from '../prompts/default-tools.js';
import { renderPrompt } from '../prompts/template.js';
import { interpreterFailure } from './interpreter-failure.js';
import { Tool, type ToolContext } from './tool.js';

export interface JsInterpreterToolOptions {
  /** Pure-JS packages installed beside the project that snippets may `import`. */
  additionalAuthorizedImports?: string[] | undefined;
  /** Wall-clock limit per snippet. Default 30 s (the executor's default). */
  timeoutMs?: number | undefined;
  /** Printed characters kept per snippet. Default 50,000. */
  maxPrintChars?: number | undefined;
}

const prompts = defaultToolPrompts.jsInterpreter;

const inputSchema = z.object({
  code: z.string().min(1).describe(prompts.codeParameter),
});

type JsInterpreterArgs = z.output<typeof inputSchema>;

/**
 * Runs a JavaScript snippet in the QuickJS sandbox and returns what it printed and its last value:
 * gives a tool-calling agent a calculator and scratchpad (smolagents' PythonInterpreterTool).
 * Each call gets a fresh sandbox, so snippets cannot leak state into one another.
 */
export class JsInterpreterTool extends Tool<JsInterpreterArgs, string> {
  readonly name = 'js_interpreter';
  readonly description: string;
  readonly inputSchema = inputSchema;
  override readonly outputType = 'string';
  readonly authorizedImports: readonly string[];
  private readonly timeoutMs?: number | undefined;
  private readonly maxPrintChars?: number | undefined;

  constructor(options: JsInterpreterToolOptions = {}) {
    super();
    this.authorizedImports = [...(options.additionalAuthorizedImports ?? [])];
    this.timeoutMs = options.timeoutMs;
    this.maxPrintChars = options.maxPrintChars;
    const imports =
      this.authorizedImports.length > 0
        ? renderPrompt(prompts.importsAllowed, { modules: this.authorizedImports.join(', ') })
        : prompts.noImports;
    this.description = renderPrompt(prompts.description, { imports });
  }

  async forward({ code }: JsInterpreterArgs, { signal }: ToolContext = {}): Promise<string> {
    const executor = await this.createExecutor();
    try {
      const result = await executor.execute(code, { signal });
      return renderPrompt(prompts.result, { logs: result.logs, output: formatValue(result.output) });
    } catch (error) {
      throw interpreterFailure(error, prompts, signal);
    } finally {
      await executor.dispose();
    }
  }

  /** The sandbox module (and its WASM) loads on the first call, not when the tool is created. */
  private async createExecutor(): Promise<CodeExecutor> {
    const { LocalJsExecutor } = await import('../executors/quickjs/local-js-executor.js');
    return new LocalJsExecutor({
      additionalAuthorizedImports: [...this.authorizedImports],
      timeoutMs: this.timeoutMs,
      maxPrintChars: this.maxPrintChars,
    });
  }
}

function formatValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
