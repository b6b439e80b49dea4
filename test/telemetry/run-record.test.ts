import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import type { MultiStepAgent } from '../../src/agents/multi-step-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { ModelError } from '../../src/errors.js';
import { toImagePart } from '../../src/models/images.js';
import { contentText } from '../../src/models/message-content.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { AgentLogger } from '../../src/telemetry/logger.js';
import { parseRunRecord, readRunRecord } from '../../src/telemetry/read-run-record.js';
import { replayRuns } from '../../src/telemetry/replay-run-record.js';
import { RUN_RECORD_FORMAT, RUN_RECORD_VERSION, RunRecordError } from '../../src/telemetry/run-record.js';
import { RunRecorder } from '../../src/telemetry/run-recorder.js';
import { tool } from '../../src/tools/tool.js';
import { solidPng } from '../support/test-images.js';

function buffer() {
  const chunks: string[] = [];
  return { isTTY: false, write: (text: string) => chunks.push(text), get text() { return chunks.join(''); } };
}

const js = (thought: string, code: string) => `Thought: ${thought}\n\`\`\`js\n${code}\n\`\`\``;
const weather = tool({
  name: 'weather',
  description: 'Weather of a city.',
  inputSchema: z.object({ city: z.string() }),
  execute: ({ city }) => ({ city, celsius: city.length * 3 }),
});

/** Runs the agent as the CLI does (events to a logger) and returns the live log. */
async function runLogged(agent: MultiStepAgent, task: string, options: { reset?: boolean } = {}): Promise<string> {
  const output = buffer();
  const logger = new AgentLogger({ output, colors: false, language: 'javascript' });
  const stream = agent.stream(task, options);
  let next = await stream.next();
  while (!next.done) {
    logger.log(next.value);
    next = await stream.next();
  }
  logger.summary(next.value);
  return output.text;
}

const jsonLines = async (path: string) => (await readFile(path, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'run-record-'));
});

describe('the run record', () => {
  let path: string;
  let model: ScriptedModel;
  let liveLog: string;

  before(async () => {
    path = join(dir, 'code.jsonl');
    model = new ScriptedModel([
      js('ask the tool', 'const w = await weather({ city: "Paris" });\nconsole.log("got", w.celsius);'),
      js('oops', 'nope('),
      js('answer', 'final_answer(`${w.city}: ${w.celsius}`)'),
    ]);
    const agent = new CodeAgent({ model, tools: [weather], observers: [new RunRecorder(path)] });
    try {
      liveLog = await runLogged(agent, 'Weather in Paris?');
    } finally {
      await agent.dispose();
    }
  });

  it('starts with the format and version, then one line per event with time and run', async () => {
    const lines = await jsonLines(path);
    assert.equal(lines[0].format, RUN_RECORD_FORMAT);
    assert.equal(lines[0].version, RUN_RECORD_VERSION);
    assert.ok(!Number.isNaN(Date.parse(lines[0].createdAt)));
    for (const line of lines.slice(1)) {
      assert.equal(line.run, 1);
      assert.equal(typeof line.time, 'number');
    }
    assert.equal(lines[1].type, 'run_start');
    assert.deepEqual(lines[1].agent, { type: 'CodeAgent', modelId: 'scripted-model', tools: ['weather', 'final_answer'], language: 'javascript' });
    assert.equal(lines.at(-1).type, 'run_end');
    assert.equal(lines.at(-1).state, 'success');
    assert.equal(lines.at(-1).output, 'Paris: 15');
    assert.deepEqual(lines.at(-1).tokenUsage, { inputTokens: 30, outputTokens: 15 });
  });

  it('holds every model request and reply, code action, tool call with arguments and result, observation and error', async () => {
    const lines = await jsonLines(path);
    const requests = lines.filter((line) => line.type === 'model_request');
    assert.equal(requests.length, 3);
    requests.forEach((request, index) => assert.deepEqual(request.messages, model.calls[index]!.messages));
    assert.deepEqual(requests[0].options.stopSequences, ['Observation:']);
    assert.equal(lines.filter((line) => line.type === 'model_output').length, 3);
    assert.deepEqual(lines.filter((line) => line.type === 'code_action').map((line) => line.code), [
      'const w = await weather({ city: "Paris" });\nconsole.log("got", w.celsius);',
      'nope(',
      'final_answer(`${w.city}: ${w.celsius}`)',
    ]);
    const call = lines.find((line) => line.type === 'tool_call');
    assert.deepEqual(call.toolCall.arguments, { city: 'Paris' });
    const result = lines.find((line) => line.type === 'tool_result');
    assert.deepEqual(JSON.parse(result.observation), { city: 'Paris', celsius: 15 });
    assert.ok(result.timing.duration >= 0);
    assert.match(lines.find((line) => line.type === 'observation').observation, /got 15/);
    const steps = lines.filter((line) => line.type === 'step_end').map((line) => line.step);
    assert.equal(steps[1].error.type, 'AgentExecutionError');
    for (const step of steps) {
      assert.deepEqual(step.tokenUsage, { inputTokens: 10, outputTokens: 5 });
      assert.ok(step.timing.duration >= 0);
      // The model input is kept once, on model_request, not again on every step_end.
      assert.equal(step.modelInputMessages, undefined);
    }
  });

  it('replays as the live log showed it, without a model', async () => {
    const runs = await readRunRecord(path);
    assert.equal(runs.length, 1);
    const output = buffer();
    replayRuns(runs, { output, colors: false });
    const [recorded, modelLine, agentLine, ...rest] = output.text.split('\n');
    assert.match(recorded!, /^Recorded \d{4}-\d\d-\d\dT.* · run 1$/);
    assert.equal(modelLine, 'Model: scripted-model');
    assert.equal(agentLine, 'Agent: CodeAgent · tools: weather, final_answer');
    assert.equal(rest.join('\n'), liveLog);
    assert.match(liveLog, /→ weather\(\{"city":"Paris"\}\)/);
  });

  it('replays --verbose with each step\'s model input put back from its model_request', async () => {
    const output = buffer();
    replayRuns(await readRunRecord(path), { output, colors: false, level: 'verbose' });
    assert.equal(output.text.match(/─ Model input \(\d+ messages\) ─/g)?.length, 3);
    assert.match(output.text, /\[user\] Task:\nWeather in Paris\?/);
  });
});

