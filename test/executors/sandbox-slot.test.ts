import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SandboxSlot } from '../../src/executors/sandbox-slot.js';

test('callers share one start; a failed start is forgotten and the next get() tries again', async () => {
  let starts = 0;
  const slot = new SandboxSlot(async () => {
    starts++;
    if (starts === 1) throw new Error('engine not ready');
    return { id: starts };
  });
  await assert.rejects(Promise.all([slot.get(), slot.get()]), /engine not ready/);
  assert.equal(starts, 1);
  const [first, second] = await Promise.all([slot.get(), slot.get()]);
  assert.equal(first, second);
  assert.equal(starts, 2);
});

test('take() hands the sandbox over once and clear() forgets it', async () => {
  let starts = 0;
  const slot = new SandboxSlot(async () => ({ id: ++starts }));
  const sandbox = await slot.get();
  assert.equal(await slot.take(), sandbox);
  assert.equal(await slot.take(), undefined);
  await slot.get();
  slot.clear();
  assert.deepEqual(await slot.get(), { id: 3 });
});
