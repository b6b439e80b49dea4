import { z } from 'zod/v4';
import { validatePyodideOptions, type PyodideExecutorOptions } from '../executors/pyodide/pyodide-options.js';
import { pythonAuthorizedImports } from '../executors/pyodide/runner-host.js';
import { defaultToolPrompts } from '../prompts/default-tools.js';
import { renderPrompt } from '../prompts/template.js';
import { interpreterFailure } from './interpreter-failure.js';
import { Tool, type ToolContext } from './tool.js';

export type PythonInterpreterToolOptions = Pick<PyodideExecutorOptions, 'additionalAuthorizedImports' | 'timeoutMs' | 'memoryLimitMb' | 'maxPrintChars'>;

const prompts = defaultToolPrompts.pythonInterpreter;

const inputSchema = z.object({
  code: z.string().min(1).describe(prompts.codeParameter),
});

type PythonInterpreterArgs = z.output<typeof inputSchema>;

/**
 * Runs a Python snippet in the Pyodide sandbox (PyodideExecutor: a JavaScript sandbox inside a
 * walled child process) and returns what it printed and its last value as Python shows it: a
 * calculator and scratchpad for a tool-calling agent, like smolagents' PythonInterpreterTool (the
 * guide's `PythonCodeTool`). Each call gets a fresh interpreter (started from the process's memory
 * snapshot after the first), so snippets cannot leak state into one another.
 */
export class PythonInterpreterTool extends Tool<PythonInterpreterArgs, string> {
  readonly name = 'python_interpreter';
  readonly description: string;
  readonly inputSchema = inputSchema;
  override readonly outputType = 'string';
  readonly authorizedImports: readonly string[];
  private readonly options: PythonInterpreterToolOptions;

  constructor(options: PythonInterpreterToolOptions = {}) {
    super();
    validatePyodideOptions(options, 'PythonInterpreterTool');
    this.options = { ...options, additionalAuthorizedImports: [...(options.additionalAuthorizedImports ?? [])] };
    this.authorizedImports = pythonAuthorizedImports(this.options.additionalAuthorizedImports ?? []);
    this.description = renderPrompt(prompts.description, { modules: this.authorizedImports.join(', ') });
  }

  async forward({ code }: PythonInterpreterArgs, { signal }: ToolContext = {}): Promise<string> {
    // Loaded on the first call: creating the tool starts no interpreter.
    const { PyodideExecutor } = await import('../executors/pyodide/pyodide-executor.js');
    const executor = new PyodideExecutor(this.options);
    try {
      const result = await executor.execute(code, { signal });
      return renderPrompt(prompts.result, { logs: result.logs, output: result.outputText ?? 'None' });
    } catch (error) {
      throw interpreterFailure(error, prompts, signal);
    } finally {
      await executor.dispose();
    }
  }
}
