import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('../fixtures/web/', import.meta.url);

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** The request body (form posts); '' for GET. */
  body: string;
  headers: IncomingMessage['headers'];
}

export interface FixtureServer {
  /** http://127.0.0.1:<port>, no trailing slash. */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A port nothing listens on (bound, then released): for "connection refused" tests. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Known Wikipedia titles of the fixtures; anything else is a missing page. */
const WIKIPEDIA_TITLES = new Set(['Python (programming language)', 'Python language']);

/**
 * A local stand-in for the web the default tools talk to: DuckDuckGo's HTML endpoint, the
 * MediaWiki API and ordinary pages, served from recorded-style fixtures in test/fixtures/web.
 * Listens on port 0. `{{BASE}}` in fixtures becomes the server's own URL so links lead back here.
 */
export async function startFixtureServer(): Promise<FixtureServer> {
  const state: FixtureServer = { baseUrl: '', requests: [], close: async () => {} };
  const server = createServer(async (request, response) => {
    const body = await readBody(request);
    const url = new URL(request.url ?? '/', 'http://fixture');
    state.requests.push({ method: request.method ?? 'GET', path: url.pathname, query: url.searchParams, body, headers: request.headers });
    route(url, body, response, state.baseUrl);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;
  state.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

function route(url: URL, body: string, response: ServerResponse, baseUrl: string): void {
  const path = url.pathname;
  // Any path under /slow/ hangs too, so a tool whose base URL is ${base}/slow never gets an answer.
  if (path.startsWith('/slow/')) return;
  if (path === '/html/' || path === '/html') return duckDuckGo(url, body, response, baseUrl);
  if (/^(\/[a-z-]+)?\/w\/api\.php$/.test(path)) return mediaWiki(url.searchParams, response);
  switch (path) {
    case '/article.html':
      return send(response, 200, 'text/html; charset=utf-8', fixture('article.html', baseUrl));
    case '/notes.txt':
      return send(response, 200, 'text/plain; charset=utf-8', fixture('notes.txt', baseUrl));
    case '/report.pdf':
      return send(response, 200, 'application/pdf', readFileSync(new URL('report.pdf', FIXTURES)));
    case '/data.json':
      return send(response, 200, 'application/json', fixture('data.json', baseUrl));
    case '/euc-kr.html':
      // The charset only in <meta>, as many older Korean sites do.
      return send(response, 200, 'text/html', readFileSync(new URL('euc-kr.html', FIXTURES)));
    case '/windows-1252.html':
      return send(response, 200, 'text/html; charset=windows-1252', readFileSync(new URL('windows-1252.html', FIXTURES)));
    case '/redirect':
      response.writeHead(302, { Location: '/article.html' }).end();
      return;
    case '/empty.html':
      return send(response, 200, 'text/html', '<html><head></head><body><script>1</script></body></html>');
    case '/slow':
      return; // never answers: only a client-side timeout or abort ends this request
    case '/slow-body':
      // Headers and a first chunk arrive, then the body stalls: the timeout must cover reading too.
      response.writeHead(200, { 'Content-Type': 'text/html' });
      response.write('<html><body><p>Loading');
      return;
    case '/server-error':
      return send(response, 503, 'text/html', '<h1>Service Unavailable</h1>');
    default:
      return send(response, 404, 'text/html', '<html><body><h1>404 Not Found</h1></body></html>');
  }
}

function duckDuckGo(url: URL, body: string, response: ServerResponse, baseUrl: string): void {
  const query = new URLSearchParams(body).get('q') ?? url.searchParams.get('q') ?? '';
  if (query.includes('ratelimited')) return send(response, 202, 'text/html; charset=UTF-8', fixture('ddg-anomaly.html', baseUrl));
  if (query.includes('challenged')) return send(response, 200, 'text/html; charset=UTF-8', fixture('ddg-anomaly.html', baseUrl));
  if (query.includes('forbidden')) return send(response, 403, 'text/html', '<html><body>Forbidden</body></html>');
  if (query.includes('broken')) return send(response, 500, 'text/html', '<html><body>Internal error</body></html>');
  if (query.includes('slow')) return;
  if (query.toLowerCase().includes('smolagents')) return send(response, 200, 'text/html; charset=UTF-8', fixture('ddg-results.html', baseUrl));
  return send(response, 200, 'text/html; charset=UTF-8', fixture('ddg-no-results.html', baseUrl));
}

function mediaWiki(params: URLSearchParams, response: ServerResponse): void {
  const json = (name: string, title = '') =>
    send(response, 200, 'application/json; charset=utf-8', fixture(name, '').replace('{{TITLE}}', title.replaceAll('"', '\\"')));
  if (params.get('action') !== 'query' || params.get('format') !== 'json') return json('wikipedia-error.json');
  if (params.get('list') === 'search') {
    const search = params.get('srsearch') ?? '';
    return json(/python/i.test(search) ? 'wikipedia-search.json' : 'wikipedia-search-empty.json');
  }
  const title = params.get('titles') ?? '';
  if (!WIKIPEDIA_TITLES.has(title)) return json('wikipedia-query-missing.json', title);
  return json(params.has('exintro') ? 'wikipedia-query-summary.json' : 'wikipedia-query-text.json');
}

function fixture(name: string, baseUrl: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8')
    .replaceAll('{{BASE_ENCODED}}', encodeURIComponent(baseUrl))
    .replaceAll('{{BASE}}', baseUrl);
}

function send(response: ServerResponse, status: number, contentType: string, body: string | Buffer): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
  response.end(body);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
