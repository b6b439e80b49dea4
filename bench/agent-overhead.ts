import { z } from 'zod';
import { CodeAgent } from '../src/agents/code-agent.js';
import { ToolCallingAgent } from '../src/agents/tool-calling-agent.js';
import { ScriptedModel } from '../src/models/scripted-model.js';
import type { ChatMessage } from '../src/models/model.js';
import { tool } from '../src/tools/tool.js';
import { ms, table } from './timing.js';

const STEPS_PER_RUN = 10;
const RUNS = 200;

const noop = tool({ name: 'noop', description: 'Does nothing.', inputSchema: z.object({}), execute: () => 'ok' });

/** Replies that call `noop` STEPS_PER_RUN - 1 times, then give the final answer. */
function toolCallingScript(): ChatMessage[] {
  const call = (name: string, args: unknown, index: number): ChatMessage => ({
    role: 'assistant',
    content: '',
    toolCalls: [{ id: `c${index}`, name, arguments: args }],
  });
  return [
    ...Array.from({ length: STEPS_PER_RUN - 1 }, (_, index) => call('noop', {}, index)),
    call('final_answer', { answer: 'done' }, STEPS_PER_RUN),
  ];
}

function codeScript(): string[] {
  return [
    ...Array.from({ length: STEPS_PER_RUN - 1 }, () => 'Thought: step\n```js\nconst r = await noop({});\nconsole.log(r);\n```'),
    'Thought: done\n```js\nfinal_answer("done");\n```',
  ];
}

/** Wall time per step of whole runs with an instant model and an instant tool: the loop's own cost. */
export async function measureAgentOverhead(): Promise<string> {
  const toolCalling = await perStep(async () => {
    const agent = new ToolCallingAgent({ model: new ScriptedModel(toolCallingScript()), tools: [noop], maxSteps: STEPS_PER_RUN, logger: false });
    await agent.run('bench');
  });
  const code = await perStep(async () => {
    const agent = new CodeAgent({ model: new ScriptedModel(codeScript()), tools: [noop], maxSteps: STEPS_PER_RUN, logger: false });
    await agent.run('bench');
    await agent.dispose();
  });
  return [
    `## Framework overhead per step\n`,
    `Runs of ${STEPS_PER_RUN} steps with a scripted instant model and an instant tool, ${RUNS} runs each; time per step (median run / ${STEPS_PER_RUN}).\n`,
    table(
      ['agent', 'per step', 'what a step includes'],
      [
        ['ToolCallingAgent', ms(toolCalling), 'memory → messages, model call, argument validation, tool call, events'],
        ['CodeAgent (QuickJS)', ms(code), 'the same plus code parsing, transform and a sandbox execution (new sandbox per run)'],
      ],
    ),
    '',
  ].join('\n');
}

async function perStep(run: () => Promise<void>): Promise<number> {
  for (let index = 0; index < 5; index++) await run();
  const times: number[] = [];
  for (let index = 0; index < RUNS; index++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]! / STEPS_PER_RUN;
}
