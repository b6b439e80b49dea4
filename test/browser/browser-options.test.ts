/** The browser's pure parts: the origin policy, finding Chromium, text matching, URL and file names, prompt overrides. */
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { safeFileName } from '../../src/browser/downloads.js';
import { closestTexts, similarity } from '../../src/browser/closest-texts.js';
import { BrowserNotFoundError, findChromium } from '../../src/browser/find-chromium.js';
import { normalizeUrl } from '../../src/browser/navigation-tools.js';
import { OriginPolicy } from '../../src/browser/origin-policy.js';
import { mergeWebAgentPrompts, webAgentPrompts } from '../../src/prompts/web-agent.js';

const allowed = (policy: OriginPolicy, url: string) => policy.check(url).allowed;
const reason = (policy: OriginPolicy, url: string) => {
  const decision = policy.check(url);
  return decision.allowed ? 'allowed' : decision.reason;
};

describe('OriginPolicy', () => {
  test('by default every http(s) origin, and nothing else but about:blank', () => {
    const policy = new OriginPolicy();
    assert.ok(allowed(policy, 'https://example.com/a?b'));
    assert.ok(allowed(policy, 'http://127.0.0.1:8080/'));
    assert.ok(allowed(policy, 'about:blank'));
    for (const url of ['file:///etc/passwd', 'chrome://settings', 'javascript:alert(1)', 'data:text/html,x', 'ftp://example.com', 'about:config', 'view-source:https://a.com', 'blob:https://a.com/x']) {
      assert.equal(reason(policy, url), 'scheme', url);
    }
    assert.equal(reason(policy, 'not a url'), 'invalid');
    assert.equal(policy.restrictsOrigins, false);
  });

  test('allowedOrigins: exact origins, default and explicit ports, subdomain wildcards, bare hosts', () => {
    const policy = new OriginPolicy({ allowedOrigins: ['https://shop.example.com', 'http://127.0.0.1:8080', 'https://*.cdn.example.net', 'docs.example.org', 'localhost:3000'] });
    assert.ok(allowed(policy, 'https://shop.example.com/men/sale'));
    assert.ok(allowed(policy, 'https://SHOP.example.com:443/'), 'host case and the default port do not matter');
    assert.equal(reason(policy, 'http://shop.example.com/'), 'origin', 'the scheme is part of the origin');
    assert.equal(reason(policy, 'https://shop.example.com:8443/'), 'origin');
    assert.equal(reason(policy, 'https://evil.shop.example.com/'), 'origin', 'no implied subdomains');
    assert.equal(reason(policy, 'https://shop.example.com.evil.com/'), 'origin');
    assert.ok(allowed(policy, 'http://127.0.0.1:8080/x'));
    assert.equal(reason(policy, 'http://127.0.0.1/x'), 'origin');
    assert.equal(reason(policy, 'http://0x7f.0.0.1:8080/'), 'allowed', 'URL normalizes IPv4 forms before the check');
    assert.ok(allowed(policy, 'https://a.cdn.example.net/x.js'));
    assert.ok(allowed(policy, 'https://a.b.cdn.example.net/'));
    assert.equal(reason(policy, 'https://cdn.example.net/'), 'origin', 'a wildcard means subdomains only');
    assert.ok(allowed(policy, 'http://docs.example.org/') && allowed(policy, 'https://docs.example.org/'), 'a bare host: either scheme, default port');
    assert.equal(reason(policy, 'https://docs.example.org:8443/'), 'origin');
    assert.ok(allowed(policy, 'http://localhost:3000/') && allowed(policy, 'https://localhost:3000/'));
    assert.equal(policy.describeOrigins(), 'https://shop.example.com, http://127.0.0.1:8080, https://*.cdn.example.net, docs.example.org, localhost:3000');
  });

  test('bad values are refused with the reason', () => {
    const make = (allowedOrigins: unknown, allowedSchemes?: unknown) => () => new OriginPolicy({ allowedOrigins: allowedOrigins as string[], allowedSchemes: allowedSchemes as string[] });
    assert.throws(make(['']), /'' is empty/);
    assert.throws(make(['https://example.com/path']), /has more than an origin/);
    assert.throws(make(['https://user:pw@example.com']), /has more than an origin/);
    assert.throws(make(['file:///tmp']), /is not an http\(s\) origin/);
    assert.throws(make(['https://*.com']), /matches too much/);
    assert.throws(make(['http://exa mple.com']), /is not an origin/);
    assert.throws(make([]), /non-empty array/);
    assert.throws(make(undefined, ['javascript']), /cannot be allowed/);
    assert.throws(make(undefined, ['chrome:']), /cannot be allowed/);
    assert.throws(make(undefined, ['not a scheme']), /is not a URL scheme/);
  });

  test('allowedSchemes can add file: (origins apply to http(s) only)', () => {
    const policy = new OriginPolicy({ allowedSchemes: ['http', 'https', 'file:'], allowedOrigins: ['https://example.com'] });
    assert.ok(allowed(policy, 'file:///tmp/page.html'));
    assert.equal(reason(policy, 'https://other.com/'), 'origin');
  });
});

