/**
 * The fixed snippet set the executor benchmark runs (issue: "sum loop to 1e5 and 1e6, word count
 * over 100k words, fib(20), JSON round trip of 20k objects, a trivial statement"). Each snippet is
 * plain JavaScript that leaves its result as the last expression, so it runs unchanged in raw
 * QuickJS and in LocalJsExecutor.
 */
export interface Snippet {
  name: string;
  code: string;
  /** What the last expression must evaluate to: a wrong result makes the bench fail loudly. */
  expected: unknown;
}

export const snippets: Snippet[] = [
  { name: 'trivial statement', code: '1 + 1', expected: 2 },
  { name: 'sum loop 1e5', code: 'let s = 0; for (let i = 0; i < 1e5; i++) { s += i; } s', expected: 4999950000 },
  { name: 'sum loop 1e6', code: 'let s = 0; for (let i = 0; i < 1e6; i++) { s += i; } s', expected: 499999500000 },
  {
    name: 'word count 100k words',
    code: `const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
const parts = [];
for (let i = 0; i < 100000; i++) parts.push(words[i % 5]);
const text = parts.join(' ');
const counts = {};
for (const word of text.split(' ')) counts[word] = (counts[word] || 0) + 1;
counts.gamma`,
    expected: 20000,
  },
  { name: 'fib(20)', code: 'function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); } fib(20)', expected: 6765 },
  {
    name: 'JSON round trip 20k objects',
    code: `const rows = [];
for (let i = 0; i < 20000; i++) rows.push({ id: i, name: 'row' + i, tags: ['a', 'b'], score: i / 3 });
const back = JSON.parse(JSON.stringify(rows));
back.length`,
    expected: 20000,
  },
];
