import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { jsonSchemaToPython, pythonParameterOrder, pythonParameters, pythonRepr, renderPythonToolSignature } from '../../src/tools/render-python.js';
import { tool } from '../../src/tools/tool.js';

test('renders a zod tool as a Python stub with typed parameters and a docstring', () => {
  const search = tool({
    name: 'web_search',
    description: 'Searches the web.\nReturns the top results.',
    inputSchema: z.object({
      query: z.string().describe('What to search for'),
      max_results: z.number().int().optional().describe('How many results'),
    }),
    outputType: 'string',
    execute: () => '',
  });
  assert.equal(
    renderPythonToolSignature(search),
    [
      'def web_search(query: str, max_results: int | None = None) -> str:',
      '    """Searches the web.',
      '    Returns the top results.',
      '',
      '    Args:',
      '        query: What to search for',
      '        max_results: How many results',
      '    """',
    ].join('\n'),
  );
});

test('required parameters come before optional ones; defaults become Python literals', () => {
  const schema = {
    type: 'object',
    properties: {
      verbose: { type: 'boolean', default: false },
      path: { type: 'string' },
      tags: { type: 'array', items: { type: 'string' } },
    },
    required: ['path'],
  };
  const reader = tool({ name: 'read', description: 'Reads.', inputSchema: schema, outputType: 'object', execute: () => ({}) });
  assert.deepEqual(pythonParameterOrder(reader), ['path', 'verbose', 'tags']);
  const firstLine = renderPythonToolSignature(reader).split('\n')[0];
  assert.equal(firstLine, 'def read(path: str, verbose: bool = False, tags: list[str] | None = None) -> dict:');
});

test('a tool without parameters has an empty signature and no Args section', () => {
  const now = tool({ name: 'now', description: 'The time.', inputSchema: z.object({}), execute: () => 1 });
  assert.equal(renderPythonToolSignature(now), 'def now() -> Any:\n    """The time.\n    """');
});

test('JSON Schema maps onto Python annotations', () => {
  assert.equal(jsonSchemaToPython({ enum: ['a', 'b'] }), 'Literal["a", "b"]');
  assert.equal(jsonSchemaToPython({ anyOf: [{ type: 'string' }, { type: 'null' }] }), 'str | None');
  assert.equal(jsonSchemaToPython({ type: ['integer', 'null'] }), 'int | None');
  assert.equal(jsonSchemaToPython({ type: 'array', items: { type: 'number' } }), 'list[float]');
  assert.equal(jsonSchemaToPython({ type: 'object', additionalProperties: { type: 'integer' } }), 'dict[str, int]');
  assert.equal(jsonSchemaToPython({}), 'Any');
  assert.equal(jsonSchemaToPython({ anyOf: [{ type: 'string' }, {}] }), 'Any');
});

test('an output schema is preferred over the output type', () => {
  const listing = tool({
    name: 'listing',
    description: 'Lists.',
    inputSchema: z.object({ n: z.number() }),
    outputType: 'any',
    outputSchema: { type: 'array', items: { type: 'string' } },
    execute: () => [],
  });
  assert.match(renderPythonToolSignature(listing), /^def listing\(n: float\) -> list\[str\]:/);
});

test('parameters Python cannot name are shown renamed (a keyword gets a trailing underscore) and say so', () => {
  const trains = tool({
    name: 'find_trains',
    description: 'Trains.',
    inputSchema: { type: 'object', properties: { from: { type: 'string', description: 'Station code' }, 'max-results': { type: 'integer' }, from_: { type: 'string' } }, required: ['from'] },
    outputType: 'string',
    execute: () => '',
  });
  assert.deepEqual(pythonParameters(trains), [
    { name: 'from', pythonName: 'from__' },
    { name: 'max-results', pythonName: 'max_results' },
    { name: 'from_', pythonName: 'from_' },
  ]);
  assert.equal(
    renderPythonToolSignature(trains),
    [
      'def find_trains(from__: str, max_results: int | None = None, from_: str | None = None) -> str:',
      '    """Trains.',
      '',
      '    Args:',
      "        from__: Station code (the tool's parameter 'from', which Python cannot use as a name)",
      "        max_results: (the tool's parameter 'max-results', which Python cannot use as a name)",
      '    """',
    ].join('\n'),
  );
});

test('pythonRepr writes JSON values the way Python prints them', () => {
  assert.equal(pythonRepr({ a: [1, 2.5, true, false, null], b: "it's", c: 'say "hi"', d: 'both \' and "', e: 'line\nnext\\' }), `{'a': [1, 2.5, True, False, None], 'b': "it's", 'c': 'say "hi"', 'd': 'both \\' and "', 'e': 'line\\nnext\\\\'}`);
  assert.equal(pythonRepr(undefined), 'None');
  assert.equal(pythonRepr('\u0001é'), "'\\x01é'");
});
