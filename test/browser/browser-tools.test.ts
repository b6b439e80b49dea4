/**
 * The browser tools in real headless Chromium (Debian's, through playwright-core) against the local
 * shop: what each does, and how each failure reads for the model.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BrowserSession } from '../../src/browser/browser-session.js';
import { BROWSER_TOOL_NAMES, createBrowserTools } from '../../src/browser/browser-tools.js';
import { webAgentPrompts } from '../../src/prompts/web-agent.js';
import type { Tool } from '../../src/tools/tool.js';
import { freePort } from '../support/fixture-server.js';
import { startShopServer, type ShopServer } from '../support/shop-server.js';

let shop: ShopServer;
before(async () => {
  shop = await startShopServer();
});
after(() => shop.close());

/** A session and its tools by name; `call` returns the tool's text, `fails` the error's. */
function browser(options: ConstructorParameters<typeof BrowserSession>[0] = {}) {
  const session = new BrowserSession({ actionTimeoutMs: 1_500, navigationTimeoutMs: 4_000, ...options }, webAgentPrompts);
  const tools = new Map(createBrowserTools(session, { pageTextMaxChars: 4_000 }).map((tool) => [tool.name, tool]));
  const get = (name: string): Tool => tools.get(name)!;
  return {
    session,
    tools,
    call: (name: string, args: Record<string, unknown> = {}) => get(name).call(args) as Promise<string>,
    fails: async (name: string, args: Record<string, unknown> = {}): Promise<string> => {
      try {
        const result = await get(name).call(args);
        assert.fail(`${name} succeeded: ${String(result)}`);
      } catch (error) {
        if ((error as Error).name === 'AssertionError') throw error;
        return (error as Error).message;
      }
    },
  };
}