describe('records of several runs', () => {
  it('keeps follow-up runs and concurrent runs apart by run number', async () => {
    const path = join(dir, 'many.jsonl');
    const recorder = new RunRecorder(path);
    const reply = (answer: string) => ({ role: 'assistant' as const, content: '', toolCalls: [{ id: 'f', name: 'final_answer', arguments: { answer } }] });
    const first = new ToolCallingAgent({ model: new ScriptedModel([reply('a1'), reply('a2')]), observers: [recorder] });
    const second = new ToolCallingAgent({ model: new ScriptedModel([reply('b1')]), observers: [recorder] });
    await first.run('first task');
    await Promise.all([first.run('follow-up', { reset: false }), second.run('other task')]);
    const runs = await readRunRecord(path);
    assert.deepEqual(runs.map((run) => [run.run, run.start.task, run.end?.output]), [
      [1, 'first task', 'a1'],
      [2, 'follow-up', 'a2'],
      [3, 'other task', 'b1'],
    ]);
    const headers = (await readFile(path, 'utf8')).split('\n').filter((line) => line.includes(RUN_RECORD_FORMAT));
    assert.equal(headers.length, 1, 'one header, at the top, even though the file was reopened');
  });

  it('records a failed run with its error, and the replay says how it ended', async () => {
    const path = join(dir, 'failed.jsonl');
    const agent = new ToolCallingAgent({ model: new ScriptedModel([new ModelError('provider down', { status: 503 })]), observers: [new RunRecorder(path)] });
    await assert.rejects(agent.run('doomed'));
    const [run] = await readRunRecord(path);
    assert.equal(run!.end?.error?.name, 'AgentGenerationError');
    assert.match(run!.end!.error!.message, /provider down/);
    const output = buffer();
    replayRuns([run!], { output, colors: false });
    assert.match(output.text, /The run ended with AgentGenerationError: .*provider down/);
  });

  it('a record cut off mid-run replays up to where it stops', async () => {
    const text = [
      JSON.stringify({ format: RUN_RECORD_FORMAT, version: 1 }),
      JSON.stringify({ time: 1, run: 1, type: 'run_start', task: 'cut', agentName: 'A', agent: { type: 'CodeAgent', modelId: 'm', tools: [] } }),
      JSON.stringify({ time: 2, run: 1, type: 'step_start', stepNumber: 1 }),
    ].join('\n');
    const output = buffer();
    replayRuns(parseRunRecord(text, 'cut.jsonl'), { output, colors: false });
    assert.match(output.text, /━━ Step 1/);
    assert.match(output.text, /The record stops here: the run did not finish/);
  });

  it('an unwritable path fails when the recorder opens, naming the file', async () => {
    const recorder = new RunRecorder(join(dir, 'no-such-dir', 'x.jsonl'));
    await assert.rejects(recorder.open(), (error: Error) => error instanceof RunRecordError && /Cannot write the run record to .*no-such-dir.*ENOENT/.test(error.message));
  });
});

