import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ToolHttpError } from '../../src/tools/http-fetch.js';
import { truncateContent } from '../../src/tools/html-to-markdown.js';
import { VisitWebpageTool } from '../../src/tools/visit-webpage-tool.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

describe('VisitWebpageTool', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.close());

  test('returns the page as markdown without scripts, styles, navigation or hidden noise', async () => {
    const visit = new VisitWebpageTool({ userAgent: 'fixture-agent/1.0' });
    const markdown = await visit.call({ url: `${server.baseUrl}/article.html` });
    assert.equal(server.requests.at(-1)!.headers['user-agent'], 'fixture-agent/1.0');
    assert.match(markdown, /^# Introducing smolagents: simple agents that write actions in code\n/);
    assert.match(markdown, /## What is an agent\?/);
    assert.match(markdown, /Today we are launching \*\*smolagents\*\*, a very simple library/);
    assert.match(markdown, /- \*\*Composability:\*\* could you nest JSON actions/);
    assert.match(markdown, /```python\nfrom smolagents import CodeAgent, WebSearchTool, InferenceClientModel\n/);
    assert.match(markdown, /\[documentation\]\(https:\/\/huggingface\.co\/docs\/smolagents\)/);
    assert.match(markdown, /Code actions versus JSON actions/);
    // Relative links are made absolute so the model can visit them.
    assert.ok(markdown.includes(`by [m-ric](${server.baseUrl}/m-ric)`));
    for (const noise of ['gtag', 'max-width', 'Pricing', 'We use cookies', 'facebook', 'M12 2L2']) {
      assert.ok(!markdown.includes(noise), `should not contain ${noise}`);
    }
    assert.doesNotMatch(markdown, /\n{3,}/);
  });

  test('follows redirects and passes plain text through', async () => {
    const visit = new VisitWebpageTool();
    assert.match(await visit.call({ url: `${server.baseUrl}/redirect` }), /## Code agents/);
    assert.equal(await visit.call({ url: `${server.baseUrl}/notes.txt` }), 'Release notes\n\nVersion 1.2: web_search now decodes redirect links.');
  });

  test('caps long pages, keeping head and tail with a truncation note', async () => {
    const visit = new VisitWebpageTool({ maxLength: 400 });
    const markdown = await visit.call({ url: `${server.baseUrl}/article.html` });
    assert.match(markdown, /^# Introducing smolagents/);
    assert.match(markdown, /\n\.\.\._This content has been truncated to stay below 400 characters_\.\.\.\n/);
    assert.match(markdown, /documentation\]\(https:\/\/huggingface\.co\/docs\/smolagents\) to learn more\.\n\nCode actions versus JSON actions\n\n© Hugging Face$/);
    assert.ok(markdown.length < 500);
    assert.equal(truncateContent('short', 10), 'short');
  });

  test('HTTP errors name the status and the URL', async () => {
    const visit = new VisitWebpageTool();
    await assert.rejects(visit.call({ url: `${server.baseUrl}/nowhere` }), (error: unknown) => {
      assert.ok(error instanceof ToolHttpError);
      assert.equal(error.status, 404);
      assert.equal(error.message, `HTTP 404 Not Found for URL ${server.baseUrl}/nowhere`);
      return true;
    });
    await assert.rejects(visit.call({ url: `${server.baseUrl}/server-error` }), /^ToolHttpError: HTTP 503 Service Unavailable for URL/);
  });

  test('non-HTML content is refused with its content type', async () => {
    const visit = new VisitWebpageTool();
    await assert.rejects(visit.call({ url: `${server.baseUrl}/report.pdf` }), /returned 'application\/pdf', not a webpage/);
    await assert.rejects(visit.call({ url: `${server.baseUrl}/data.json` }), /returned 'application\/json', not a webpage/);
  });

  test('invalid URLs are refused before any request', async () => {
    const visit = new VisitWebpageTool();
    const before = server.requests.length;
    await assert.rejects(visit.call({ url: 'not a url' }), /Invalid URL 'not a url': give an absolute http/);
    await assert.rejects(visit.call({ url: 'file:///etc/passwd' }), /only http:\/\/ and https:\/\/ URLs/);
    assert.equal(server.requests.length, before);
  });

  test('times out when the server does not answer, or stalls in the body', async () => {
    const visit = new VisitWebpageTool({ timeoutMs: 200 });
    await assert.rejects(visit.call({ url: `${server.baseUrl}/slow` }), (error: unknown) => {
      assert.ok(error instanceof ToolHttpError);
      assert.equal(error.kind, 'timeout');
      assert.match(error.message, /timed out after 0\.2 s/);
      return true;
    });
    await assert.rejects(visit.call({ url: `${server.baseUrl}/slow-body` }), /timed out/);
  });

  test("the run's AbortSignal stops the request with the signal's reason", async () => {
    const controller = new AbortController();
    const pending = new VisitWebpageTool().call({ url: `${server.baseUrl}/slow` }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stopped by user')), 50);
    await assert.rejects(pending, /stopped by user/);
    const aborted = AbortSignal.abort(new Error('already stopped'));
    await assert.rejects(new VisitWebpageTool().call({ url: `${server.baseUrl}/article.html` }, { signal: aborted }), /already stopped/);
  });

  test('a page with nothing readable says so', async () => {
    assert.match(await new VisitWebpageTool().call({ url: `${server.baseUrl}/empty.html` }), /has no readable text/);
  });
});
