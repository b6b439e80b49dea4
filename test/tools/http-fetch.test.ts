import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBody, fetchText, parseHttpUrl, ToolHttpError } from '../../src/tools/http-fetch.js';
import { VisitWebpageTool } from '../../src/tools/visit-webpage-tool.js';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.js';

describe('fetchText', () => {
  let server: FixtureServer;
  before(async () => {
    server = await startFixtureServer();
  });
  after(() => server.close());

  test('decodes the charset declared in the header or in <meta>', async () => {
    const korean = await fetchText(`${server.baseUrl}/euc-kr.html`);
    assert.match(korean.body, /<title>스몰에이전트 소개<\/title>/);
    const latin = await fetchText(`${server.baseUrl}/windows-1252.html`);
    assert.match(latin.body, /Naïve résumé — €5/);
    assert.match(await new VisitWebpageTool().call({ url: `${server.baseUrl}/euc-kr.html` }), /코드로 생각하는 에이전트입니다\./);
    assert.equal(decodeBody(new TextEncoder().encode('é'), 'text/html; charset=no-such-charset'), 'é');
  });

  test('stops reading at maxBytes and says so', async () => {
    const response = await fetchText(`${server.baseUrl}/article.html`, { maxBytes: 100 });
    assert.equal(response.truncated, true);
    assert.equal(Buffer.byteLength(response.body), 100);
    assert.equal((await fetchText(`${server.baseUrl}/notes.txt`)).truncated, false);
  });

  test('uses the fetch override and sends the User-Agent and headers through it', async () => {
    const seen: Array<{ url: string; headers: Record<string, string> }> = [];
    const fakeFetch = async (url: string | URL, init?: RequestInit) => {
      seen.push({ url: String(url), headers: init?.headers as Record<string, string> });
      return new Response('<p>from the override</p>', { headers: { 'Content-Type': 'text/html' } });
    };
    const visit = new VisitWebpageTool({ fetch: fakeFetch, userAgent: 'custom/2.0' });
    assert.equal(await visit.call({ url: 'https://example.invalid/page' }), 'from the override');
    assert.equal(seen[0]!.url, 'https://example.invalid/page');
    assert.equal(seen[0]!.headers['User-Agent'], 'custom/2.0');
  });

  test('errors carry a kind, the URL and the status', async () => {
    assert.throws(() => parseHttpUrl('ftp://example.org/x'), (error: unknown) => error instanceof ToolHttpError && error.kind === 'invalid_url');
    await assert.rejects(fetchText(`${server.baseUrl}/slow`, { timeoutMs: 100 }), (error: unknown) => {
      assert.ok(error instanceof ToolHttpError);
      assert.equal(error.kind, 'timeout');
      assert.equal(error.url, `${server.baseUrl}/slow`);
      return true;
    });
    const missing = await fetchText(`${server.baseUrl}/missing`);
    assert.equal(missing.status, 404);
  });
});
