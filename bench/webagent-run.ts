/**
 * One web agent run of the seed task (real headless Chromium, the local shop, a scripted model on
 * the OpenAI wire server): steps, wall time, screenshots taken and the bytes of images the model was
 * sent, with the last two steps' screenshots (the web agent's default) and with every step's, in
 * the same process. With `screenshotPath`, the product page's screenshot is written there (docs).
 */
import { writeFile } from 'node:fs/promises';
import { createWebAgent } from '../src/browser/web-agent.js';
import { OpenAIServerModel } from '../src/models/openai-server-model.js';
import { startOpenAIWireServer } from '../test/support/openai-wire-server.js';
import { seedReplies, seedTask } from '../test/support/seed-task.js';
import { startShopServer } from '../test/support/shop-server.js';
import { ms, table } from './timing.js';

interface RunFigures {
  label: string;
  steps: number;
  wallMs: number;
  screenshots: number;
  screenshotBytes: number;
  imagesSent: number;
  imageBytesSent: number;
  requestBytes: number;
  answerCorrect: boolean;
  lastScreenshot?: Buffer;
}

async function runOnce(label: string, observationImageSteps: number | undefined): Promise<RunFigures> {
  const shop = await startShopServer();
  const server = await startOpenAIWireServer({ replies: seedReplies });
  try {
    const model = new OpenAIServerModel({ modelId: 'gpt-4o', apiBase: server.url, apiKey: 'bench' });
    const agent = createWebAgent({ model, logger: false, allowedOrigins: [shop.baseUrl], ...(observationImageSteps === undefined ? {} : { observationImageSteps }) });
    const start = performance.now();
    const result = await agent.run(seedTask(shop.baseUrl), { returnFullResult: true });
    const wallMs = performance.now() - start;
    await agent.dispose();
    const shots = agent.memory.actionSteps.flatMap((step) => step.observationImages ?? []);
    const requests = server.requests.filter((request) => request.method === 'POST');
    const shirt = shop.products.find((product) => product.slug === 'linen-shirt')!;
    const output = result.output as { price?: string; product?: string };
    return {
      label,
      steps: agent.memory.actionSteps.length,
      wallMs,
      screenshots: shots.length,
      screenshotBytes: shots.reduce((sum, shot) => sum + Buffer.from(shot.image as string, 'base64').length, 0),
      imagesSent: requests.reduce((sum, request) => sum + request.images.length, 0),
      imageBytesSent: requests.reduce((sum, request) => sum + request.images.reduce((bytes, image) => bytes + image.bytes.length, 0), 0),
      requestBytes: requests.reduce((sum, request) => sum + Buffer.byteLength(JSON.stringify(request.body)), 0),
      answerCorrect: output.product === 'Linen shirt' && output.price === shirt.prices['France'],
      ...(shots.length > 0 ? { lastScreenshot: Buffer.from(shots.at(-1)!.image as string, 'base64') } : {}),
    };
  } finally {
    await server.close();
    await shop.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function measureWebAgentRun(options: { screenshotPath?: string | undefined } = {}): Promise<string> {
  const runs = [await runOnce('last 2 steps’ screenshots (default)', undefined), await runOnce('every step’s screenshots', 1_000)];
  if (options.screenshotPath && runs[0]!.lastScreenshot) await writeFile(options.screenshotPath, runs[0]!.lastScreenshot);
  const rows = runs.map((run) => [
    run.label,
    String(run.steps),
    ms(run.wallMs),
    `${run.screenshots} (${kb(run.screenshotBytes / Math.max(1, run.screenshots))} each)`,
    String(run.imagesSent),
    kb(run.imageBytesSent),
    kb(run.requestBytes),
    run.answerCorrect ? 'yes' : 'NO',
  ]);
  return [
    '## Web agent: the seed task in headless Chromium',
    '',
    'The seed guide’s webagent task on the local shop (a cookie banner to close, the sale page, the first clothing item, the French price), with a scripted model on the OpenAI wire server: 6 model requests. Screenshots are 1024×768 JPEG (quality 70). "Images sent" counts every image in every request; "request bytes" is the JSON sent to the model in all.',
    '',
    table(['screenshots sent', 'steps', 'wall time', 'screenshots taken', 'images sent', 'image bytes sent', 'request bytes', 'answer read off the page'], rows),
  ].join('\n');
}