describe('reading a bad record', () => {
  const header = JSON.stringify({ format: RUN_RECORD_FORMAT, version: 1 });
  const start = JSON.stringify({ time: 1, run: 1, type: 'run_start', task: 't', agentName: 'A', agent: { type: 'CodeAgent', modelId: 'm', tools: [] } });
  const cases: [string, string, RegExp][] = [
    ['empty', '', /^f\.jsonl is empty: it is not a run record\.$/],
    ['not JSON', 'hello\n', /^f\.jsonl line 1 is not valid JSON/],
    ['another format', '{"version":1}\n', /^f\.jsonl is not a smolagents run record/],
    ['a newer version', JSON.stringify({ format: RUN_RECORD_FORMAT, version: 3 }), /^f\.jsonl is a version 3 run record; this version of smolagents-ts reads versions 1 and 2\.$/],
    ['a broken line', `${header}\n${start}\n{"time":`, /^f\.jsonl line 3 is not valid JSON/],
    ['a step_end without timing', `${header}\n${start}\n${JSON.stringify({ time: 2, run: 1, type: 'step_end', step: { type: 'action', stepNumber: 1, isFinalAnswer: false } })}`, /^f\.jsonl line 3 \(step_end\) is malformed: step\.timing: /],
    [
      'an image recorded with its data',
      `${header}\n${start}\n${JSON.stringify({ time: 2, run: 1, type: 'model_request', stepNumber: 1, messages: [{ role: 'user', content: [{ type: 'image', mediaType: 'image/png', sha256: 'iVBORw0KGgo=' }] }], options: {} })}`,
      /^f\.jsonl line 3 \(model_request\) is malformed: messages\.0\.content/,
    ],
    ['an unknown line type', `${header}\n${start}\n{"time":2,"run":1,"type":"teleport"}`, /^f\.jsonl line 3 \(teleport\) is malformed: type: /],
    ['an event before its run', `${header}\n{"time":2,"run":4,"type":"step_start","stepNumber":1}`, /^f\.jsonl line 2: an event of run 4, which has not started\.$/],
  ];
  for (const [name, text, message] of cases) {
    it(`${name}: a RunRecordError naming the file and line`, () => {
      assert.throws(() => parseRunRecord(text, 'f.jsonl'), (error: Error) => error instanceof RunRecordError && message.test(error.message));
    });
  }

  it('an unreadable file: a RunRecordError naming it', async () => {
    const missing = join(dir, 'missing.jsonl');
    await assert.rejects(readRunRecord(missing), (error: Error) => error instanceof RunRecordError && error.message.startsWith(`Cannot read the run record ${missing}: ENOENT`));
    await writeFile(join(dir, 'ok.jsonl'), `${header}\n`);
    assert.deepEqual(await readRunRecord(join(dir, 'ok.jsonl')), []);
  });
});


