/**
 * The web UI in real headless Chromium (Debian's, driven by playwright-core): type a task, watch
 * the steps stream in, stop a run, send files, reset memory, one agent per browser session.
 * The agents are real CodeAgents in the QuickJS sandbox; only the model is scripted, by task.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import type { StepCallback } from '../../src/agents/multi-step-agent.js';
import { serveAgentUi, type AgentUiServer } from '../../src/cli/ui/serve-agent-ui.js';
import type { ChatMessage, ChatMessageStreamDelta, GenerateOptions, Model, ModelReply } from '../../src/models/model.js';
import { toImagePart } from '../../src/models/images.js';
import { contentText } from '../../src/models/message-content.js';
import { applyStopSequences } from '../../src/models/stream.js';
import { tool } from '../../src/tools/tool.js';
import { solidPng } from '../support/test-images.js';
import { REPO_ROOT } from './run-smolagent.js';

/** A reply; `pause` holds a streamed reply after its first `at` characters until `until` settles. */
type ReplyText = string | { text: string; pause: { at: number; until: Promise<void> } };
type Reply = (call: { messages: ChatMessage[]; signal?: AbortSignal | undefined }) => ReplyText | Promise<ReplyText>;

/** A model that answers by task: the first script key found in the conversation picks the replies. */
class TaskScriptedModel implements Model {
  readonly modelId = 'browser-test-model';
  readonly calls: { key: string; messages: ChatMessage[]; signal?: AbortSignal | undefined }[] = [];
  private readonly scripts = new Map<string, Reply[]>();

  script(key: string, replies: (ReplyText | Reply)[]): string {
    this.scripts.set(key, replies.map((reply) => (typeof reply === 'function' ? reply : () => reply)));
    return key;
  }

  async generate(messages: ChatMessage[], options: GenerateOptions = {}): Promise<ModelReply> {
    const reply = await this.reply(messages, options);
    const content = typeof reply === 'string' ? reply : reply.text;
    return { role: 'assistant', content: applyStopSequences(content, options.stopSequences), tokenUsage: { inputTokens: 120, outputTokens: 30 } };
  }

  async *generateStream(messages: ChatMessage[], options: GenerateOptions = {}): AsyncIterable<ChatMessageStreamDelta> {
    const reply = await this.reply(messages, options);
    const content = applyStopSequences(typeof reply === 'string' ? reply : reply.text, options.stopSequences);
    const at = typeof reply === 'string' ? content.length : reply.pause.at;
    yield { content: content.slice(0, at) };
    if (typeof reply !== 'string') await reply.pause.until;
    if (at < content.length) yield { content: content.slice(at) };
    yield { tokenUsage: { inputTokens: 120, outputTokens: 30 } };
  }

  private async reply(messages: ChatMessage[], options: GenerateOptions): Promise<ReplyText> {
    // The latest task decides: follow-up tasks carry the earlier ones in their memory (a new task may
    // share a user message with what came before it, since roles alternate).
    const said = messages.filter((message) => message.role === 'user').map((message) => contentText(message.content)).join('\n');
    const key = [...this.scripts.keys()].filter((candidate) => said.includes(candidate)).sort((a, b) => said.lastIndexOf(b) - said.lastIndexOf(a))[0];
    if (!key) throw new Error('no script for this conversation');
    this.calls.push({ key, messages: structuredClone(messages), signal: options.signal });
    const reply = this.scripts.get(key)!.shift();
    if (!reply) throw new Error(`script ${key} ran out of replies`);
    return await reply({ messages, signal: options.signal });
  }
}

const js = (thought: string, code: string) => `Thought: ${thought}\n\`\`\`js\n${code}\n\`\`\``;
const lookup = tool({
  name: 'lookup',
  description: 'Looks a word up in the dictionary.',
  inputSchema: z.object({ word: z.string() }),
  execute: ({ word }) => `${word}: present everywhere`,
});

const LAUNCH_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];
const UPLOAD_LIMIT = 100 * 1024;

let browser: Browser;
let server: AgentUiServer;
let model: TaskScriptedModel;
let agentsMade = 0;
let context: BrowserContext;
let page: Page;

