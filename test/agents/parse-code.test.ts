import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCodeAction } from '../../src/agents/parse-code.js';

test('accepts js, javascript, ts, typescript and bare fences, and <code> tags', () => {
  for (const tag of ['js', 'javascript', 'ts', 'typescript', '']) {
    assert.equal(parseCodeAction(`Thought: go\n\`\`\`${tag}\nconst a = 1;\n\`\`\`<end_code>`, 'javascript'), 'const a = 1;');
  }
  assert.equal(parseCodeAction('Thought: go\n<code>\nfinal_answer(1)\n</code>', 'javascript'), 'final_answer(1)');
  assert.equal(parseCodeAction('<code>\n```js\nf()\n```\n</code>', 'javascript'), 'f()');
});

test('several blocks run as one, in order; blocks of another language are ignored', () => {
  const reply = 'A\n```js\nconst x = 1;\n```\nB\n```python\nprint(1)\n```\nC\n```\nconsole.log(x)\n```';
  assert.equal(parseCodeAction(reply, 'javascript'), 'const x = 1;\n\nconsole.log(x)');
  assert.equal(parseCodeAction(reply, 'python'), 'print(1)\n\nconsole.log(x)');
});

test('a fence cut off by a stop sequence still yields its code; no code gives undefined', () => {
  assert.equal(parseCodeAction('Code:\n```js\nfinal_answer(2)', 'javascript'), 'final_answer(2)');
  assert.equal(parseCodeAction('The answer is 4.', 'javascript'), undefined);
  assert.equal(parseCodeAction('```js\n\n```', 'javascript'), undefined);
});

test('"<code>" inside a fenced block is code, not a tag', () => {
  assert.equal(parseCodeAction('```js\nconst h = "<code>x</code>";\n```', 'javascript'), 'const h = "<code>x</code>";');
});
