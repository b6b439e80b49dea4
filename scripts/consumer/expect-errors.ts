// Mistakes a user's editor must flag: each marked line below must fail to type-check (an unused
// expect-error directive is itself an error, so scripts/check-consumer.mjs fails if one compiles).
import { tool } from 'smolagents-ts';
import { z } from 'zod';

const add = tool({ name: 'add', description: 'Adds.', inputSchema: z.object({ a: z.number(), b: z.number() }), outputType: 'number', execute: ({ a, b }) => a + b });

// @ts-expect-error: an argument the schema does not have
void add.call({ nope: 1 });

// @ts-expect-error: outputType says number, execute returns a string
void tool({ name: 'wrong', description: 'Wrong.', inputSchema: z.object({}), outputType: 'number', execute: () => 'not a number' });

// The result type is inferred from execute.
export const sum: Promise<number> = add.call({ a: 1, b: 2 });
