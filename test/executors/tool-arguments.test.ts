import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { ToolArgumentsError } from '../../src/errors.js';
import { mapToolArguments } from '../../src/executors/quickjs/tool-arguments.js';
import { tool } from '../../src/tools/tool.js';

const search = tool({ name: 'search', description: 'Search.', inputSchema: z.object({ query: z.string(), limit: z.number().optional() }), execute: () => '' });
const store = tool({ name: 'store', description: 'Stores a record.', inputSchema: z.object({ record: z.object({}).passthrough() }), execute: () => '' });

test('named, positional and empty calls map onto the parameters', () => {
  assert.deepEqual(mapToolArguments(search, [{ query: 'a', limit: 2 }]), { query: 'a', limit: 2 });
  assert.deepEqual(mapToolArguments(search, ['a', 2]), { query: 'a', limit: 2 });
  assert.deepEqual(mapToolArguments(search, []), {});
});

test('keys that name no parameter are reported by name, with the expected parameters', () => {
  assert.throws(() => mapToolArguments(search, [{ qurey: 'a' }]), (error: unknown) => {
    assert.ok(error instanceof ToolArgumentsError);
    assert.equal(error.message, "Unknown argument 'qurey' for tool 'search'. Expected parameters: query (string, required), limit (number).");
    return true;
  });
  assert.throws(() => mapToolArguments(search, [{ query: 'a', top: 1, sort: 'x' }]), /Unknown arguments 'top', 'sort' for tool 'search'/);
});

test('an object for a first parameter that takes objects is still a positional value', () => {
  assert.deepEqual(mapToolArguments(store, [{ id: 1, name: 'x' }]), { record: { id: 1, name: 'x' } });
});
