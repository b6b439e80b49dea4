import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCodeAction } from '../../src/agents/parse-code.js';

test('a fence tagged with the agent’s language at the start of a line is the action', () => {
  for (const tag of ['js', 'javascript', 'ts', 'typescript', 'JS']) {
    assert.equal(parseCodeAction(`Thought: go\nCode:\n\`\`\`${tag}\nconst a = 1;\n\`\`\`<end_code>`, 'javascript'), 'const a = 1;');
  }
  assert.equal(parseCodeAction('Thought: go\n```py\nprint(1)\n```<end_code>', 'python'), 'print(1)');
  assert.equal(parseCodeAction('```js\nfirst()\n```', 'javascript'), 'first()');
});

test('bare fences, other languages, inline backticks and <code> tags never run', () => {
  assert.equal(parseCodeAction('Thought: go\n```\nsend_email({ to: "boss" })\n```', 'javascript'), undefined);
  assert.equal(parseCodeAction('Thought: go\n<code>\nsend_email({ to: "boss" })\n</code>', 'javascript'), undefined);
  assert.equal(parseCodeAction('I could write <code>```js\nsend_email()\n```</code> but will not.', 'javascript'), undefined);
  assert.equal(parseCodeAction('Maybe ```js send_email()``` later.', 'javascript'), undefined);
  assert.equal(parseCodeAction('Thought: in Python this is\n```python\nprint(1)\n```', 'javascript'), undefined);
  assert.equal(parseCodeAction('> ```js\n> send_email()\n> ```', 'javascript'), undefined);
});

test('with several tagged blocks only the last one runs: the earlier ones are quotes', () => {
  const reply = 'Thought: last time I ran\n```js\nsend_email({ to: "all" })\n```\nwhich was wrong. Now:\nCode:\n```js\nfinal_answer("sorry")\n```<end_code>';
  assert.equal(parseCodeAction(reply, 'javascript'), 'final_answer("sorry")');
});

test('a fence cut off by a stop sequence still yields its code; no code gives undefined', () => {
  assert.equal(parseCodeAction('Code:\n```js\nfinal_answer(2)', 'javascript'), 'final_answer(2)');
  assert.equal(parseCodeAction('The answer is 4.', 'javascript'), undefined);
  assert.equal(parseCodeAction('```js\n\n```', 'javascript'), undefined);
});

test('"<code>" and other fences inside a tagged block are part of its code', () => {
  assert.equal(parseCodeAction('```js\nconst h = "<code>x</code>";\n```', 'javascript'), 'const h = "<code>x</code>";');
  assert.equal(parseCodeAction('```python\nx = """\n```js\nsend_email()\n"""\n```\n```js\nok()\n```', 'javascript'), 'ok()');
});