before(async () => {
  model = new TaskScriptedModel();
  server = await serveAgentUi(
    () => {
      agentsMade++;
      return new CodeAgent({ model, tools: [lookup] });
    },
    { port: 0, maxUploadBytes: UPLOAD_LIMIT, title: 'smolagents', description: 'browser-test-model · CodeAgent · tools: lookup, final_answer' },
  );
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: LAUNCH_ARGS });
  context = await browser.newContext({ viewport: { width: 1100, height: 1000 } });
  page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('body[data-connected="true"]');
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function sendTask(target: Page, task: string): Promise<void> {
  await target.fill('#task', task);
  await target.press('#task', 'Enter');
}

describe('the web UI in Chromium', () => {
  it('Enter sends the task; the steps stream in while the run goes on; the answer ends it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const task = model.script('TASK-STREAM', [
      js('look the word up first', '// ask the dictionary\nconst meaning = await lookup({ word: "ubiquitous" });\nconsole.log(meaning);'),
      async () => {
        await gate;
        return js('I have it', 'final_answer(meaning)');
      },
    ]);
    await sendTask(page, `${task}: what does ubiquitous mean?`);

    // Step 1 is complete on the page while step 2's model call is still held: the steps stream.
    await page.waitForSelector('.step[data-step="1"] .footer');
    await page.waitForSelector('.step[data-step="2"]');
    assert.equal(await page.locator('.msg.answer').count(), 0);
    assert.equal(await page.locator('#stop').isEnabled(), true);
    assert.equal(await page.locator('#send').isEnabled(), false);
    assert.equal(await page.textContent('#status'), 'Running…');

    const step1 = page.locator('.step[data-step="1"]');
    assert.equal(await step1.locator('.thought').textContent(), 'Thought: look the word up first');
    assert.equal(await step1.locator('pre.code .tok-call').first().textContent(), 'lookup');
    assert.equal(await step1.locator('pre.code .tok-comment').textContent(), '// ask the dictionary');
    assert.equal(await step1.locator('pre.code .tok-keyword').first().textContent(), 'const');
    assert.equal(await step1.locator('.tool').first().textContent(), '→ lookup({"word":"ubiquitous"})');
    assert.equal(await step1.locator('.tool.result').textContent(), '← lookup: ubiquitous: present everywhere');
    assert.match((await step1.locator('pre.observation').textContent())!, /ubiquitous: present everywhere/);
    assert.match((await step1.locator('.footer').textContent())!, /^Step 1: Duration \d+\.\d\d s \| Input tokens: 120 \| Output tokens: 30$/);
    assert.equal(await page.locator('.msg.task').textContent(), `${task}: what does ubiquitous mean?`);

    release();
    await page.waitForSelector('.msg.answer');
    assert.equal(await page.locator('.msg.answer').textContent(), 'Final answerubiquitous: present everywhere');
    await page.waitForSelector('body:not(.running)');
    assert.equal(await page.locator('#stop').isEnabled(), false);
    assert.equal(await page.inputValue('#task'), '', 'the task box is cleared once sent');

    const shot = await page.screenshot({ fullPage: false });
    assert.deepEqual([...shot.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    const target = process.env.SMOLAGENTS_UPDATE_SCREENSHOTS === '1' ? join(REPO_ROOT, 'docs', 'images') : await mkdtemp(join(tmpdir(), 'ui-shot-'));
    await mkdir(target, { recursive: true });
    await writeFile(join(target, 'ui.png'), shot);
  });

  it('Stop aborts the run in progress: the model call sees the abort, and the page says so', async () => {
    let started!: () => void;
    const called = new Promise<void>((resolve) => (started = resolve));
    const task = model.script('TASK-STOP', [
      ({ signal }) =>
        new Promise<string>((_resolve, reject) => {
          started();
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
    ]);
    await sendTask(page, `${task}: think forever`);
    await called;
    await page.click('#stop');
    await page.waitForSelector('.msg.notice');
    assert.match((await page.locator('.msg.notice').last().textContent())!, /^Stopped\./);
    assert.equal(model.calls.at(-1)!.signal?.aborted, true);
    await page.waitForSelector('body:not(.running)');
    assert.equal(await page.locator('#send').isEnabled(), true);
  });

  it('files sent with a task reach the agent as uploaded_files; an upload over the limit is refused with a clear message', async () => {
    const task = model.script('TASK-UPLOAD', [
      js('read the files', 'for (const file of uploaded_files) console.log(file.name, file.size, file.text ?? "(binary, " + file.base64.length + " base64 chars)");'),
      js('count them', 'final_answer(uploaded_files.length)'),
    ]);
    await page.setInputFiles('#files', [
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('milk, eggs, flour') },
      { name: 'pixel.bin', mimeType: 'application/octet-stream', buffer: Buffer.from([0, 1, 2, 255]) },
    ]);
    assert.equal(await page.textContent('#file-names'), 'notes.txt, pixel.bin');
    await sendTask(page, `${task}: what is on my list?`);
    await page.locator('.msg.answer').nth(1).waitFor();
    assert.equal(await page.locator('.msg.answer').last().textContent(), 'Final answer2');
    assert.deepEqual(await page.locator('.msg.task').last().locator('.file').allTextContents(), ['notes.txt', 'pixel.bin']);
    const observation = await page.locator('.step[data-step="1"] pre.observation').last().textContent();
    assert.match(observation!, /notes\.txt 17 milk, eggs, flour/);
    assert.match(observation!, /pixel\.bin 4 \(binary, 8 base64 chars\)/);
    const firstRequest = model.calls.find((call) => call.key === 'TASK-UPLOAD')!;
    assert.match(JSON.stringify(firstRequest.messages), /uploaded_files/);
    assert.equal(await page.textContent('#file-names'), '', 'the chosen files are cleared once sent');

    const callsBefore = model.calls.length;
    try {
      await page.setInputFiles('#files', [{ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(200 * 1024, 'a') }]);
      await sendTask(page, 'TASK-UPLOAD again with a big file');
      await page.waitForSelector('#banner:not([hidden])');
      // The request's length: the file and the form around it.
      assert.match((await page.textContent('#banner'))!, /^The upload is too large: 200\.\d KB sent, and the limit is 100\.0 KB \(smolagent ui --max-upload-mb\)\.$/);
      assert.equal(model.calls.length, callsBefore, 'no run started');
      assert.equal(await page.inputValue('#task'), 'TASK-UPLOAD again with a big file', 'the task stays in the box');
    } finally {
      await page.setInputFiles('#files', []);
      await page.fill('#task', '');
    }
  });

  it('tasks follow up on each other until Reset memory, which starts a fresh agent', async () => {
    const made = agentsMade;
    const followUp = model.script('TASK-FOLLOWUP', [js('recall', 'final_answer("remembered")')]);
    await sendTask(page, `${followUp}: what did I ask before?`);
    await page.locator('.msg.answer').nth(2).waitFor();
    const followUpRequest = JSON.stringify(model.calls.findLast((call) => call.key === 'TASK-FOLLOWUP')!.messages);
    assert.match(followUpRequest, /TASK-STREAM/, 'the earlier task is in memory');
    assert.equal(agentsMade, made, 'the same agent');

    await page.click('#reset');
    await page.waitForSelector('#transcript:empty', { state: 'attached' });
    const fresh = model.script('TASK-FRESH', [js('start over', 'final_answer(typeof meaning)')]);
    await sendTask(page, `${fresh}: anything known?`);
    await page.waitForSelector('.msg.answer');
    assert.equal(await page.locator('.msg.answer').textContent(), 'Final answerundefined', 'sandbox variables are gone too');
    const freshRequest = JSON.stringify(model.calls.findLast((call) => call.key === 'TASK-FRESH')!.messages);
    assert.doesNotMatch(freshRequest, /TASK-STREAM|TASK-FOLLOWUP/);
    assert.equal(agentsMade, made + 1, 'a new agent after the reset');
  });

  it('each browser session has its own agent and transcript; a reload shows the transcript again', async () => {
    const made = agentsMade;
    const other = await browser.newContext();
    try {
      const otherPage = await other.newPage();
      await otherPage.goto(server.url);
      await otherPage.waitForSelector('body[data-connected="true"]');
      assert.equal(await otherPage.locator('#transcript > *').count(), 0);
      const task = model.script('TASK-OTHER', [js('hello', 'final_answer("from the other session")')]);
      await sendTask(otherPage, `${task}: hi`);
      await otherPage.waitForSelector('.msg.answer');
      assert.equal(agentsMade, made + 1);
      assert.doesNotMatch(JSON.stringify(model.calls.at(-1)!.messages), /TASK-FRESH/);
      assert.equal(await page.locator('.msg.task', { hasText: 'TASK-OTHER' }).count(), 0, 'the first session does not see it');

      await page.reload();
      await page.waitForSelector('body[data-connected="true"]');
      assert.equal(await page.locator('.msg.task').textContent(), 'TASK-FRESH: anything known?');
      assert.equal(await page.locator('.msg.answer').textContent(), 'Final answerundefined');
    } finally {
      await other.close();
    }
  });

  it('a streaming, planning agent: tokens appear as they arrive, then the plan; a failed step shows its error', async () => {
    const planning = await serveAgentUi(() => new CodeAgent({ model, tools: [lookup], planningInterval: 5, streamOutputs: true }), { port: 0 });
    const planningPage = await context.newPage();
    try {
      await planningPage.goto(planning.url);
      await planningPage.waitForSelector('body[data-connected="true"]');
      let release!: () => void;
      const until = new Promise<void>((resolve) => (release = resolve));
      const plan = '1. Try the obvious thing.\n2. Fix it and answer.';
      const task = model.script('TASK-PLAN', [
        { text: plan, pause: { at: 12, until } },
        js('try it', 'notDefinedAnywhere()'),
        js('fix it', 'final_answer("fixed")'),
      ]);
      await sendTask(planningPage, `${task}: go`);
      // Mid-stream: the first tokens of the plan are on the page, the rest is not.
      await planningPage.waitForSelector('.plan .live');
      assert.equal(await planningPage.locator('.plan .live').textContent(), plan.slice(0, 12));
      release();
      await planningPage.waitForSelector('.msg.answer');
      assert.equal(await planningPage.locator('.plan pre').textContent(), plan);
      assert.match((await planningPage.locator('.plan .footer').textContent())!, /^Plan: Duration \d+\.\d\d s \| Input tokens: 120/);
      assert.equal(await planningPage.locator('.live').count(), 0, 'streamed text is replaced by the settled messages');
      assert.match((await planningPage.locator('.step[data-step="1"] .step-error').textContent())!, /^AgentExecutionError: .*notDefinedAnywhere/);
      assert.equal(await planningPage.locator('.step[data-step="2"] .thought').textContent(), 'Thought: fix it');
      assert.equal(await planningPage.locator('.msg.answer').textContent(), 'Final answerfixed');
    } finally {
      await planningPage.close();
      await planning.close();
    }
  });

  it('a step’s observation images (a screenshot) are shown under it; an image given by URL is not fetched', async () => {
    const screenshot = solidPng(40, 30, [20, 160, 60]);
    const attach: StepCallback = (step) => {
      if (step.type === 'action' && !step.isFinalAnswer) step.observationImages = [toImagePart(screenshot), toImagePart('https://example.com/elsewhere.png')];
    };
    const imaging = await serveAgentUi(() => new CodeAgent({ model, tools: [lookup], stepCallbacks: [attach] }), { port: 0 });
    const imagingPage = await context.newPage();
    const requests: string[] = [];
    imagingPage.on('request', (request) => requests.push(request.url()));
    try {
      await imagingPage.goto(imaging.url);
      await imagingPage.waitForSelector('body[data-connected="true"]');
      const task = model.script('TASK-IMAGE', [js('look', 'console.log("looked")'), js('done', 'final_answer("seen")')]);
      await sendTask(imagingPage, `${task}: look`);
      await imagingPage.waitForSelector('.msg.answer');
      const images = imagingPage.locator('.step[data-step="1"] img.observation');
      assert.equal(await images.count(), 1, 'the data image only');
      assert.equal(await images.getAttribute('src'), `data:image/png;base64,${screenshot.toString('base64')}`);
      assert.equal(await images.getAttribute('alt'), 'Step 1, image 1');
      assert.equal(await images.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth), 40, 'decoded by the page (its policy allows data: images)');
      assert.ok(requests.every((url) => url.startsWith(imaging.url)), requests.join('\n'));
    } finally {
      await imagingPage.close();
      await imaging.close();
    }
  });

  it('the page loads nothing from the network and runs no inline handler it did not ship', async () => {
    const fresh = await browser.newContext();
    try {
      const requests: string[] = [];
      const freshPage = await fresh.newPage();
      freshPage.on('request', (request) => requests.push(request.url()));
      await freshPage.goto(server.url);
      await freshPage.waitForSelector('body[data-connected="true"]');
      assert.ok(requests.every((url) => url.startsWith(server.url)), requests.join('\n'));
      const html = await readFile(new URL('../../src/cli/ui/ui-page.ts', import.meta.url), 'utf8');
      assert.doesNotMatch(html, /https?:\/\/(?!localhost)/, 'no external URL in the page source');
    } finally {
      await fresh.close();
    }
  });
});
