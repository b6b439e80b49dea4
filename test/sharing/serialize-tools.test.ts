import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { Tool, tool, ToolSerializationError, WebSearchTool } from '../../src/index.js';
import { importModuleSource } from '../../src/sharing/module-source.js';
import { serializeTools } from '../../src/sharing/serialize-tools.js';
import { toolFromExport } from '../../src/sharing/tool-exports.js';
import { CelsiusTool, forecast } from './fixtures/weather-tools.js';

const FIXTURE = new URL('./fixtures/weather-tools.ts', import.meta.url).pathname;

/** The generated module loaded back as a tool, the way a saved folder is loaded. */
async function reload(source: string, name: string) {
  const namespace = await importModuleSource(source, `${name}.js`);
  return toolFromExport(namespace.default, name, `${name}.js`);
}

describe('saving tools', () => {
  test('a tool({...}) and a Tool subclass exported from a module save as that module, once', async () => {
    const { entries, files } = await serializeTools([forecast, new CelsiusTool()], 'tools', 'test');
    assert.deepEqual(entries, [
      { name: 'forecast', module: 'tools/weather-tools.ts', export: 'forecast' },
      { name: 'to_celsius', module: 'tools/weather-tools.ts', export: 'CelsiusTool' },
    ]);
    const original = await readFile(FIXTURE, 'utf8');
    const saved = files.get('tools/weather-tools.ts')!;
    // The module is kept as written; only the relative import of this library becomes its package name.
    assert.equal(saved, original.replace("from '../../../src/index.js'", "from 'smolagents-ts'"));
    assert.equal(files.size, 1);
  });

  test('an inline tool({...}) with a zod schema saves as generated plain JavaScript, schema as JSON Schema', async () => {
    const add = tool({
      name: 'add_days',
      description: 'Adds days to a count.',
      inputSchema: z.object({ start: z.number().describe('First day'), days: z.number().int().default(7) }),
      outputType: 'number',
      execute: async ({ start, days }) => {
        const double = (value: number) => value * 2;
        return Math.max(0, start) + double(days) / 2;
      },
    });
    const { entries, files } = await serializeTools([add], 'tools', 'test');
    assert.deepEqual(entries, [{ name: 'add_days', module: 'tools/add_days.js', export: 'default' }]);
    const source = files.get('tools/add_days.js')!;
    assert.doesNotMatch(source, /\bimport\b|zod|__name/);
    assert.match(source, /"description": "First day"/);
    const loaded = await reload(source, 'add_days');
    assert.equal(await loaded.call({ start: 3 }), 10);
    assert.deepEqual(loaded.parametersSchema.required, ['start']);
  });

  test('method-style and function-expression execute sources are kept callable', async () => {
    const shout = tool({ name: 'shout', description: 'Capitals.', inputSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] }, execute({ text }: { text: string }) { return `${text.toUpperCase()}!`; } });
    const { files } = await serializeTools([shout], '', 'test');
    assert.equal(await (await reload(files.get('shout.js')!, 'shout')).call({ text: 'hi' }), 'HI!');
  });

  test('an inline tool that closes over outer variables gets an error naming them', async () => {
    const rate = 1.1;
    const client = { convert: (value: number) => value };
    const convert = tool({ name: 'convert', description: 'Converts.', inputSchema: z.object({ amount: z.number() }), execute: ({ amount }) => client.convert(amount) * rate });
    await assert.rejects(serializeTools([convert], 'tools', 'test'), (error: unknown) => {
      assert.ok(error instanceof ToolSerializationError);
      assert.equal(error.toolName, 'convert');
      assert.match(error.message, /Tool 'convert' cannot be saved: its execute uses 'client', 'rate' from the code around it/);
      return true;
    });
  });

  test("the library's default tools are saved by name; its other tools cannot be saved", async () => {
    const { entries, files } = await serializeTools([new WebSearchTool()], 'tools', 'test');
    assert.deepEqual(entries, [{ name: 'web_search', builtin: 'web_search' }]);
    assert.equal(files.size, 0);
    const { ManagedAgentTool } = await import('../../src/agents/managed-agent-tool.js');
    const member = new ManagedAgentTool({ name: 'member', description: 'A member.', run: async () => 'ok' }, { managedAgent: { task: '', report: '' } });
    await assert.rejects(serializeTools([member], 'tools', 'test'), /Tool 'member' \(ManagedAgentTool\) is one of the library's own tools that cannot be saved by name/);
  });
});

describe('saving tools from modules that cannot stand alone', () => {
  let directory: string;
  before(async () => {
    directory = await mkdtemp(join(tmpdir(), 'smolagents-serialize-'));
  });
  after(() => rm(directory, { recursive: true, force: true }));

  async function moduleExports(name: string, source: string) {
    const file = join(directory, name);
    await writeFile(file, source);
    return (await import(file)) as Record<string, unknown>;
  }

  // The library's source entry (the temporary modules are loaded through tsx, as the tests are).
  const library = new URL('../../src/index.ts', import.meta.url).href;

  test('a relative import other than the library itself is refused, naming it', async () => {
    await writeFile(join(directory, 'helper.mjs'), 'export const twice = (x) => x * 2;\n');
    const { doubled } = await moduleExports('uses-helper.mjs', `import { tool } from '${library}';\nimport { twice } from './helper.mjs';\nexport const doubled = tool({ name: 'doubled', description: 'Doubles.', inputSchema: { type: 'object' }, execute: ({ x }) => twice(x) });\n`);
    await assert.rejects(serializeTools([doubled as Tool], 'tools', 'test'), /imports '\.\/helper\.mjs', and a saved tool module must stand alone/);
  });

  test('a class that is not exported, or needs constructor arguments, is refused', async () => {
    const { make } = await moduleExports(
      'hidden-class.mjs',
      `import { Tool } from '${library}';\nclass Hidden extends Tool { name = 'hidden'; description = 'd'; inputSchema = { type: 'object' }; forward() { return 1; } }\nexport const make = () => new Hidden();\n`,
    );
    await assert.rejects(serializeTools([(make as () => Tool)()], 'tools', 'test'), /Hidden is not exported from .*hidden-class\.mjs/);
    const { Keyed } = await moduleExports(
      'keyed-class.mjs',
      `import { Tool } from '${library}';\nexport class Keyed extends Tool { name = 'keyed'; description = 'd'; inputSchema = { type: 'object' }; constructor(options) { super(); this.key = options.key; } forward() { return this.key; } }\n`,
    );
    const keyed = new (Keyed as new (options: { key: string }) => Tool)({ key: 'k' });
    await assert.rejects(serializeTools([keyed], 'tools', 'test'), /rebuilt with `new Keyed\(\)`, which threw/);
  });
});