describe('findChromium', () => {
  test('the option, then SMOLAGENTS_CHROMIUM, then the usual places; none is an error that says how to install one', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'find-chromium-'));
    try {
      const fake = join(folder, 'chromium');
      await writeFile(fake, '#!/bin/sh\n');
      await chmod(fake, 0o755);
      const notExecutable = join(folder, 'plain');
      await writeFile(notExecutable, '');
      assert.equal(findChromium({ executablePath: fake }), fake);
      assert.equal(findChromium({ env: { SMOLAGENTS_CHROMIUM: fake } }), fake);
      assert.equal(findChromium({ candidates: [join(folder, 'missing'), notExecutable, fake] }), fake);
      assert.equal(findChromium({ candidates: [], playwrightPath: fake }), fake, "Playwright's own download comes last");
      assert.throws(() => findChromium({ executablePath: join(folder, 'nope') }), (error: unknown) => error instanceof BrowserNotFoundError && /No executable browser at .*nope\. Install Chromium \(Debian\/Ubuntu: `sudo apt-get install chromium`/.test(error.message));
      assert.throws(() => findChromium({ candidates: [join(folder, 'missing')] }), /No Chromium or Chrome found \(looked in .*missing\)\. Install Chromium .*npx playwright-core install chromium/);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('on this machine it is Debian’s /usr/bin/chromium', () => {
    assert.equal(findChromium({ env: {} }), '/usr/bin/chromium');
  });
});

describe('helpers', () => {
  test('closest clickable texts: case, accents, containment, then letter pairs', () => {
    assert.deepEqual(closestTexts('linen shrit', ['Men', 'Linen shirt', 'Sale', 'Wool coat']).slice(0, 1), ['Linen shirt']);
    assert.deepEqual(closestTexts('soldes', ['Accueil', 'SOLDÉS', 'Panier']).slice(0, 1), ['SOLDÉS']);
    assert.deepEqual(closestTexts('Sale', ['Home', 'Sale: up to 50% off', 'Women']).slice(0, 1), ['Sale: up to 50% off']);
    assert.equal(closestTexts('x', Array.from({ length: 30 }, (_, index) => `item ${index}`)).length, 8);
    assert.equal(similarity('abc', 'abc'), 1);
    assert.equal(similarity('', 'abc'), 0);
  });

  test('URLs without a scheme get https://; those with one are kept for the policy to judge', () => {
    assert.equal(normalizeUrl('xyz.com/men'), 'https://xyz.com/men');
    assert.equal(normalizeUrl('  localhost:8080/a '), 'https://localhost:8080/a');
    assert.equal(normalizeUrl('//cdn.example.com/x'), 'https://cdn.example.com/x');
    assert.equal(normalizeUrl('http://a.com'), 'http://a.com');
    assert.equal(normalizeUrl('javascript:alert(1)'), 'javascript:alert(1)');
    assert.equal(normalizeUrl('file:///etc/passwd'), 'file:///etc/passwd');
  });

  test('download names stay plain names', () => {
    assert.equal(safeFileName('../../etc/passwd'), 'passwd');
    assert.equal(safeFileName('..\\..\\boot.ini'), 'boot.ini');
    assert.equal(safeFileName('.hidden'), 'hidden');
    assert.equal(safeFileName('report (1).csv'), 'report (1).csv');
    assert.equal(safeFileName('a\u0000b\n.txt'), 'a_b_.txt');
    assert.equal(safeFileName(''), 'download');
  });

  test('browser prompts merge key by key; unknown keys are refused', () => {
    const merged = mergeWebAgentPrompts({ instructions: 'Browse.', tools: { click: { description: 'Click it.' } }, errors: { noHistory: 'No way back.' } });
    assert.equal(merged.instructions, 'Browse.');
    assert.equal(merged.tools.click.description, 'Click it.');
    assert.equal(merged.tools.click.textParameter, webAgentPrompts.tools.click.textParameter);
    assert.equal(merged.tools.goTo, webAgentPrompts.tools.goTo);
    assert.equal(merged.errors.noHistory, 'No way back.');
    assert.equal(merged.errors.closed, webAgentPrompts.errors.closed);
    assert.throws(() => mergeWebAgentPrompts({ nonsense: 'x' } as never), /Unknown web agent prompt 'nonsense'/);
    assert.throws(() => mergeWebAgentPrompts({ tools: { clack: {} } } as never), /Unknown web agent prompt 'tools\.clack'/);
  });
});
