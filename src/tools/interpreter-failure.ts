import { CodeExecutionError } from '../errors.js';
import { renderPrompt } from '../prompts/template.js';

/** The error templates an interpreter tool renders (its entry in src/prompts/default-tools.ts). */
export interface InterpreterErrorPrompts {
  error: string;
  errorLineFragment: string;
  errorLogsFragment: string;
}

/**
 * What an interpreter tool (js_interpreter, python_interpreter) throws when its snippet failed: the
 * run's own abort reason when the run was cancelled, an error the model can read for a failure of
 * the code (`TypeError (line 3): … Stdout before the error: …`), anything else unchanged.
 */
export function interpreterFailure(error: unknown, prompts: InterpreterErrorPrompts, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason;
  if (!(error instanceof CodeExecutionError)) return error;
  const line = error.line !== undefined ? renderPrompt(prompts.errorLineFragment, { line: error.line }) : '';
  const logs = error.logs ? renderPrompt(prompts.errorLogsFragment, { logs: error.logs }) : '';
  return new Error(renderPrompt(prompts.error, { errorType: error.errorType, line, message: error.message, logs }), { cause: error });
}
