import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { buildTripHelper, EXAMPLE_FOLDER } from '../../examples/build-trip-helper.js';
import { CodeAgent, SandboxedTool, ScriptedModel } from '../../src/index.js';

describe('examples/trip-helper', () => {
  test('loads and runs: the inline tool sandboxed, the module tool trusted', async () => {
    const model = new ScriptedModel([
      'Thought: convert, then count.\n```js\nconst miles = await convert_distance({ value: 42.195, from: "km", to: "mi" });\nconst days = await days_between({ start: "2025-07-01", end: "2025-07-15" });\nfinal_answer(`${miles} mi over ${days} days`)\n```',
    ]);
    const agent = await CodeAgent.fromFolder(EXAMPLE_FOLDER, { model, sandboxTools: true, trustRemoteCode: true });
    try {
      assert.ok(agent.tools.days_between instanceof SandboxedTool);
      assert.equal(agent.instructions, 'Give distances in both kilometres and miles.');
      assert.equal(await agent.run('How far is a marathon in miles, and how long is my trip?'), '26.219 mi over 14 days');
    } finally {
      await agent.dispose();
    }
  });

  test('is exactly what save() writes for examples/build-trip-helper.ts (run it after changing the format)', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'smolagents-example-'));
    try {
      const agent = buildTripHelper();
      await agent.save(join(scratch, 'trip-helper'));
      const files = (await readdir(EXAMPLE_FOLDER, { recursive: true })).filter((name) => name.includes('.')).sort();
      assert.deepEqual((await readdir(join(scratch, 'trip-helper'), { recursive: true })).filter((name) => name.includes('.')).sort(), files);
      for (const file of files) {
        assert.equal(await readFile(join(scratch, 'trip-helper', file), 'utf8'), await readFile(join(EXAMPLE_FOLDER, file), 'utf8'), file);
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
