import { after, before } from 'node:test';
import { E2BExecutor } from '../../src/executors/e2b/e2b-executor.js';
import { FakeE2BServer } from '../fixtures/e2b/fake-e2b-server.js';
import { describeExecutorConformance } from './conformance.js';
import { pythonDialect } from './dialect-python.js';

/**
 * The E2B executor through the real SDK against a local stand-in for E2B whose "sandbox" is a plain
 * python3 process. It has no isolation, so the escape attempts are left out (they would reach this
 * machine through the stand-in, not through the executor), and the memory bomb is a raised
 * MemoryError: in E2B, memory is the sandbox template's.
 */
let fake: FakeE2BServer;
before(async () => {
  fake = await FakeE2BServer.start();
});
after(async () => {
  await fake.close();
});

describeExecutorConformance(
  'E2BExecutor (local stand-in for E2B)',
  (options) => new E2BExecutor({ ...options, sandboxOptions: { apiKey: 'e2b_test', apiUrl: fake.url, sandboxUrl: fake.url } }),
  { ...pythonDialect, escapes: [], memoryBomb: 'raise MemoryError()' },
);
