/**
 * The web agent end to end: real headless Chromium on the local shop, a model served by the OpenAI
 * wire server with scripted replies doing the seed guide's task. The answer must come from the
 * product page through the agent's code (prices and article numbers are drawn when the shop starts),
 * and the requests must carry the screenshots as images, only the last two steps' each time.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createWebAgent } from '../../src/browser/web-agent.js';
import { AgentAbortedError } from '../../src/errors.js';
import { readImageSize } from '../../src/models/image-size.js';
import { OpenAIServerModel } from '../../src/models/openai-server-model.js';
import { startOpenAIWireServer, type OpenAIWireServer, type RecordedRequest } from '../support/openai-wire-server.js';
import { code, seedReplies, seedTask } from '../support/seed-task.js';
import { startShopServer, type ShopServer } from '../support/shop-server.js';

let shop: ShopServer;
before(async () => {
  shop = await startShopServer();
});
after(() => shop.close());

async function withWire(replies: (request: RecordedRequest, index: number) => string, run: (server: OpenAIWireServer, model: OpenAIServerModel) => Promise<void>): Promise<void> {
  const server = await startOpenAIWireServer({ replies });
  try {
    await run(server, new OpenAIServerModel({ modelId: 'gpt-4o', apiBase: server.url, apiKey: 'test-key', retry: { baseDelayMs: 1, maxDelayMs: 5 } }));
  } finally {
    await server.close();
  }
}

const chat = (server: OpenAIWireServer) => server.requests.filter((request) => request.method === 'POST');

describe('the web agent on the seed task', () => {
  test('reads the product details and the French price off the product page, with screenshots on the wire', async () => {
    await withWire(seedReplies, async (server, model) => {
      const agent = createWebAgent({ model, actionTimeoutMs: 2_000, navigationTimeoutMs: 10_000, allowedOrigins: [shop.baseUrl] });
      const result = await agent.run(seedTask(shop.baseUrl), { returnFullResult: true });
      await agent.dispose();

      const shirt = shop.products.find((product) => product.slug === 'linen-shirt')!;
      assert.equal(shop.products[0]!.category, 'Gift', 'the first sale item is not clothing, so picking it needs reading');
      assert.deepEqual(result.output, { product: 'Linen shirt', details: shirt.details, price: shirt.prices['France'], country: 'France' });
      assert.equal(result.state, 'success');
      assert.equal(agent.browserRunning, false, 'the browser is closed at the end of the run');

      const steps = agent.memory.actionSteps;
      assert.equal(steps.length, 6);
      assert.match(steps[1]!.error!.message, /Could not click "Sale": <div id="cookie-overlay"[^]*close_popups\(\)/, 'the banner blocked the first click');
      assert.match(steps[0]!.observations!, /Browser: now at http:\/\/127\.0\.0\.1:\d+\/men — "Men · Maison Lumen"\. The screenshot shows the page after this step\./);
      assert.match(steps[4]!.observations!, /Pressed Enter\. Now at .*\/products\/linen-shirt\?country=France/);
      assert.equal(steps[5]!.observationImages, undefined, 'no screenshot after the final answer');

      const requests = chat(server);
      assert.equal(requests.length, 6);
      assert.deepEqual(requests.map((request) => request.images.length), [0, 1, 2, 2, 2, 2], 'screenshots older than the last two steps are not sent');
      for (const request of requests.slice(1)) {
        for (const image of request.images) {
          assert.equal(image.mediaType, 'image/jpeg');
          assert.deepEqual(readImageSize(image.bytes), { width: 1024, height: 768 });
          assert.equal(image.role, 'user');
        }
      }
      // Each request's last image is the screenshot of the step just before it.
      for (const [index, step] of steps.slice(0, 5).entries()) {
        const sent = requests[index + 1]!.images.at(-1)!.bytes.toString('base64');
        assert.equal(sent, step.observationImages![0]!.image, `step ${index + 1}'s screenshot`);
      }
      assert.ok(
        requests.every((request) => request.body.messages.every((message: { role: string; content: unknown }) => message.role === 'user' || typeof message.content === 'string')),
        'only user messages carry parts',
      );
      assert.equal(agent.memory.actionSteps.filter((step) => step.observationImages).length, 5, 'memory keeps every screenshot');
    });
  });
});

describe('the web agent’s browser lifecycle', () => {
  test('startUrl: the start page is open before the first step, the task says so, and the screenshots start after step 1', async () => {
    const replies = () => code('The screenshot shows the page; I read its title.', `const text = await page_text();\nfinal_answer(/^# (.+)$/m.exec(text)[1]);`);
    await withWire(replies, async (server, model) => {
      const agent = createWebAgent({ model, startUrl: `${shop.baseUrl}/women`, allowedOrigins: [shop.baseUrl] });
      assert.equal(await agent.run('What is the title of the page?'), 'Women · Maison Lumen');
      const first = chat(server)[0]!;
      assert.equal(first.images.length, 0);
      assert.equal(first.body.messages[1].content, `Task:\nWhat is the title of the page?\n\nThe browser was opened at ${shop.baseUrl}/women: Now at ${shop.baseUrl}/women — "Women · Maison Lumen".`);
      assert.equal(agent.browserRunning, false);
      await agent.dispose();
    });
  });

  test('an aborted run closes the browser; the next run starts a new one', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const controller = new AbortController();
    const server = await startOpenAIWireServer({
      replies: (_request, index) => {
        if (index === 0) return code('Open the shop.', `console.log(await go_to({ url: ${JSON.stringify(`${shop.baseUrl}/men`)} }));`);
        if (index === 1) {
          controller.abort(new Error('stop'));
          return { content: 'Thought: wait', holdUntil: held };
        }
        return code('Done.', 'final_answer("second run")');
      },
    });
    try {
      const model = new OpenAIServerModel({ modelId: 'gpt-4o', apiBase: server.url, apiKey: 'k' });
      const agent = createWebAgent({ model, streamOutputs: true });
      await assert.rejects(agent.run('Browse.', { signal: controller.signal }), (error: unknown) => error instanceof AgentAbortedError);
      assert.equal(agent.browserRunning, false, 'closed after the abort');
      release();
      assert.equal(await agent.run('Again.'), 'second run');
      assert.equal(agent.browserRunning, false);
      await agent.dispose();
    } finally {
      release();
      await server.close();
    }
  });

  test('bad options fail at construction; a missing browser fails before any model call', async () => {
    await withWire(() => 'never', async (server, model) => {
      assert.throws(() => createWebAgent({ model, startUrl: 'file:///etc/passwd' }), /startUrl: file:\/\/\/etc\/passwd was not opened: the browser opens only http, https URLs/);
      assert.throws(() => createWebAgent({ model, startUrl: 'https://elsewhere.example', allowedOrigins: ['https://shop.example'] }), /may only visit https:\/\/shop\.example/);
      assert.throws(() => createWebAgent({ model, allowedOrigins: ['https://shop.example/men'] }), /has more than an origin/);
      assert.throws(() => createWebAgent({ model, viewport: { width: 10, height: 10 } }), /viewport must be whole numbers of pixels between 200 and 4096/);
      assert.throws(() => createWebAgent({ model, pageTextMaxChars: 5 }), /pageTextMaxChars must be/);
      assert.throws(() => createWebAgent({ model, navigationTimeoutMs: -1 }), /navigationTimeoutMs must be a positive number/);
      const agent = createWebAgent({ model, executablePath: '/nonexistent/chromium' });
      await assert.rejects(agent.run('Browse.'), /No executable browser at \/nonexistent\/chromium\. Install Chromium/);
      assert.equal(chat(server).length, 0, 'no model request was made');
      assert.deepEqual(Object.keys(agent.tools), ['go_to', 'click', 'type_text', 'press', 'scroll', 'go_back', 'close_popups', 'find_on_page', 'page_text', 'final_answer']);
      assert.match(agent.systemPrompt(), /You are browsing the web in a real Chromium browser/);
      assert.match(agent.systemPrompt(), /declare function find_on_page\(args: \{ text: string; nth\?: number \}\): Promise<string>;/);
      // Code actions are read by the code agent's rule: only a block fenced with ```js runs.
      assert.match(agent.systemPrompt(), /one code block fenced with ```js/);
      // Its browser tools drive this process's Chromium: the agent is not saved as a plain CodeAgent.
      await assert.rejects(agent.save('/tmp/never-written'), (error: Error) => error.name === 'SharedFolderError' && /A WebAgent cannot be saved or pushed/.test(error.message));
      await assert.rejects(agent.pushToHub('user/web'), /A WebAgent cannot be saved or pushed/);
      await agent.dispose();
    });
  });
});
