/**
 * The `webagent` command in a child process: the same model flags as smolagent, its own browser
 * flags, a run on the local shop in real Chromium, and Ctrl-C leaving no browser behind.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WEBAGENT_HELP_TEXT } from '../../src/cli/parse-webagent-arguments.js';
import { startOpenAIWireServer, type OpenAIWireServer, type WireReply } from '../support/openai-wire-server.js';
import { startShopServer, type ShopServer } from '../support/shop-server.js';
import { RUN_RECORD_VERSION } from '../../src/telemetry/run-record.js';
import { REPO_ROOT, reasonLines, runSmolagent, runWebagent, startWebagent } from './run-smolagent.js';

const scripts = new Map<string, (string | WireReply)[]>();
let server: OpenAIWireServer;
let shop: ShopServer;
let folder: string;

function taskOf(body: { messages?: { role: string; content: unknown }[] }): string {
  const content = JSON.stringify(body.messages?.[1]?.content ?? '');
  return [...scripts.keys()].find((key) => content.includes(key)) ?? '';
}
const requestsFor = (task: string) => server.requests.filter((request) => request.method === 'POST' && taskOf(request.body) === task);

before(async () => {
  shop = await startShopServer();
  folder = await mkdtemp(join(tmpdir(), 'webagent-cli-'));
  server = await startOpenAIWireServer({
    replies: (request) => scripts.get(taskOf(request.body))?.shift() ?? { status: 400, errorMessage: 'no scripted reply for this task' },
  });
});
after(async () => {
  await server.close();
  await shop.close();
  await rm(folder, { recursive: true, force: true });
});

const model = () => ['--api-base', server.url, '--model-id', 'gpt-4o', '--api-key', 'test-key'];
const code = (source: string) => `Go.\n\`\`\`js\n${source}\n\`\`\``;

/** A Chromium wrapper whose command line carries a marker, so that the test can tell whether that browser is still running. */
async function markedChromium(): Promise<{ path: string; running: () => boolean }> {
  const marker = `--smolagents-test-marker=${randomUUID()}`;
  const path = join(folder, `chromium-${randomUUID()}.sh`);
  await writeFile(path, `#!/bin/sh\nexec /usr/bin/chromium ${marker} "$@"\n`);
  await chmod(path, 0o755);
  const running = () => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').some((line) => line.includes(marker) && !line.includes('exec /usr/bin/chromium'));
  return { path, running };
}

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`still waiting: ${what}`);
}

