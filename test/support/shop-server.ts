/**
 * A small shop to browse in real Chromium: a section page (/men), a sale page (/men/sale) whose first
 * item is not clothing, product pages whose price depends on the delivery country, and a cookie
 * banner that covers every page (and blocks every click) until a choice is made. Prices and article
 * numbers are drawn when the server starts, so no script can know them without reading the page.
 *
 * Under /test/ are pages for the browser tools' edge cases: an error page, a page that never loads,
 * redirects, a page that leaves on its own, links to other tabs, a download, a dialog, hidden text,
 * a long page and a form. The server answers at 127.0.0.1 and at localhost: two origins, one server.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const FIXTURES = new URL('../fixtures/shop/', import.meta.url);
const template = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

export interface Product {
  slug: string;
  name: string;
  category: 'Clothing' | 'Gift' | 'Accessories';
  colour: string;
  description: string;
  /** Article number, drawn at start. */
  reference: string;
  details: string[];
  /** The price shown for each delivery country, drawn at start. */
  prices: Record<string, string>;
  /** The crossed-out price on the sale page (US). */
  was: string;
}

export interface ShopServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** The same server as another origin: http://localhost:<port> */
  otherOrigin: string;
  products: Product[];
  /** Paths requested, in order, with the origin they were asked at. */
  requests: { host: string; path: string }[];
  close(): Promise<void>;
}

const COUNTRIES = ['United States', 'France', 'Germany', 'United Kingdom'];

function drawPrices(): { prices: Record<string, string>; was: string } {
  const cents = (low: number, high: number) => randomInt(low * 100, high * 100);
  const usd = cents(30, 180);
  const format = (amount: number, currency: string) => {
    const text = (amount / 100).toFixed(2);
    return currency === '$' ? `$${text}` : currency === '£' ? `£${text}` : `${text.replace('.', ',')} €`;
  };
  return {
    prices: {
      'United States': format(usd, '$'),
      France: format(Math.round(usd * 0.93) + cents(1, 4), '€'),
      Germany: format(Math.round(usd * 0.92) + cents(1, 4), '€'),
      'United Kingdom': format(Math.round(usd * 0.79), '£'),
    },
    was: format(usd * 2, '$'),
  };
}

function drawProducts(): Product[] {
  const reference = (prefix: string) => `${prefix}-${randomInt(1000, 10000)}`;
  const product = (slug: string, name: string, category: Product['category'], colour: string, description: string, details: string[]): Product => ({
    slug, name, category, colour, description, details: [`Article number: ${reference(slug.slice(0, 2).toUpperCase())}`, ...details], reference: '', ...drawPrices(),
  });
  const products = [
    product('gift-card', 'Gift card', 'Gift', '#d7ccc8', 'A card for any piece in the shop, sent by e-mail.', ['Valid for two years', 'Any amount from 20']),
    product('linen-shirt', 'Linen shirt', 'Clothing', '#90a4ae', 'A relaxed shirt in washed Normandy linen, with a camp collar.', ['Material: 100% linen', 'Fit: relaxed', 'Colour: sea blue', 'Care: machine wash at 30 °C']),
    product('leather-belt', 'Leather belt', 'Accessories', '#8d6e63', 'Vegetable-tanned leather with a brass buckle.', ['Material: full-grain leather', 'Width: 3.5 cm']),
    product('wool-coat', 'Wool coat', 'Clothing', '#5d4037', 'A single-breasted coat in boiled wool.', ['Material: 80% wool, 20% polyamide', 'Fit: regular', 'Colour: chestnut']),
    product('cotton-tee', 'Cotton tee', 'Clothing', '#c5e1a5', 'A heavy tee in organic cotton jersey.', ['Material: 100% organic cotton', 'Fit: boxy', 'Colour: sage']),
    product('wool-scarf', 'Wool scarf', 'Accessories', '#b0bec5', 'A long scarf in lambswool.', ['Material: 100% lambswool', 'Length: 180 cm']),
  ];
  for (const entry of products) entry.reference = entry.details[0]!.slice('Article number: '.length);
  return products;
}

