import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WikipediaSearchTool } from '../../src/tools/wikipedia-search-tool.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

describe('WikipediaSearchTool', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.close());

  test('an exact title returns the summary, the title and the page URL in one request', async () => {
    const wikipedia = new WikipediaSearchTool({ baseUrl: server.baseUrl, userAgent: 'fixture-agent/1.0' });
    const before = server.requests.length;
    const output = await wikipedia.call({ query: 'Python language' });
    assert.equal(server.requests.length, before + 1);
    const request = server.requests.at(-1)!;
    assert.equal(request.path, '/w/api.php');
    assert.equal(request.query.get('titles'), 'Python language');
    assert.equal(request.query.get('redirects'), '1');
    assert.ok(request.query.has('exintro'));
    assert.equal(request.headers['user-agent'], 'fixture-agent/1.0');
    assert.match(output, /^Wikipedia page: Python \(programming language\)\n\nPython is a high-level, general-purpose programming language\./);
    assert.match(output, /first released it in 1991\.\n\nRead more: https:\/\/en\.wikipedia\.org\/wiki\/Python_\(programming_language\)$/);
    assert.doesNotMatch(output, /== History ==/);
  });

  test("contentType 'text' returns the whole article", async () => {
    const wikipedia = new WikipediaSearchTool({ baseUrl: server.baseUrl, contentType: 'text' });
    const output = await wikipedia.call({ query: 'Python (programming language)' });
    assert.ok(!server.requests.at(-1)!.query.has('exintro'));
    assert.match(output, /== History ==/);
    assert.match(output, /== Syntax and semantics ==/);
    assert.match(wikipedia.description, /full text/);
    const capped = await new WikipediaSearchTool({ baseUrl: server.baseUrl, contentType: 'text', maxLength: 200 }).call({ query: 'Python language' });
    assert.match(capped, /^Wikipedia page: Python \(programming language\)\n\nPython is a high-level/);
    assert.match(capped, /truncated to stay below 200 characters/);
    assert.match(capped, /languages use punctuation\.\n\nRead more: /);
  });

  test('a query that is not a title goes through full-text search, then fetches the best hit', async () => {
    const wikipedia = new WikipediaSearchTool({ baseUrl: server.baseUrl });
    const before = server.requests.length;
    const output = await wikipedia.call({ query: 'python programming' });
    const made = server.requests.slice(before).map((request) => request.query);
    assert.deepEqual(
      made.map((query) => query.get('titles') ?? `search:${query.get('srsearch')}`),
      ['python programming', 'search:python programming', 'Python (programming language)'],
    );
    assert.match(output, /^Wikipedia page: Python \(programming language\)/);
  });

  test('nothing found gives a clear message', async () => {
    const output = await new WikipediaSearchTool({ baseUrl: server.baseUrl }).call({ query: 'Qzxwv plorf' });
    assert.equal(output, "No Wikipedia page found for 'Qzxwv plorf'. Try a different or more general query.");
  });

  test('the language fills {language} in the base URL template (and SMOLAGENTS_WIKIPEDIA_URL)', async () => {
    const wikipedia = new WikipediaSearchTool({ baseUrl: `${server.baseUrl}/{language}`, language: 'ko' });
    assert.equal(wikipedia.baseUrl, `${server.baseUrl}/ko`);
    await wikipedia.call({ query: 'Python language' });
    assert.equal(server.requests.at(-1)!.path, '/ko/w/api.php');
    assert.match(wikipedia.description, /Wikipedia \(ko\)/);

    const saved = process.env.SMOLAGENTS_WIKIPEDIA_URL;
    try {
      delete process.env.SMOLAGENTS_WIKIPEDIA_URL;
      assert.equal(new WikipediaSearchTool({ language: 'de' }).baseUrl, 'https://de.wikipedia.org');
      process.env.SMOLAGENTS_WIKIPEDIA_URL = 'http://wiki.internal/{language}/';
      assert.equal(new WikipediaSearchTool({ language: 'fr' }).baseUrl, 'http://wiki.internal/fr');
    } finally {
      if (saved === undefined) delete process.env.SMOLAGENTS_WIKIPEDIA_URL;
      else process.env.SMOLAGENTS_WIKIPEDIA_URL = saved;
    }
    assert.throws(() => new WikipediaSearchTool({ language: 'en/../x' }), /Invalid Wikipedia language code/);
  });

  test('HTTP errors and timeouts are clear errors; the run signal aborts', async () => {
    await assert.rejects(new WikipediaSearchTool({ baseUrl: `${server.baseUrl}/nowhere/deeper` }).call({ query: 'x' }), /HTTP 404 Not Found for URL/);
    const slow = new WikipediaSearchTool({ baseUrl: `${server.baseUrl}/slow`, timeoutMs: 200 });
    await assert.rejects(slow.call({ query: 'x' }), /timed out after 0\.2 s/);
    const controller = new AbortController();
    const pending = new WikipediaSearchTool({ baseUrl: `${server.baseUrl}/slow` }).call({ query: 'x' }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('cancelled run')), 50);
    await assert.rejects(pending, /cancelled run/);
  });
});
