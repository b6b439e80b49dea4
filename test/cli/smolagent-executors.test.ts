import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';
import { reasonLines, runSmolagent } from './run-smolagent.js';

describe('smolagent --executor', () => {
  it('pyodide: the agent is taught Python and its code runs in Pyodide', async () => {
    const server = await startOpenAIWireServer({
      replies: ['Thought: in Python.\n```py\nimport json\nx = 6 * 7\nprint("x is", x)\nfinal_answer(json.dumps({"x": x}))\n```'],
    });
    try {
      const run = await runSmolagent(['compute', '--api-base', server.url, '--model-id', 'm', '--executor', 'pyodide', '--imports', 'json'], {
        env: { NO_COLOR: '1' },
      });
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.lastLine, '{"x": 42}', 'Python json.dumps spacing: the code really ran in Python');
      assert.match(run.stderr, /x is 42/);
      assert.match(JSON.stringify(server.requests[0]!.body.messages[0]), /Python/);
    } finally {
      await server.close();
    }
  });

  it('docker without an engine: one line that says to start one', async () => {
    const server = await startOpenAIWireServer({ replies: ['```py\nfinal_answer(1)\n```'] });
    try {
      // An empty socket path that does not exist stands for "no engine on this machine".
      const run = await runSmolagent(['compute', '--api-base', server.url, '--model-id', 'm', '--executor', 'docker', '--quiet'], {
        env: { DOCKER_HOST: 'unix:///nonexistent/docker.sock' },
      });
      assert.equal(run.code, 1, run.stderr);
      const reasons = reasonLines(run.stderr);
      assert.equal(reasons.length, 1, run.stderr);
      assert.match(reasons[0]!, /Cannot reach the Docker engine at .*docker\.sock \((ENOENT|ECONNREFUSED|EACCES)\) — start Docker/);
      assert.equal(server.requests.length, 0, 'checked before the first model request');
    } finally {
      await server.close();
    }
  });

  it('e2b without a key, and --imports that are not installed: one line each, before any model request', async () => {
    const server = await startOpenAIWireServer({ replies: ['```py\nfinal_answer(1)\n```', '```js\nfinal_answer(1)\n```'] });
    try {
      const e2b = await runSmolagent(['compute', '--api-base', server.url, '--model-id', 'm', '--executor', 'e2b']);
      assert.equal(e2b.code, 1, e2b.stderr);
      assert.deepEqual(reasonLines(e2b.stderr), ['smolagent: The e2b executor needs an E2B API key — set E2B_API_KEY (keys: https://e2b.dev/dashboard?tab=keys).']);
      const imports = await runSmolagent(['compute', '--api-base', server.url, '--model-id', 'm', '--imports', 'lodash-es no-such-package-here']);
      assert.equal(imports.code, 1, imports.stderr);
      const reasons = reasonLines(imports.stderr);
      assert.equal(reasons.length, 1, imports.stderr);
      assert.match(reasons[0]!, /^smolagent: --imports no-such-package-here: The module 'no-such-package-here' is allowed but not installed: run `npm install no-such-package-here`/);
      assert.equal(server.requests.length, 0, 'checked before the first model request');
    } finally {
      await server.close();
    }
  });
});
