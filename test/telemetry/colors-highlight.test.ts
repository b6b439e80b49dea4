import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createColors, shouldUseColor, stripAnsi } from '../../src/telemetry/colors.js';
import { highlightCode } from '../../src/telemetry/highlight.js';

describe('shouldUseColor', () => {
  it('follows NO_COLOR, FORCE_COLOR and TTY-ness', () => {
    assert.equal(shouldUseColor({ isTTY: true }, {}), true);
    assert.equal(shouldUseColor({ isTTY: false }, {}), false);
    assert.equal(shouldUseColor({}, {}), false);
    assert.equal(shouldUseColor({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(shouldUseColor({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' }), false, 'NO_COLOR wins');
    assert.equal(shouldUseColor({ isTTY: false }, { FORCE_COLOR: '1' }), true);
    assert.equal(shouldUseColor({ isTTY: true }, { FORCE_COLOR: '0' }), false);
    assert.equal(shouldUseColor({ isTTY: true }, { TERM: 'dumb' }), false);
  });
});

describe('highlightCode', () => {
  const colors = createColors(true);

  it('colours JavaScript keywords, strings, numbers, comments and calls, keeping the text', () => {
    const code = 'const s = "a // b"; // note\nconst n = await web_search({ query: `q ${1}` }); if (n > 10) final_answer(n)';
    const out = highlightCode(code, 'javascript', colors);
    assert.equal(stripAnsi(out), code);
    assert.match(out, /\u001b\[35mconst\u001b\[39m/);
    assert.match(out, /\u001b\[32m"a \/\/ b"\u001b\[39m/, 'a // inside a string is not a comment');
    assert.match(out, /\u001b\[90m\/\/ note\u001b\[39m/);
    assert.match(out, /\u001b\[36mweb_search\u001b\[39m/);
    assert.match(out, /\u001b\[33m10\u001b\[39m/);
    assert.match(out, /\u001b\[35mif\u001b\[39m/, 'a keyword before ( stays a keyword');
  });

  it('colours Python, including triple-quoted and f-strings', () => {
    const code = 'def f(x):\n    """doc"""\n    return f"{x}" # done\nprint(f(None))';
    const out = highlightCode(code, 'python', colors);
    assert.equal(stripAnsi(out), code);
    assert.match(out, /\u001b\[35mdef\u001b\[39m/);
    assert.match(out, /\u001b\[32m"""doc"""\u001b\[39m/);
    assert.match(out, /\u001b\[32mf"\{x\}"\u001b\[39m/);
    assert.match(out, /\u001b\[90m# done\u001b\[39m/);
    assert.match(out, /\u001b\[35mNone\u001b\[39m/);
  });

  it('leaves code untouched without colours, and survives unterminated strings', () => {
    assert.equal(highlightCode('const x = 1', 'javascript', createColors(false)), 'const x = 1');
    const broken = 'const s = "unterminated\nnext line';
    assert.equal(stripAnsi(highlightCode(broken, 'javascript', colors)), broken);
  });
});