export async function startShopServer(): Promise<ShopServer> {
  const products = drawProducts();
  const requests: ShopServer['requests'] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://shop');
    requests.push({ host: request.headers.host ?? '', path: url.pathname + url.search });
    route(url, response, products);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    otherOrigin: `http://localhost:${port}`,
    products,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function page(title: string, content: string): string {
  return template('layout.html').replace('{{title}}', escape(title)).replace('{{content}}', content);
}

function route(url: URL, response: ServerResponse, products: Product[]): void {
  const path = url.pathname;
  const to = url.searchParams.get('to') ?? '/';
  const html = (status: number, body: string) => send(response, status, 'text/html; charset=utf-8', body);
  if (path === '/') return html(200, page('Home', '<div class="hero"><h1>Maison Lumen</h1><p>Clothes made to last.</p></div><div class="tiles"><div class="tile"><a href="/men">Men</a></div><div class="tile"><a href="/women">Women</a></div><div class="tile"><a href="/men/sale">Sale</a></div></div>'));
  if (path === '/men') return html(200, page('Men', template('men.html')));
  if (path === '/women') return html(200, page('Women', '<div class="hero"><h1>Women</h1><p>The new collection arrives soon.</p></div>'));
  if (path === '/men/sale') {
    const cards = products
      .map((product) => fill(template('card.html'), { slug: product.slug, name: product.name, category: product.category, colour: product.colour, was: product.was, now: product.prices['United States']! }))
      .join('\n');
    return html(200, page('Sale', template('sale.html').replace('{{cards}}', cards)));
  }
  const productMatch = /^\/products\/([a-z-]+)$/.exec(path);
  const product = productMatch ? products.find((candidate) => candidate.slug === productMatch[1]) : undefined;
  if (product) {
    const wanted = (url.searchParams.get('country') ?? 'United States').trim();
    const country = COUNTRIES.find((name) => name.toLowerCase() === wanted.toLowerCase());
    const price = country ? product.prices[country]! : `not available (we do not deliver to ${escape(wanted)})`;
    return html(200, page(product.name, fill(template('product.html'), {
      slug: product.slug, name: product.name, category: product.category, colour: product.colour, description: product.description,
      details: product.details.map((detail) => `      <li>${escape(detail)}</li>`).join('\n'),
      price, country: escape(country ?? wanted), tax: country === 'France' || country === 'Germany' ? ' (VAT included)' : '',
    })));
  }
  switch (path) {
    case '/test/missing':
      return html(404, page('Page not found', '<h1>Page not found</h1><p>There is no page at this address.</p>'));
    case '/test/slow':
      return; // never answers
    case '/test/redirect':
      response.writeHead(302, { Location: to }).end();
      return;
    case '/test/leave':
      return html(200, `<!doctype html><title>Leaving</title><p>Leaving now.</p><script>setTimeout(() => { location.href = ${JSON.stringify(to)}; }, 50);</script>`);
    case '/test/links':
      return html(200, `<!doctype html><title>Links</title><a href="${escape(to)}">Go elsewhere</a> <a href="/men" target="_blank">Open men in a new tab</a> <a href="/test/download">Download the report</a> <button onclick="alert('Hello from the page')">Say hello</button>`);
    case '/test/download':
      return send(response, 200, 'text/csv', 'month,sales\njanuary,12\n', { 'Content-Disposition': 'attachment; filename="../../report.csv"' });
    case '/test/hidden':
      return html(200, `<!doctype html><title>Hidden</title><h1>Visible heading</h1><p>Shown text.</p><p style="display:none">Secret display none</p><p style="visibility:hidden">Secret visibility hidden</p><div hidden>Secret hidden attribute</div><script>document.title='Hidden'</script><label>Email <input name="email" value="ada@example.com"></label><select name="size" aria-label="Size"><option>S</option><option selected>M</option></select><a href="/men">Men's collection</a>`);
    case '/test/long': {
      const sections = Array.from({ length: 30 }, (_, index) => `<h2>Chapter ${index + 1}</h2><p style="height:300px">${index % 10 === 9 ? 'Here is the needle.' : 'Filler text.'}</p>`).join('');
      return html(200, `<!doctype html><title>Long</title>${sections}`);
    }
    case '/test/form': {
      const query = url.searchParams.get('q');
      return html(200, `<!doctype html><title>Search</title><form action="/test/form"><input name="q" placeholder="Search the shop" value="${escape(query ?? '')}"><select name="size" aria-label="Size"><option>S</option><option>M</option><option>L</option></select><button type="submit">Search</button></form>${query !== null ? `<p>Results for ${escape(query)}, size ${escape(url.searchParams.get('size') ?? '')}</p>` : ''}`);
    }
    default:
      return html(404, page('Page not found', '<h1>Page not found</h1>'));
  }
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (match, key: string) => values[key] ?? match);
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[character]!);
}

function send(response: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), ...headers });
  response.end(body);
}