describe('memory compaction in the record', () => {
  it('records each compaction move and replays it as the live log showed it', async () => {
    const path = join(dir, 'compaction.jsonl');
    const counter = { name: 'quarter', countText: (text: string) => Math.ceil(text.length / 4) };
    const bulky = tool({ name: 'bulky', description: 'A long page.', inputSchema: z.object({ page: z.number() }), execute: ({ page }) => `page ${page}: ${'lorem ipsum '.repeat(150)}` });
    const step = (page: number) => js(`read ${page}`, `console.log(await bulky({ page: ${page} }));`);
    const replies = [1, 2, 3, 4, 5, 6].map(step);
    // Compaction calls (a fold, if one happens) get a short summary; action steps read pages, then answer.
    let action = 0;
    const model = new ScriptedModel(
      Array.from({ length: 20 }, () => (messages: { content: unknown }[]) =>
        String(messages[0]?.content).startsWith('You keep the notes') ? 'Pages read so far: lorem ipsum.' : (replies[action++] ?? js('done', 'final_answer("ok")'))),
    );
    const agent = new CodeAgent({ model, tools: [bulky], maxTokensMemory: 4_000, tokenCounter: counter, observers: [new RunRecorder(path)] });
    const liveLog = await runLogged(agent, 'Read the pages.');
    await agent.dispose();
    const lines = await jsonLines(path);
    const moves = lines.filter((line) => line.type === 'memory_compaction');
    assert.ok(moves.length > 0, 'the budget made at least one compaction move');
    assert.equal(moves[0].step.type, 'compaction');
    assert.equal(moves[0].step.modelInputMessages, undefined, 'the compaction call itself is left out like a plan’s');
    const output = buffer();
    replayRuns(await readRunRecord(path), { output, colors: false });
    assert.match(liveLog, /\[Memory: /);
    assert.equal(output.text.match(/\[Memory: [^\]]*\]/g)?.join('\n'), liveLog.match(/\[Memory: [^\]]*\]/g)?.join('\n'));
  });
});

describe('images in the record', () => {
  it('keeps each image as its type, size and SHA-256, never its data; replays them and the drop_images move as the live log showed them', async () => {
    const path = join(dir, 'images.jsonl');
    const counter = { name: 'quarter', countText: (text: string) => Math.ceil(text.length / 4) };
    const screenshot = (step: number) => solidPng(1024 + step, 768, [step * 20, 90, 90]);
    const task = solidPng(4, 4);
    const replies = [1, 2, 3, 4, 5, 6].map((step) => js(`look ${step}`, `console.log("looked ${step}");`));
    let action = 0;
    const model = new ScriptedModel(
      Array.from({ length: 20 }, () => (messages: { content: unknown }[]) =>
        contentText(messages[0]!.content as string).startsWith('You keep the notes') ? 'Looked around.' : (replies[action++] ?? js('done', 'final_answer("ok")'))),
    );
    const stepCallbacks = [(step: { type: string; stepNumber?: number; isFinalAnswer?: boolean; observationImages?: unknown }) => {
      if (step.type === 'action' && !step.isFinalAnswer) step.observationImages = [toImagePart(screenshot(step.stepNumber!))];
    }];
    const agent = new CodeAgent({ model, stepCallbacks, maxTokensMemory: 9_000, tokenCounter: counter, observers: [new RunRecorder(path)] });
    const output = buffer();
    const logger = new AgentLogger({ output, colors: false, language: 'javascript', level: 'verbose' });
    for await (const event of agent.stream('Look at the pages.', { images: [task] })) logger.log(event);
    await agent.dispose();

    const text = await readFile(path, 'utf8');
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.ok(!text.includes(screenshot(1).toString('base64').slice(0, 100)) && !text.includes(task.toString('base64')), 'no image data in the record');
    const recorded = (bytes: Buffer) => ({ type: 'image', mediaType: 'image/png', bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') });
    const requests = lines.filter((line) => line.type === 'model_request');
    assert.deepEqual(requests[0].messages[1].content, [{ type: 'text', text: 'Task:\nLook at the pages.' }, recorded(task)]);
    assert.deepEqual(requests[1].messages.at(-1).content.at(-1), recorded(screenshot(1)));
    const steps = lines.filter((line) => line.type === 'step_end');
    assert.deepEqual(steps[0].step.observationImages, [recorded(screenshot(1))]);
    const moves = lines.filter((line) => line.type === 'memory_compaction');
    assert.equal(moves[0]?.step.move, 'drop_images', 'the budget first left out older screenshots');
    assert.ok(Number.isInteger(moves[0].step.imagesDroppedUntil));

    const replayed = buffer();
    replayRuns(await readRunRecord(path), { output: replayed, colors: false, level: 'verbose' });
    const imageTags = (log: string) => log.match(/\[image [^\]]*\]/g) ?? [];
    assert.ok(imageTags(output.text).length > steps.length, 'the live verbose log shows the images of each model input');
    assert.deepEqual(imageTags(replayed.text), imageTags(output.text));
    assert.match(output.text, /\[Memory: older steps' images left out, /);
    assert.deepEqual(replayed.text.match(/\[Memory: [^\]]*\]/g), output.text.match(/\[Memory: [^\]]*\]/g));
  });
});
