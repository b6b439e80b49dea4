import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyStopSequences } from '../src/models/stream.js';

test('applyStopSequences cuts at the earliest stop sequence', () => {
  assert.equal(applyStopSequences('abc<end>def<x>', ['<x>', '<end>']), 'abc');
});
