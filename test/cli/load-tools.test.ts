import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asTool, loadToolModule } from '../../src/cli/load-tools.js';
import { CliConfigurationError } from '../../src/cli/cli-errors.js';
import { renderTypeScriptToolSignature } from '../../src/tools/render-typescript.js';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';
import { REPO_ROOT, runSmolagent } from './run-smolagent.js';

describe('tool modules keep the output schemas of plain tool objects', () => {
  test('loadToolModule: JSON Schema and zod output schemas are rendered and checked', async () => {
    const [cityFacts, exchangeRate] = await loadToolModule('./test/cli/fixtures/typed-tool-module.ts', REPO_ROOT);
    assert.match(renderTypeScriptToolSignature(cityFacts!), /Promise<\{\n {2}\/\*\* Inhabitants \*\/\n {2}population: number;\n {2}country: string;\n\}>;$/);
    assert.match(renderTypeScriptToolSignature(exchangeRate!), /args: \{ from: "EUR" \| "USD"; to: "EUR" \| "USD" \}\): Promise<\{\n {2}rate: number;\n {2}date: string;\n\}>;$/);
    assert.deepEqual(await cityFacts!.call({ city: 'Paris' }), { population: 2102650, country: 'France' });
    await assert.rejects(cityFacts!.call({ city: 'Atlantis' }), /Tool 'city_facts' returned a result that does not match its declared result type: population: expected integer, received string; country: required, but missing/);
  });

  test('a plain object with a bad outputSchema or outputType is a configuration error naming the tool', () => {
    const base = { name: 'bad', description: 'Bad.', inputSchema: { type: 'object' }, execute: () => 1 };
    assert.throws(() => asTool({ ...base, outputSchema: 'number' }), /Tool 'bad': outputSchema must be a zod schema/);
    assert.throws(() => asTool({ ...base, outputType: 'float' }), /Tool 'bad' has outputType 'float'/);
  });

  test('the CLI shows the loaded tools\' return types to the model', async () => {
    const server = await startOpenAIWireServer({ replies: ['```js\nconst facts = await city_facts({ city: "Paris" });\nfinal_answer(facts.country)\n```'] });
    try {
      const run = await runSmolagent(['Which country?', '--api-base', server.url, '--model-id', 'm', '--tools', './test/cli/fixtures/typed-tool-module.ts'], {
        env: { NO_COLOR: '1' },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.lastLine, 'France');
      const system = server.requests[0]!.body.messages[0].content as string;
      assert.match(system, /declare function city_facts\(args: \{ city: string \}\): Promise<\{\n {2}\/\*\* Inhabitants \*\/\n {2}population: number;/);
      assert.match(system, /declare function exchange_rate\(args: .*\): Promise<\{\n {2}rate: number;\n {2}date: string;\n\}>;/);
    } finally {
      await server.close();
    }
  });
});

test('CliConfigurationError wraps a bad tool in a module, naming the module', async () => {
  const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(join(tmpdir(), 'smolagents-tools-'));
  try {
    await writeFile(join(dir, 'bad.mjs'), "export const bad = { name: 'bad', description: 'B.', inputSchema: {}, outputType: 'float', execute: () => 1 };\n");
    await assert.rejects(loadToolModule('./bad.mjs', dir), (error: unknown) => error instanceof CliConfigurationError && /^\.\/bad\.mjs: Tool 'bad' has outputType 'float'/.test(error.message));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
