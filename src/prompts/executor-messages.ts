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
  /** Appended to a tool failure's message inside the sandbox: the line of the code that called it. */
  toolErrorLine: ' (line {{line}})',
  toolFailed: "Tool '{{name}}' failed: {{message}}",
  /** Appended to an error message cut to size (guest code chooses its errors, and their length). */
  errorMessageCut: '…[the error message was cut at {{limit}} characters]',
  /** When an error's own text could not be read (its getters threw, or it ran out of time). */
  unreadableError: 'The code failed with an error whose message could not be read.',
  finalAnswerNotJson: 'final_answer() takes a JSON value (numbers, strings, booleans, null, arrays, plain objects):',
  printTooLong: '[a print longer than {{limit}} characters was left out]',
  noActionRunning: 'No action is running: tools, sleep and final_answer work only while the code of a step runs.',
  afterFinalAnswer: 'final_answer() was already called, so the action is over: no more tool calls.',
  tooManyToolCalls: 'This action called tools more than {{limit}} times: make fewer calls per step.',
  tooManyPendingOperations: 'More than {{limit}} tool calls and sleeps are pending at once: await them in smaller groups.',
  argumentsBudget: "Tool '{{name}}' was not called: the tool calls of this action still waiting or running already carry {{limit}} characters of arguments or more. Await some of them before starting more, or pass less data.",
  argumentsTooLarge: "The arguments for tool '{{name}}' are longer than {{limit}} characters as JSON: pass less data.",
  resultTooLarge: "The result of tool '{{name}}' is longer than {{limit}} characters as JSON, so it was not passed to the code: ask for less.",
  finalAnswerTooLarge: 'The final answer is longer than {{limit}} characters as JSON: give a shorter answer (a summary, the key figures).',
  valueTooDeep: 'The {{what}} is nested more than {{limit}} levels deep, so it was not passed on: flatten it, or give a part or a summary.',
  /** The {{what}} in valueTooDeep. */
  valueWhatFinalAnswer: 'final answer',
  valueWhatLastValue: 'value of the last expression',
  argumentsTooDeep: "The arguments for tool '{{name}}' are nested more than {{limit}} levels deep: pass flatter data.",
  resultTooDeep: "The result of tool '{{name}}' is nested more than {{limit}} levels deep, so it was not passed to the code: ask for less.",
  /** When the host could not send the run's variables or the tools into a sandbox that earlier code changed. */
  setupRefused: "The {{what}} could not be defined in the sandbox ({{reason}}), so this step's code did not run. Code of an earlier step may have locked the global scope (Object.freeze, Object.preventExtensions, a non-configurable property of that name): undo that, or carry on without them.",
  setupWhatVariables: "run's variables",
  setupWhatTools: 'tools',
  codeTooLong: 'The code is {{length}} characters long, over the limit of {{limit}}, so it did not run: write a shorter action (data belongs in tool calls and variables, not in the code).',
  valueTooLarge: 'The value of the last expression is longer than {{limit}} characters: print a slice or a summary instead.',
  /** Appended when a sandbox had to be replaced by a fresh one. */
  sandboxRestarted: ' The sandbox was restarted: variables and functions from earlier steps are lost.',
  sandboxFailed: 'The sandbox stopped working ({{reason}}).',
  /** Put before the logs of the first action in a sandbox that replaced one lost while idle. */
  sandboxReplacedNote: '[The sandbox was restarted before this step ({{reason}}): variables and functions from earlier steps are lost.]',
  localeUnsupported: '{{what}} is not supported here: the sandbox has no Intl, only built-in en-US formatting. Format the value yourself (toFixed, getFullYear(), a month-name array…).',
  workerStopped: 'its thread was stopped because code in another sandbox on it ignored its time limit',
} as const;

export type ExecutorMessage = keyof typeof executorMessages;

export function executorMessage(key: ExecutorMessage, variables: Record<string, unknown> = {}): string {
  return renderPrompt(executorMessages[key], variables);
}
