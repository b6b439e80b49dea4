import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ToolHttpError } from '../../src/tools/http-fetch.js';
import { parseDuckDuckGoResults, WebSearchTool } from '../../src/tools/web-search-tool.js';
import { freePort, startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

describe('WebSearchTool', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.close());

  test('posts the query to /html/ and returns the organic results as markdown, redirects decoded, ads skipped', async () => {
    const search = new WebSearchTool({ baseUrl: server.baseUrl, userAgent: 'fixture-agent/1.0' });
    const output = await search.call({ query: 'smolagents' });
    const request = server.requests.at(-1)!;
    assert.equal(request.method, 'POST');
    assert.equal(request.path, '/html/');
    assert.equal(new URLSearchParams(request.body).get('q'), 'smolagents');
    assert.equal(request.headers['user-agent'], 'fixture-agent/1.0');

    assert.ok(output.startsWith('## Search Results\n\n'));
    assert.match(output, /\[GitHub - huggingface\/smolagents: a barebones library for agents that think in code\.\]\(https:\/\/github\.com\/huggingface\/smolagents\)\nsmolagents is a library/);
    // Entities decoded, the nested query string of the target kept whole.
    assert.match(output, /\[Introducing smolagents: simple agents that write actions in code & more\]\(http:\/\/127\.0\.0\.1:\d+\/article\.html\)/);
    assert.match(output, /\(https:\/\/huggingface\.co\/docs\/smolagents\/index\?section=intro&lang=en\)/);
    assert.match(output, /Here's a glimpse: from smolagents import CodeAgent…/);
    assert.doesNotMatch(output, /Sponsored|y\.js|duckduckgo\.com\/l\//);
    assert.equal(output.match(/^\[/gm)?.length, 4);
  });

  test('max_results and the maxResults option cap the list', async () => {
    const search = new WebSearchTool({ baseUrl: server.baseUrl, maxResults: 3 });
    assert.equal((await search.call({ query: 'smolagents' })).match(/^\[/gm)?.length, 3);
    assert.equal((await search.call({ query: 'smolagents', max_results: 1 })).match(/^\[/gm)?.length, 1);
    await assert.rejects(search.call({ query: 'smolagents', max_results: 0 }), /Invalid arguments for tool 'web_search'/);
  });

  test('no results gives a message suggesting a broader query', async () => {
    const search = new WebSearchTool({ baseUrl: server.baseUrl });
    const output = await search.call({ query: 'qzxwvkjh plorf' });
    assert.match(output, /No results found for query 'qzxwvkjh plorf'\. Try a broader/);
  });

  test('rate limiting (a challenge page with 202 or 200, or 403) is a clear error, not "no results"', async () => {
    const search = new WebSearchTool({ baseUrl: server.baseUrl });
    for (const query of ['ratelimited', 'challenged', 'forbidden']) {
      await assert.rejects(search.call({ query }), (error: unknown) => {
        assert.ok(error instanceof ToolHttpError);
        assert.equal(error.kind, 'rate_limited');
        assert.match(error.message, /rate-limiting/);
        return true;
      });
    }
  });

  test('other HTTP errors, timeouts and unreachable servers are clear errors', async () => {
    await assert.rejects(new WebSearchTool({ baseUrl: server.baseUrl }).call({ query: 'broken' }), /The search failed: HTTP 500/);
    await assert.rejects(new WebSearchTool({ baseUrl: server.baseUrl, timeoutMs: 200 }).call({ query: 'slow' }), /timed out after 0\.2 s/);
    const closedPort = await freePort();
    await assert.rejects(
      new WebSearchTool({ baseUrl: `http://127.0.0.1:${closedPort}` }).call({ query: 'smolagents' }),
      new RegExp(`Could not reach http://127\\.0\\.0\\.1:${closedPort}/html/: ECONNREFUSED`),
    );
  });

  test("the run's AbortSignal cancels a pending search with its reason", async () => {
    const controller = new AbortController();
    const pending = new WebSearchTool({ baseUrl: server.baseUrl }).call({ query: 'slow' }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('run cancelled')), 50);
    await assert.rejects(pending, /run cancelled/);
  });

  test('baseUrl defaults to SMOLAGENTS_DUCKDUCKGO_URL', () => {
    const saved = process.env.SMOLAGENTS_DUCKDUCKGO_URL;
    process.env.SMOLAGENTS_DUCKDUCKGO_URL = 'http://search.internal/';
    try {
      assert.equal(new WebSearchTool().baseUrl, 'http://search.internal');
    } finally {
      if (saved === undefined) delete process.env.SMOLAGENTS_DUCKDUCKGO_URL;
      else process.env.SMOLAGENTS_DUCKDUCKGO_URL = saved;
    }
  });

  test('parseDuckDuckGoResults keeps links that are not redirects', () => {
    const html = '<div class="result"><a class="result__a" href="https://example.org/a">A</a><a class="result__snippet">s</a></div>';
    assert.deepEqual(parseDuckDuckGoResults(html), [{ title: 'A', url: 'https://example.org/a', snippet: 's' }]);
  });
});
