/**
 * Agents for the durable-run tests, built the same way in the test process and in the child
 * processes that resume or work on runs: a scripted model whose reply depends on how many steps
 * memory holds (so a new process picks up the script where the run is), and tools whose side effect
 * (a line appended to a file) shows how many times each call really ran.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { CodeAgent } from '../../../src/agents/code-agent.js';
import { ToolCallingAgent } from '../../../src/agents/tool-calling-agent.js';
import type { ChatMessage, Model } from '../../../src/models/model.js';
import { ScriptedModel } from '../../../src/models/scripted-model.js';
import { tool } from '../../../src/tools/tool.js';

export const js = (code: string) => `Thought: go on.\n\`\`\`js\n${code}\n\`\`\``;

/** How many action steps the request's memory shows: each left one assistant message. */
function stepsShown(messages: ChatMessage[]): number {
  return messages.filter((message) => message.role === 'assistant').length;
}

/** Replies `script[n]` when memory holds n steps; a reply may be an Error (the provider failing). */
export function stepScriptModel(script: Array<string | Error>): Model {
  return new ScriptedModel(
    Array.from({ length: 50 }, () => (messages: ChatMessage[]) => {
      const reply = script[stepsShown(messages)];
      if (reply === undefined) return new Error(`the script has no reply for step ${stepsShown(messages) + 1}`);
      return reply;
    }),
  );
}

/** Appends one line per real call to `file`: the test counts them. */
export function sideEffectTools(file: string) {
  const record = tool({
    name: 'record',
    description: 'Records an item; returns its number.',
    inputSchema: { type: 'object', properties: { item: { type: 'string' } }, required: ['item'] },
    outputType: 'number',
    execute: ({ item }: { item: string }) => {
      appendFileSync(file, `record ${item}\n`);
      return readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
    },
  });
  const send = tool({
    name: 'send',
    description: 'Sends money.',
    inputSchema: { type: 'object', properties: { to: { type: 'string' }, amount: { type: 'number' } }, required: ['to', 'amount'] },
    outputType: 'string',
    needsApproval: (args: { amount: number }) => args.amount > 10,
    execute: ({ to, amount }: { to: string; amount: number }) => {
      appendFileSync(file, `send ${to} ${amount}\n`);
      return `sent ${amount} to ${to}`;
    },
  });
  return [record, send];
}

export function calls(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

/** The scripts, by name, so that a child process can build the same agent. */
export const scripts: Record<string, Array<string | Error>> = {
  /** Three steps: step 2 uses a variable from step 1, so a resume must rebuild the sandbox. */
  threeSteps: [
    js('const first = await record({ item: "a" });\nconsole.log(first);'),
    js('const second = await record({ item: "b" });\nconsole.log(first + second);'),
    js('final_answer(`${first}+${second}=${first + second}`);'),
  ],
  /** As threeSteps, but the provider fails at step 3: the run ends there, its checkpoint stays. */
  failsAtStep3: [
    js('const first = await record({ item: "a" });\nconsole.log(first);'),
    js('const second = await record({ item: "b" });\nconsole.log(first + second);'),
    new Error('provider down'),
  ],
  /** A loop of calls, two of which need approval (amount > 10); a rejection is caught by the code. */
  approvals: [
    js(
      'const results = [];\nfor (const amount of [5, 20, 30]) {\n  await record({ item: `before ${amount}` });\n  try { results.push(await send({ to: "bob", amount })); } catch (error) { results.push(`refused: ${error.message}`); }\n}\nconsole.log(results.join("\\n"));',
    ),
    js('final_answer(results);'),
  ],
};

export function codeAgent(script: string, file: string, options: { maxSteps?: number } = {}): CodeAgent {
  return new CodeAgent({ model: stepScriptModel(scripts[script]!), tools: sideEffectTools(file), maxSteps: options.maxSteps ?? 6, logger: false });
}

export function toolCallingAgent(file: string): ToolCallingAgent {
  const model = new ScriptedModel(
    Array.from({ length: 20 }, () => (messages: ChatMessage[]) => {
      const shown = stepsShown(messages);
      if (shown === 0) {
        return {
          role: 'assistant' as const,
          content: '',
          toolCalls: [
            { id: 'c1', name: 'record', arguments: { item: 'x' } },
            { id: 'c2', name: 'send', arguments: { to: 'ann', amount: 50 } },
          ],
        };
      }
      return { role: 'assistant' as const, content: '', toolCalls: [{ id: 'c3', name: 'final_answer', arguments: { answer: 'done' } }] };
    }),
  );
  return new ToolCallingAgent({ model, tools: sideEffectTools(file), maxSteps: 4, logger: false });
}
