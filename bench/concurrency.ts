import { setImmediate as nextTurn } from 'node:timers/promises';
import { z } from 'zod';
import { CodeAgent } from '../src/agents/code-agent.js';
import { ScriptedModel } from '../src/models/scripted-model.js';
import { tool } from '../src/tools/tool.js';
import { ms, table } from './timing.js';

const STEPS = 3;

/**
 * `agents` CodeAgents, each with its own QuickJS sandbox, running 3-step tasks at the same time in
 * one process. The model yields to the event loop before every reply, like a network call would, so
 * the runs interleave. Reports wall time and memory (RSS sampled during the runs).
 */
export async function measureConcurrentRuns(agentCount: number): Promise<string> {
  const lookup = tool({
    name: 'lookup',
    description: 'Returns a record.',
    inputSchema: z.object({ id: z.number() }),
    execute: async ({ id }) => {
      await nextTurn();
      return { id, name: `record ${id}`, tags: ['a', 'b', 'c'] };
    },
  });
  const replies = () => [
    'Thought: look up\n```js\nconst rows = await Promise.all([1, 2, 3].map((id) => lookup({ id })));\nconsole.log(rows.length);\n```',
    'Thought: compute\n```js\nconst total = rows.reduce((sum, row) => sum + row.id, 0);\nconsole.log(total);\n```',
    'Thought: done\n```js\nfinal_answer(total);\n```',
  ];
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const start = performance.now();
  const agents = Array.from({ length: agentCount }, () => {
    const model = new ScriptedModel(replies().map((reply) => () => reply));
    const slowModel = { modelId: model.modelId, generate: async (...args: Parameters<ScriptedModel['generate']>) => { await nextTurn(); return model.generate(...args); } };
    return new CodeAgent({ model: slowModel, tools: [lookup], maxSteps: STEPS, logger: false });
  });
  const answers = await Promise.all(agents.map((agent) => agent.run('sum the ids')));
  const wall = performance.now() - start;
  peak = Math.max(peak, process.memoryUsage().rss);
  clearInterval(sampler);
  if (!answers.every((answer) => answer === 6)) throw new Error(`Unexpected answers: ${JSON.stringify(answers.slice(0, 5))}`);
  await Promise.all(agents.map((agent) => agent.dispose()));
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 2 : 0)} MB`;
  return [
    `## ${agentCount} concurrent runs\n`,
    `${agentCount} CodeAgents, each with its own QuickJS sandbox, ${STEPS}-step runs (tool calls with Promise.all), all started at once in one process.\n`,
    table(['measure', 'value'], [
      ['wall time, all runs', ms(wall)],
      ['RSS before', mb(baseline)],
      ['peak RSS during the runs', mb(peak)],
      ['peak RSS growth per agent', mb((peak - baseline) / agentCount)],
    ]),
    '',
  ].join('\n');
}