describe('webagent command line', () => {
  it('--help shows the shared model flags and the browser flags', async () => {
    const run = await runWebagent(['--help']);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, WEBAGENT_HELP_TEXT);
    for (const flag of ['--model-type', '--model-id', '--api-base', '--headed', '--start-url', '--max-steps', '--allow', '--browser-path', '--downloads']) assert.ok(run.stdout.includes(flag), flag);
  });

  it('bad command lines exit 2 with one line saying why', async () => {
    const cases: [string[], RegExp][] = [
      [[], /webagent needs a task/],
      [['task', '--max-steps', '0'], /--max-steps needs a positive whole number, got '0'/],
      [['task', '--allow', 'https://example.com/path'], /allowedOrigins: 'https:\/\/example\.com\/path' has more than an origin/],
      [['task', '--start-url', 'file:///etc/passwd'], /startUrl: file:\/\/\/etc\/passwd was not opened/],
      [['task', '--tools', 'web_search'], /Unknown option '--tools'/],
      [['task', '--quiet', '--verbose'], /--quiet and --verbose cannot be used together/],
      [['task', '--record', ' '], /--record needs a file path/],
      [['task', '--start-url'], /--start-url needs a value, e\.g\. --start-url https:\/\/example\.com/],
    ];
    for (const [args, reason] of cases) {
      const run = await runWebagent([...args, ...model()]);
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
      const lines = reasonLines(run.stderr, 'webagent');
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0]!, reason);
    }
  });

  it('no browser at --browser-path: exit 1 with how to install one, before any model request', async () => {
    const before = server.requests.length;
    const run = await runWebagent(['find the sale', '--browser-path', '/nonexistent/chromium', ...model()]);
    assert.equal(run.code, 1);
    assert.match(reasonLines(run.stderr, 'webagent')[0]!, /^webagent: No executable browser at \/nonexistent\/chromium\. Install Chromium \(Debian\/Ubuntu: `sudo apt-get install chromium`/);
    assert.equal(server.requests.length, before);
  });

  it('without playwright-core: exit 1 naming the npm install command, before any model request', async () => {
    const before = server.requests.length;
    const { code, stderr } = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', './test/support/without-playwright.mjs', '--import', 'tsx', 'src/cli/webagent.ts', 'find the sale', ...model()], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '' } }, (error, _stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
      );
    });
    assert.equal(code, 1, stderr);
    assert.deepEqual(reasonLines(stderr, 'webagent'), ["webagent: The web agent (its browser tools) needs the optional package 'playwright-core', which is not installed. Run `npm install playwright-core`."]);
    assert.equal(server.requests.length, before);
  });

  it('runs a task from --start-url within --allow and prints the answer read off the page', async () => {
    const task = 'CLI-TASK: what does the Linen shirt cost from France?';
    scripts.set(task, [
      code('console.log(await close_popups());\nconsole.log(await click({ text: "Sale" }));'),
      code('console.log(await click({ text: "Linen shirt" }));\nconsole.log(await type_text({ text: "France", into: "Delivery country" }));\nconsole.log(await press({ key: "Enter" }));'),
      code('final_answer(/Price: ([^\\n]+)/.exec(await page_text())[1].trim());'),
    ]);
    const run = await runWebagent([task, '--start-url', `${shop.baseUrl}/men`, '--allow', shop.baseUrl, '--max-steps', '5', ...model()], { env: { NO_COLOR: '1' } });
    assert.equal(run.code, 0, run.stderr);
    const shirt = shop.products.find((product) => product.slug === 'linen-shirt')!;
    assert.equal(run.lastLine, shirt.prices['France']);
    assert.match(run.stderr, /Model: OpenAIServerModel gpt-4o/);
    assert.match(run.stderr, /Agent: WebAgent · tools: go_to, click, type_text, press, scroll, go_back, close_popups, find_on_page, page_text, final_answer/);
    assert.match(run.stderr, /Closed 1 overlay\(s\): clicked "Reject all" in #cookie-overlay\./);
    const requests = requestsFor(task);
    assert.deepEqual(requests.map((request) => request.images.length), [0, 1, 2], 'a screenshot after every step; at most the last two sent');
  });

  it('checks the model key before the browser or the model: exit 1 naming the variable, as smolagent does', async () => {
    const before = server.requests.length;
    const browser = await markedChromium();
    const run = await runWebagent(['find the sale', '--model-type', 'OpenAIServerModel', '--model-id', 'gpt-4o', '--browser-path', browser.path]);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(reasonLines(run.stderr, 'webagent'), ['webagent: OpenAIServerModel needs an API key: set OPENAI_API_KEY or pass --api-key (a local server given with --api-base needs none).']);
    assert.equal(server.requests.length, before);
    assert.equal(browser.running(), false);
  });

  it('--record writes the run as smolagent does, screenshots by type, size and SHA-256, and smolagent replay prints it', async () => {
    const task = 'CLI-TASK: record the women page';
    scripts.set(task, [code('console.log(await page_text());'), code('final_answer("seen");')]);
    const record = join(folder, 'webagent-run.jsonl');
    const run = await runWebagent([task, '--start-url', `${shop.baseUrl}/women`, '--allow', shop.baseUrl, '--record', record, '--quiet', ...model()]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '', '--quiet: the agent logs nothing of its own either');
    const text = await readFile(record, 'utf8');
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines[0].version, RUN_RECORD_VERSION);
    const [screenshot] = requestsFor(task)[1]!.images;
    const sha256 = createHash('sha256').update(screenshot!.bytes).digest('hex');
    const step1 = lines.find((line) => line.type === 'step_end' && line.step.stepNumber === 1);
    assert.deepEqual(step1.step.observationImages, [{ type: 'image', mediaType: 'image/jpeg', bytes: screenshot!.bytes.byteLength, sha256 }]);
    const second = lines.filter((line) => line.type === 'model_request')[1];
    assert.deepEqual(second.messages.at(-1).content.at(-1), { type: 'image', mediaType: 'image/jpeg', bytes: screenshot!.bytes.byteLength, sha256 });
    assert.ok(!text.includes(screenshot!.bytes.toString('base64').slice(0, 200)), 'no image data in the record');

    const replay = await runSmolagent(['replay', record, '--verbose'], { env: { NO_COLOR: '1' } });
    assert.equal(replay.code, 0, replay.stderr);
    assert.ok(replay.stdout.includes(`[image image/jpeg, ${Math.round(screenshot!.bytes.byteLength / 1024).toLocaleString('en-US')} KB]`), replay.stdout);
  });

  it('Ctrl-C stops the run, exits 130 and leaves no Chromium running', async () => {
    const task = 'CLI-TASK: one press';
    let arrived!: () => void;
    const firstRequest = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    scripts.set(task, []);
    const replies = scripts.get(task)!;
    Object.defineProperty(replies, 'shift', { value: () => (arrived(), { content: 'Thought: thinking', holdUntil: held }) });
    const browser = await markedChromium();
    const { child, done } = startWebagent([task, '--start-url', `${shop.baseUrl}/women`, '--stream', '--browser-path', browser.path, ...model()]);
    child.stdin.end('');
    try {
      await Promise.race([firstRequest, done.then((run) => assert.fail(`webagent ended before its first request: ${run.stderr}`))]);
      assert.ok(browser.running(), 'the browser is up while the model thinks');
      child.kill('SIGINT');
      const run = await done;
      assert.equal(run.code, 130, run.stderr);
      assert.match(run.stderr, /Interrupted: stopping the run/);
      await waitUntil(() => !browser.running(), 'Chromium to exit');
    } finally {
      release();
    }
  });

  it('a second Ctrl-C exits at once, and Chromium goes with the process', async () => {
    const task = 'CLI-TASK: two presses';
    let arrived!: () => void;
    const firstRequest = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    scripts.set(task, []);
    Object.defineProperty(scripts.get(task)!, 'shift', { value: () => (arrived(), { content: 'Thought: thinking', holdUntil: held }) });
    const browser = await markedChromium();
    const { child, done } = startWebagent([task, '--start-url', `${shop.baseUrl}/women`, '--stream', '--browser-path', browser.path, ...model()]);
    child.stdin.end('');
    try {
      await Promise.race([firstRequest, done.then((run) => assert.fail(`webagent ended before its first request: ${run.stderr}`))]);
      child.kill('SIGINT');
      child.kill('SIGINT');
      const run = await done;
      assert.equal(run.code, 130, run.stderr);
      await waitUntil(() => !browser.running(), 'Chromium to exit');
    } finally {
      release();
    }
  });
});
