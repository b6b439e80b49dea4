import { renderPrompt } from './template.js';

/**
 * Messages the sandboxes put in front of the model (inside observations and error messages).
 * They live here with every other model-facing string so that they can be reviewed and tuned together.
 */
export const executorMessages = {
  /** Printed in place of a Promise that the code printed without awaiting it. */
  unawaitedPromise: '[Promise: not awaited. Tools are async functions: write `await tool(...)` to get the value]',
  printTruncated: '\n…[print output truncated after {{limit}} characters: print less, or a summary or a slice]',
  timeout: 'The code ran longer than the time limit of {{seconds}} s and was stopped. Make it do less work per step, or avoid infinite loops.',
  outOfMemory: 'The code used more memory than the limit of {{megabytes}} MB and was stopped. Work on smaller pieces of data.',
  stackOverflow: 'Maximum call stack size exceeded (too deep recursion). Use a loop instead of deep recursion.',
  neverSettles: 'The code awaited a Promise that can never settle (nothing is pending in the sandbox).',
  aborted: 'The run was aborted while the code was running.',
  importNotAllowed: "Import of '{{module}}' is not allowed. Allowed modules: {{allowed}}.",
  noImportsAllowed: "Import of '{{module}}' is not allowed: no modules can be imported in this sandbox. Use plain JavaScript and the tools.",
  unknownTool: "'{{name}}' is not a tool. Available tools: {{tools}}.",
  notSerializable: "The value returned by tool '{{name}}' could not be passed to the sandbox: {{reason}}",
} as const;

export type ExecutorMessage = keyof typeof executorMessages;

export function executorMessage(key: ExecutorMessage, variables: Record<string, unknown> = {}): string {
  return renderPrompt(executorMessages[key], variables);
}