describe('browser tools on the shop', () => {
  const { session, tools, call, fails } = browser();
  after(() => session.close());

  test('the tools have the names the issue fixes', () => {
    assert.deepEqual([...tools.keys()], [...BROWSER_TOOL_NAMES]);
  });

  test('go_to opens a page and says where the browser is; a page behind the cookie banner cannot be clicked until close_popups()', async () => {
    assert.equal(await call('go_to', { url: `${shop.baseUrl}/men` }), `Now at ${shop.baseUrl}/men — "Men · Maison Lumen".`);
    const covered = await fails('click', { text: 'Sale: up to 50% off' });
    assert.match(covered, /^Could not click "Sale: up to 50% off": <div id="cookie-overlay"[^]*is on top of it \(a popup or an overlay\)\. Call close_popups\(\)/);
    assert.equal(await call('close_popups'), 'Closed 1 overlay(s): clicked "Reject all" in #cookie-overlay.');
    assert.equal(await call('close_popups'), webAgentPrompts.results.noPopups, 'nothing left to close');
    const clicked = await call('click', { text: 'Sale: up to 50% off' });
    assert.equal(clicked, `Clicked "Sale: up to 50% off". Now at ${shop.baseUrl}/men/sale — "Sale · Maison Lumen".`);
  });

  test('click by a text that is not there says which clickable texts come closest', async () => {
    const message = await fails('click', { text: 'Linen shrit' });
    assert.match(message, /^No visible element with the text "Linen shrit" on this page\. Clickable texts that come closest: "Linen shirt", /);
  });

  test('find_on_page scrolls to the nth match and counts them; page_text reads the visible page as markdown', async () => {
    const found = await call('find_on_page', { text: 'clothing', nth: 2 });
    assert.match(found, /^Found 3 match\(es\) for "clothing"; scrolled to match 2: "Clothing"\.$/);
    assert.match(await fails('find_on_page', { text: 'clothing', nth: 9 }), /There are only 3 match\(es\) for "clothing"; ask for match 1 to 3\./);
    assert.match(await fails('find_on_page', { text: 'Teleporter' }), /The text "Teleporter" is not on this page/);
    const text = await call('page_text');
    assert.match(text, /^# Sale · Maison Lumen\nURL: http:\/\/127\.0\.0\.1:\d+\/men\/sale\n\n/);
    const shirt = shop.products.find((product) => product.slug === 'linen-shirt')!;
    assert.ok(text.includes(`[Linen shirt](${shop.baseUrl}/products/linen-shirt)`), text);
    assert.ok(text.includes(shirt.prices['United States']!));
    assert.ok(!text.includes('We use cookies'), 'the dismissed banner is hidden, so not in the text');
  });

  test('click by a CSS selector; type_text into a labelled field and press Enter submit the form', async () => {
    assert.match(await call('click', { selector: 'a[href="/products/linen-shirt"]' }), /^Clicked the element matching "a\[href="\/products\/linen-shirt"\]"\. Now at .*\/products\/linen-shirt — "Linen shirt · Maison Lumen"\.$/);
    assert.equal(await call('type_text', { text: 'France', into: 'Delivery country' }), 'Typed "France" into "Delivery country".');
    assert.match(await call('press', { key: 'Enter' }), /^Pressed Enter\. Now at .*\/products\/linen-shirt\?country=France — "Linen shirt · Maison Lumen"\.$/);
    const shirt = shop.products.find((product) => product.slug === 'linen-shirt')!;
    const text = await call('page_text');
    assert.ok(text.includes(`Price: ${shirt.prices['France']}`), text);
    assert.ok(text.includes('(text field "Delivery country": France)'), 'form fields read with their values');
    assert.ok(text.includes(shirt.reference));
  });

  test('go_back, scroll, and keys that do not exist', async () => {
    assert.match(await call('go_back'), /^Went back\. Now at .*\/products\/linen-shirt — /);
    await call('go_to', { url: `${shop.baseUrl}/test/long` });
    assert.equal(await call('scroll', { pixels: 1000 }), `Scrolled down 1000 px: the screen now shows 1000–1768 px of a ${await pageHeight(session)} px page.`);
    assert.match(await call('scroll', { pixels: -5000 }), /^Scrolled up 5000 px: the screen now shows 0–768 px of a \d+ px page \(the top of the page\)\.$/);
    assert.match(await call('find_on_page', { text: 'needle', nth: 3 }), /^Found 3 match\(es\) for "needle"; scrolled to match 3: "Here is the needle\."\.$/);
    assert.match(await fails('press', { key: 'Hyperspace' }), /"Hyperspace" is not a key name: use names such as Enter/);
    assert.match(await fails('scroll', { pixels: 1.5 }), /Invalid arguments for tool 'scroll'/);
  });

  test('type_text: a field that is not there lists the fields; no focus and no `into` is an error; selects are chosen by label', async () => {
    await call('go_to', { url: `${shop.baseUrl}/test/form` });
    assert.match(await fails('type_text', { text: 'x', into: 'Postcode' }), /^No field labelled, named or described as "Postcode" on this page\. Fields on the page: "Search the shop", "Size"\.$/);
    assert.equal(await fails('type_text', { text: 'x' }), webAgentPrompts.errors.noFocusedField);
    assert.equal(await call('type_text', { text: 'linen', into: 'Search the shop' }), 'Typed "linen" into "Search the shop".');
    assert.equal(await call('type_text', { text: 'L', into: 'Size' }), 'Chose "L" in "Size".');
    assert.match(await call('click', { text: 'Search' }), /\/test\/form\?q=linen&size=L/);
    assert.match(await fails('click', {}), /Give click either \{ text \}/);
    assert.match(await fails('click', { selector: 'a[[' }), /^"a\[\[" is not a valid CSS selector: /);
  });

  test('page_text leaves out what CSS hides, and shows form values', async () => {
    await call('go_to', { url: `${shop.baseUrl}/test/hidden` });
    const text = await call('page_text');
    assert.match(text, /Visible heading/);
    assert.match(text, /Shown text\./);
    assert.doesNotMatch(text, /Secret/);
    assert.match(text, /\(text field "Email": ada@example\.com\)/);
    assert.match(text, /\(select field "Size": M\)/);
  });

  test('an HTTP error page, a page that never loads, and a host that is not there become observations', async () => {
    assert.match(await call('go_to', { url: `${shop.baseUrl}/test/missing` }), /^Opened .*\/test\/missing, but the server answered HTTP 404 Not Found: this is an error page/);
    assert.equal(await fails('go_to', { url: `${shop.baseUrl}/test/slow` }), `Loading ${shop.baseUrl}/test/slow took longer than 4 s; the page may be partly loaded (see the next screenshot). Try again, or try another page.`);
    const port = await freePort();
    assert.equal(await fails('go_to', { url: `http://127.0.0.1:${port}/` }), `Could not open http://127.0.0.1:${port}/: net::ERR_CONNECTION_REFUSED.`);
  });

  test('file:, chrome:, javascript: and data: URLs are refused before the browser goes anywhere', async () => {
    for (const url of ['file:///etc/passwd', 'chrome://settings', 'javascript:alert(1)', 'data:text/html,<h1>x</h1>', 'view-source:http://127.0.0.1/']) {
      assert.match(await fails('go_to', { url }), /was not opened: the browser opens only http, https URLs\./, url);
    }
    assert.match(await fails('go_to', { url: 'http://' }), /is not a URL/);
  });

  test('links to other tabs, dialogs and downloads are told to the model; downloads are refused by default', async () => {
    await call('go_to', { url: `${shop.baseUrl}/test/links` });
    assert.match(await call('click', { text: 'Say hello' }), /The page showed a alert dialog saying "Hello from the page"; it was dismissed\./);
    assert.match(await call('click', { text: 'Download the report' }), /The page started a download \("[_.]*report\.csv"\), which was refused: downloads are off in this browser\./);
    const popup = await call('click', { text: 'Open men in a new tab' });
    assert.match(popup, /The page opened a new tab at .*; the browser now works in that tab\./);
    const state = await session.state();
    assert.equal(state.url, `${shop.baseUrl}/men`);
    assert.equal(state.screenshot?.mediaType, 'image/jpeg');
    assert.equal(Buffer.from(state.screenshot!.image as string, 'base64').subarray(0, 3).toString('hex'), 'ffd8ff');
  });
});

describe('allowedOrigins: every navigation is checked, redirects and the page’s own included', () => {
  const { session, fails } = browser({ allowedOrigins: ['http://127.0.0.1'] });
  let allowed: ReturnType<typeof browser>;
  before(() => {
    // The shop's port is known only now.
    allowed = browser({ allowedOrigins: [shop.baseUrl] });
  });
  after(async () => {
    await session.close();
    await allowed.session.close();
  });

  test('a bare origin without the port allows only the default port', async () => {
    assert.match(await fails('go_to', { url: `${shop.baseUrl}/men` }), /was not opened: this browser may only visit http:\/\/127\.0\.0\.1\./);
  });

  test('go_to another origin is refused; a redirect to one is stopped at the hop; an allowed redirect is followed', async () => {
    assert.equal(await allowed.fails('go_to', { url: `${shop.otherOrigin}/men` }), `${shop.otherOrigin}/men was not opened: this browser may only visit ${shop.baseUrl}.`);
    const before = shop.requests.length;
    const redirect = await allowed.fails('go_to', { url: `${shop.baseUrl}/test/redirect?to=${encodeURIComponent(`${shop.otherOrigin}/men`)}` });
    assert.equal(redirect, `${shop.otherOrigin}/men was not opened: this browser may only visit ${shop.baseUrl}.`);
    assert.ok(!shop.requests.slice(before).some((request) => request.host.startsWith('localhost')), 'the other origin was never asked');
    const chained = await allowed.call('go_to', { url: `${shop.baseUrl}/test/redirect?to=${encodeURIComponent(`/test/redirect?to=/women`)}` });
    assert.equal(chained, `Now at ${shop.baseUrl}/women — "Women · Maison Lumen".`);
    const sneaky = await allowed.fails('go_to', { url: `${shop.baseUrl}/test/redirect?to=${encodeURIComponent(`/test/redirect?to=${shop.otherOrigin}/men`)}` });
    assert.match(sneaky, /localhost.*was not opened/, 'the second hop is checked too');
  });

  test('a link to another origin and a page that leaves on its own are blocked, and the page stays', async () => {
    await allowed.call('go_to', { url: `${shop.baseUrl}/test/links?to=${encodeURIComponent(`${shop.otherOrigin}/men`)}` });
    const click = await allowed.fails('click', { text: 'Go elsewhere' });
    assert.match(click, /^The page tried to go to http:\/\/localhost:\d+\/men, which was blocked: .* was not opened: this browser may only visit/);
    assert.equal((await allowed.session.state()).url, `${shop.baseUrl}/test/links?to=${encodeURIComponent(`${shop.otherOrigin}/men`)}`);
    const opened = await allowed.call('go_to', { url: `${shop.baseUrl}/test/leave?to=${encodeURIComponent(`${shop.otherOrigin}/women`)}` });
    const notices = [opened, ...(await waitForNotice(allowed.session))];
    assert.ok(notices.some((notice) => /The page tried to go to http:\/\/localhost:\d+\/women, which was blocked/.test(notice)), notices.join('\n'));
    assert.ok(!shop.requests.some((request) => request.host.startsWith('localhost')), 'the other origin was never asked');
  });

  test('bad allowedOrigins and allowedSchemes are refused when the session is made', () => {
    assert.throws(() => new BrowserSession({ allowedOrigins: ['https://example.com/path'] }, webAgentPrompts), /has more than an origin/);
    assert.throws(() => new BrowserSession({ allowedOrigins: [] }, webAgentPrompts), /non-empty array/);
    assert.throws(() => new BrowserSession({ allowedOrigins: ['ftp://example.com'] }, webAgentPrompts), /is not an http\(s\) origin/);
    assert.throws(() => new BrowserSession({ allowedSchemes: ['javascript'] }, webAgentPrompts), /'javascript:' URLs cannot be allowed/);
  });
});

describe('downloads go to a folder only when one is given', () => {
  test('the file is saved under its plain name, inside the folder', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'webagent-downloads-'));
    const { session, call } = browser({ downloadsDir: folder });
    try {
      await call('go_to', { url: `${shop.baseUrl}/test/links` });
      const result = await call('click', { text: 'Download the report' });
      const files = await readdir(folder);
      assert.equal(files.length, 1, 'the "../../" in the suggested name went nowhere but the folder');
      assert.match(files[0]!, /report\.csv$/);
      assert.match(result, new RegExp(`The page downloaded "${files[0]!.replace(/\./g, '\\.')}"; it was saved to ${join(folder, files[0]!).replace(/\./g, '\\.')}\\.`), 'the click waits for the download and says where it went');
      assert.equal(await readFile(join(folder, files[0]!), 'utf8'), 'month,sales\njanuary,12\n');
    } finally {
      await session.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});

async function pageHeight(session: BrowserSession): Promise<number> {
  return session.run(async (page) => page.evaluate('document.documentElement.scrollHeight') as Promise<number>);
}

/** Notices arrive with the page's own events; give them a moment (bounded) to come in. */
async function waitForNotice(session: BrowserSession): Promise<string[]> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const notices = session.takeNotices();
    if (notices.length > 0) return notices;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return [];
}
