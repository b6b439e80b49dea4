/**
 * PLUMBING CHECK ONLY — not an evaluation. Scripted completions that drive every task through the
 * harness: step 1 makes the first tool call of the task's reference solution, step 2 gives the
 * reference answer. It proves that requests reach the server, tools run in each sandbox, answers
 * reach the checkers and results are written. It reads the task set's source, which is exactly
 * what a person playing the model must never do.
 */
import { pythonLiteral } from '../../../src/tools/render-python.js';
import type { EvalAgentKind } from '../create-eval-agent.js';
import { toolCaller, type EvalTask } from '../task.js';
import { EVAL_TASKS } from '../tasks/index.js';

/** A completion as the relay takes it in resp-N.json. */
export interface PlumbingReply {
  content: string;
  tool_calls?: { name: string; arguments: Record<string, unknown> }[];
}

interface WireRequest {
  messages?: { role: string; content?: unknown }[];
  tools?: unknown[];
}

interface Reference {
  firstCall: { name: string; args: Record<string, unknown> };
  answer: unknown;
}

/** The reference solution's answer and its first tool call (a valid call, for step 1). */
async function reference(task: EvalTask): Promise<Reference> {
  const call = toolCaller(task.tools({ outputSchemas: true }));
  let firstCall: Reference['firstCall'] | undefined;
  const answer = await task.solve(async (name, args) => {
    firstCall ??= { name, args };
    return await call(name, args);
  });
  if (!firstCall) throw new Error(`The reference solution of '${task.id}' calls no tool.`);
  return { firstCall, answer };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: string }).text ?? '').join('\n');
  return '';
}

/** Which agent sent the request: tool-calling agents send tool definitions; code prompts declare tools in their language. */
function agentKindOf(request: WireRequest): EvalAgentKind {
  if (request.tools?.length) return 'tool-calling';
  const system = textOf(request.messages?.find((message) => message.role === 'system')?.content);
  return system.includes('declare function') ? 'js' : 'python';
}

const PYTHON_KEYWORDS = new Set(['from', 'import', 'class', 'def', 'in', 'is', 'not', 'and', 'or', 'for', 'while', 'if', 'else', 'return', 'lambda', 'with', 'as', 'global', 'pass', 'yield']);

/** Keyword arguments; a parameter named like a Python keyword (`from`) can only be passed through `**{...}`. */
function pythonArguments(args: Record<string, unknown>): string {
  const names = Object.keys(args);
  if (names.some((name) => PYTHON_KEYWORDS.has(name))) return `**${pythonLiteral(args)}`;
  return names.map((name) => `${name}=${pythonLiteral(args[name])}`).join(', ');
}

/**
 * Prepares the replies (runs every task's reference solution once) and returns the function that
 * answers one chat request. Tasks in `failTaskIds` get a reply with no action at every step, so
 * that they run out of steps: the path of a run that does not succeed.
 */
export async function createPlumbingReplies(failTaskIds: readonly string[] = []): Promise<(request: WireRequest) => PlumbingReply> {
  const references = new Map<string, Reference>();
  for (const task of EVAL_TASKS) references.set(task.id, await reference(task));
  return (request) => {
    const messages = request.messages ?? [];
    const task = EVAL_TASKS.find((candidate) => messages.some((message) => textOf(message.content).includes(candidate.prompt)));
    if (!task) return { content: 'Plumbing check: this request belongs to no task of the set.' };
    if (failTaskIds.includes(task.id)) return { content: 'Plumbing check: no action, so that this run fails.' };
    const { firstCall, answer } = references.get(task.id)!;
    const step = messages.some((message) => message.role === 'assistant') ? 2 : 1;
    return replyFor(agentKindOf(request), step, firstCall, answer);
  };
}

function replyFor(kind: EvalAgentKind, step: 1 | 2, firstCall: Reference['firstCall'], answer: unknown): PlumbingReply {
  if (kind === 'tool-calling') {
    const call = step === 1 ? { name: firstCall.name, arguments: firstCall.args } : { name: 'final_answer', arguments: { answer } };
    return { content: '', tool_calls: [call] };
  }
  let code: string;
  if (kind === 'js') {
    code = step === 1 ? `const result = await ${firstCall.name}(${JSON.stringify(firstCall.args)});\nconsole.log(result);` : `final_answer(${JSON.stringify(answer)});`;
  } else {
    code = step === 1 ? `result = ${firstCall.name}(${pythonArguments(firstCall.args)})\nprint(result)` : `final_answer(${pythonLiteral(answer)})`;
  }
  return { content: `Thought: plumbing check, step ${step}.\nCode:\n\`\`\`${kind === 'js' ? 'js' : 'py'}\n${code}\n\`\`\`<end_code>` };
}
