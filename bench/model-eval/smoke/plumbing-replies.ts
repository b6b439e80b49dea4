/**
 * PLUMBING CHECK ONLY — not an evaluation. Scripted completions that drive every task through the
 * harness: step 1 makes the first tool call of the task's reference solution, step 2 gives the
 * reference answer. It proves that requests reach the server, tools run in each sandbox, answers
 * reach the checkers and results are written. It reads the task set's source, which is exactly
 * what a person playing the model must never do.
 */
import { pythonLiteral } from '../../../src/tools/render-python.js';
import type { EvalAgentKind } from '../create-eval-agent.js';
import type { EvalTask } from '../task.js';
import { EVAL_TASKS } from '../tasks/index.js';
import { toolCaller } from '../task.js';

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

const references = new Map<string, Promise<Reference>>();

/** The reference solution's answer and its first tool call (a valid call, for step 1). */
function reference(task: EvalTask): Promise<Reference> {
  let found = references.get(task.id);
  if (!found) {
    found = (async () => {
      const call = toolCaller(task.tools({ outputSchemas: true }));
      let firstCall: Reference['firstCall'] | undefined;
      const answer = await task.solve(async (name, args) => {
        firstCall ??= { name, args };
        return await call(name, args);
      });
      if (!firstCall) throw new Error(`The reference solution of '${task.id}' calls no tool.`);
      return { firstCall, answer };
    })();
    references.set(task.id, found);
  }
  return found;
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
 * The completion for one chat request. Tasks in `failTaskIds` get a reply with no action at every
 * step, so that they run out of steps: the path of a run that does not succeed.
 */
export async function plumbingReply(request: WireRequest, failTaskIds: readonly string[] = []): Promise<PlumbingReply> {
  const messages = request.messages ?? [];
  const task = EVAL_TASKS.find((candidate) => messages.some((message) => textOf(message.content).includes(candidate.prompt)));
  if (!task) return { content: 'Plumbing check: this request belongs to no task of the set.' };
  if (failTaskIds.includes(task.id)) return { content: 'Plumbing check: no action, so that this run fails.' };

  const { firstCall, answer } = await reference(task);
  const kind = agentKindOf(request);
  const isFirstStep = !messages.some((message) => message.role === 'assistant');
  if (kind === 'tool-calling') {
    return isFirstStep
      ? { content: '', tool_calls: [{ name: firstCall.name, arguments: firstCall.args }] }
      : { content: '', tool_calls: [{ name: 'final_answer', arguments: { answer } }] };
  }
  if (kind === 'js') {
    const code = isFirstStep
      ? `const result = await ${firstCall.name}(${JSON.stringify(firstCall.args)});\nconsole.log(result);`
      : `final_answer(${JSON.stringify(answer)});`;
    return { content: `Thought: plumbing check, step ${isFirstStep ? 1 : 2}.\nCode:\n\`\`\`js\n${code}\n\`\`\`<end_code>` };
  }
  const code = isFirstStep ? `result = ${firstCall.name}(${pythonArguments(firstCall.args)})\nprint(result)` : `final_answer(${pythonLiteral(answer)})`;
  return { content: `Thought: plumbing check, step ${isFirstStep ? 1 : 2}.\nCode:\n\`\`\`py\n${code}\n\`\`\`<end_code>` };
}
