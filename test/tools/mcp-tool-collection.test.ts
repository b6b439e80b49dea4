import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { ToolCollection } from '../../src/tools/mcp-tool-collection.js';

const serverScript = fileURLToPath(new URL('../fixtures/mcp/weather-server.ts', import.meta.url));

describe('ToolCollection.fromMcp over stdio', () => {
  let collection: ToolCollection;
  before(async () => {
    collection = await ToolCollection.fromMcp({ command: process.execPath, args: ['--import', 'tsx', serverScript] });
  });
  after(() => collection.close());

  test('lists the server tools with names the agent can call and their JSON Schema', () => {
    const names = collection.tools.map((tool) => tool.name).sort();
    assert.deepEqual(names, ['forecast', 'get_temperature']);
    const temperature = collection.tools.find((tool) => tool.name === 'get_temperature')!;
    assert.equal(temperature.description, 'Current temperature of a city, in degrees Celsius.');
    assert.deepEqual(temperature.parameterNames, ['city']);
  });

  test('calls a tool, returns structured content when the server sends it', async () => {
    const temperature = collection.tools.find((tool) => tool.name === 'get_temperature')!;
    assert.equal(await temperature.call({ city: 'Seoul' }), '24°C in Seoul');
    const forecast = collection.tools.find((tool) => tool.name === 'forecast')!;
    assert.deepEqual(await forecast.call({ city: 'Paris', days: 2 }), { city: 'Paris', days: [18, 19] });
  });

  test('an error result becomes a thrown error with the server message; bad arguments are caught before the call', async () => {
    const temperature = collection.tools.find((tool) => tool.name === 'get_temperature')!;
    await assert.rejects(temperature.call({ city: 'Atlantis' }), /Unknown city: Atlantis/);
    await assert.rejects(temperature.call({ town: 'Paris' }), /city/);
  });

  test('a CodeAgent calls MCP tools from its code', async () => {
    const model = new ScriptedModel([
      '```js\nconst [paris, seoul] = await Promise.all([get_temperature({ city: "Paris" }), get_temperature({ city: "Seoul" })]);\nfinal_answer(`${paris}; ${seoul}`);\n```',
    ]);
    const agent = new CodeAgent({ model, tools: collection.tools });
    try {
      assert.equal(await agent.run('Temperatures?'), '18°C in Paris; 24°C in Seoul');
    } finally {
      await agent.dispose();
    }
  });
});
