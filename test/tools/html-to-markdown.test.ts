import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collapseBlankLines, htmlToMarkdown, truncateContent } from '../../src/tools/html-to-markdown.js';

test('lists keep their numbering and nesting with compact markers', async () => {
  const { markdown } = await htmlToMarkdown(
    '<body><ol start="3"><li>three</li><li>four<ul><li>inner a</li><li>inner b</li></ul></li></ol><p>after</p></body>',
  );
  assert.equal(markdown, '3. three\n4. four\n   - inner a\n   - inner b\n\nafter');
});

test('relative links resolve against <base href> or the page URL; fragments stay as they are', async () => {
  const html = '<head><base href="/docs/"><title> A  page </title></head><body><a href="guide.html">guide</a> <a href="#top">top</a></body>';
  const page = await htmlToMarkdown(html, { pageUrl: 'https://example.org/start/index.html' });
  assert.equal(page.title, 'A page');
  assert.equal(page.markdown, '[guide](https://example.org/docs/guide.html) [top](#top)');
  assert.equal((await htmlToMarkdown('<a href="x">x</a>', { pageUrl: 'https://example.org/a/b' })).markdown, '[x](https://example.org/a/x)');
  assert.equal((await htmlToMarkdown('<a href="javascript:void(0)">menu</a>', { pageUrl: 'https://example.org/' })).markdown, 'menu');
});

test('collapseBlankLines and truncateContent', () => {
  assert.equal(collapseBlankLines('a  \n\n\n\nb\t\n'), 'a\n\nb');
  const text = 'a'.repeat(50) + 'b'.repeat(50);
  const truncated = truncateContent(text, 20);
  assert.equal(truncated, `${'a'.repeat(10)}\n..._This content has been truncated to stay below 20 characters_...\n${'b'.repeat(10)}`);
});
