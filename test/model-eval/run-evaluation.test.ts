import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { EvalRun } from '../../bench/model-eval/eval-report.js';
import { runEvaluation } from '../../bench/model-eval/run-evaluation.js';
import { createPlumbingReplies, type PlumbingReply } from '../../bench/model-eval/smoke/plumbing-replies.js';
import { startOpenAIWireServer, type OpenAIWireServer, type WireReply } from '../support/openai-wire-server.js';

const USAGE = { prompt_tokens: 1000, completion_tokens: 40 };

function toWire(reply: PlumbingReply): WireReply {
  return { content: reply.content, toolCalls: reply.tool_calls, usage: USAGE };
}

describe('npm run eval (runEvaluation) against a real OpenAI wire server', () => {
  let dir: string;
  let server: OpenAIWireServer;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'model-eval-'));
    const reply = await createPlumbingReplies();
    // The scripted replies of the plumbing check, except that every request about the train task fails.
    server = await startOpenAIWireServer({
      replies: (request) =>
        JSON.stringify(request.body.messages).includes('Amsterdam Centraal')
          ? { status: 400, errorMessage: 'this model refuses trains' }
          : toWire(reply(request.body)),
    });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function evaluate(agent: 'js' | 'python' | 'tool-calling', taskIds: string[]) {
    const out = join(dir, agent, 'results.json');
    const doneDir = join(dir, agent, 'relay');
    const lines: string[] = [];
    const run = await runEvaluation({ agent, apiBase: server.url, modelId: 'm', taskIds, outputSchemas: true, out, doneDir, command: 'npm run eval -- test', log: (line) => lines.push(line) });
    const saved = JSON.parse(await readFile(out, 'utf8')) as EvalRun;
    return { run, saved, lines, markdown: await readFile(join(dir, agent, 'results.md'), 'utf8'), done: await readFile(join(doneDir, 'DONE'), 'utf8') };
  }

  for (const agent of ['js', 'tool-calling'] as const) {
    test(`${agent}: scores each task, goes on after a failed run, writes JSON, markdown and DONE`, async () => {
      const { run, saved, markdown, done, lines } = await evaluate(agent, ['city-density', 'train-before-deadline', 'metric-profile']);
      assert.deepEqual(saved, JSON.parse(JSON.stringify(run)));
      assert.deepEqual(
        saved.tasks.map((task) => [task.id, task.success, task.state, task.steps]),
        [
          ['city-density', true, 'success', 2],
          ['train-before-deadline', false, 'error', 1],
          ['metric-profile', true, 'success', 2],
        ],
      );
      const [density, train] = saved.tasks;
      assert.equal(density!.inputTokens, 2 * USAGE.prompt_tokens);
      assert.equal(density!.outputTokens, 2 * USAGE.completion_tokens);
      assert.equal(density!.stepsWithErrors, 0);
      assert.match(train!.error!, /AgentGenerationError: .*this model refuses trains/);
      assert.ok(saved.finishedAt);
      assert.equal(saved.maxSteps, 8);
      assert.match(markdown, /\| task \| category \| success \| steps \| input tokens \| output tokens \| notes \|/);
      assert.match(markdown, /\| city-density \| lookup \| yes \| 2 \| 2,000 \| 80 \| {2}\|/);
      assert.match(markdown, /\| \*\*all 3\*\* \| \| \*\*2\/3\*\* \| 5 \|/);
      assert.equal(done, '2/3 tasks succeeded\n');
      assert.equal(lines.length, 7);
    });
  }

  test('python: the Pyodide code agent runs a task end to end', async () => {
    const { saved } = await evaluate('python', ['city-density']);
    assert.deepEqual(
      saved.tasks.map((task) => [task.id, task.success, task.steps]),
      [['city-density', true, 2]],
    );
  });

  test('the model sees output schemas as result types, or none with --no-output-schema', async () => {
    for (const outputSchemas of [true, false]) {
      const first = server.requests.length;
      await runEvaluation({ agent: 'js', apiBase: server.url, modelId: 'm', taskIds: ['city-density'], outputSchemas, out: join(dir, `schemas-${outputSchemas}.json`), command: 'test' });
      const system = server.requests[first]!.body.messages[0].content as string;
      const declaration = /declare function get_city_facts\(.*\): Promise<([\s\S]*?)>;/.exec(system)![1];
      assert.equal(declaration!.includes('area_km2: number'), outputSchemas);
    }
  });
});
