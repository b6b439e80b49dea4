import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { CodeExecutionError } from '../../src/errors.js';
import { LocalJsExecutor } from '../../src/executors/quickjs/local-js-executor.js';

/**
 * The sandbox has no Intl; its en-US formatting (src/executors/quickjs/guest-locale.ts) must give
 * what Node's ICU gives, or a clear error. Every case below runs in the sandbox and on the host,
 * and the two must agree.
 */
const numbers = [0, -0, 1, -1, 0.5, 1.005, 2.675, 0.125, 1234.5, -1234.5, 1234567.891, 1e21, 1.5e-7, 123456789.123456, Number.NaN, Infinity, -Infinity, 0.07, 99.995, 0.000123];
const numberOptions: Record<string, unknown>[] = [
  {},
  { maximumFractionDigits: 2 },
  { minimumFractionDigits: 2 },
  { maximumFractionDigits: 0 },
  { minimumFractionDigits: 1, maximumFractionDigits: 4 },
  { style: 'percent' },
  { style: 'percent', maximumFractionDigits: 1 },
  { style: 'currency', currency: 'USD' },
  { style: 'currency', currency: 'EUR', currencyDisplay: 'code' },
  { style: 'currency', currency: 'JPY' },
  { style: 'currency', currency: 'CHF' },
  { useGrouping: false },
  { minimumIntegerDigits: 3 },
];
const dates = [Date.UTC(2024, 0, 2, 15, 4, 5), Date.UTC(1999, 11, 31, 0, 0, 9), Date.UTC(2026, 6, 14, 12, 30, 0)];
const dateOptions: Record<string, unknown>[] = [
  {},
  { year: 'numeric', month: 'long', day: 'numeric' },
  { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' },
  { month: 'short', day: 'numeric' },
  { year: 'numeric', month: 'long' },
  { year: 'numeric', month: '2-digit', day: '2-digit' },
  { weekday: 'short', month: 'numeric', day: 'numeric' },
  { month: 'narrow' },
  { weekday: 'long' },
  { hour: 'numeric' },
  { hour: '2-digit', minute: '2-digit' },
  { hour: 'numeric', minute: '2-digit', hour12: false },
  { hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: false },
  { dateStyle: 'full' },
  { dateStyle: 'medium', timeStyle: 'short' },
  { dateStyle: 'long', timeStyle: 'medium' },
  { dateStyle: 'short' },
];
const words = ['banana', 'Apple', 'apple', 'äpfel', 'Zebra', 'zebra', 'éclair', 'eclair', 'Eclair', 'item10', 'item2', 'item 2', 'item-2', 'co-op', 'coop', 'Straße', 'strasse', 'Æsir', 'aesir', 'Øre', 'ore', '가나', '가', '각', '나', '다람쥐', '_under', '(paren)', '42', '7 days'];

/** Computes every case; runs as is on the host and inside the sandbox. */
function cases(numbersIn: number[], numberOptionsIn: Record<string, unknown>[], datesIn: number[], dateOptionsIn: Record<string, unknown>[], wordsIn: string[]): unknown {
  const out: unknown[] = [];
  for (const value of numbersIn) for (const options of numberOptionsIn) out.push(value.toLocaleString('en-US', options));
  for (const options of numberOptionsIn.slice(0, 5)) out.push(new Intl.NumberFormat('en-US', options).format(-9876543.21));
  out.push((123456789n).toLocaleString('en-US'), (-5n).toLocaleString('en-US'));
  for (const time of datesIn) {
    const date = new Date(time);
    for (const options of dateOptionsIn) out.push(date.toLocaleString('en-US', { timeZone: 'UTC', ...options }));
    out.push(date.toLocaleDateString('en-US', { timeZone: 'UTC' }), date.toLocaleTimeString('en-US', { timeZone: 'UTC' }), date.toLocaleString());
    out.push(new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', month: 'long', day: 'numeric' }).format(date));
  }
  out.push(new Date(Number.NaN).toLocaleString('en-US'));
  out.push([...wordsIn].sort((a, b) => a.localeCompare(b)));
  out.push([...wordsIn].sort(new Intl.Collator('en-US', { numeric: true }).compare));
  out.push(wordsIn.map((word) => [word.localeCompare('apple', 'en', { sensitivity: 'base' }), word.localeCompare('Eclair', 'en', { sensitivity: 'accent' })]));
  return out;
}

describe('locale formatting in the sandbox', () => {
  const executor = new LocalJsExecutor({ timeoutMs: 10_000 });
  after(() => executor.dispose());

  test('numbers, dates and string order agree with Node’s ICU', async () => {
    const args = [numbers, numberOptions, dates, dateOptions, words].map((value) => JSON.stringify(value, (_key, item) => (typeof item === 'number' && !Number.isFinite(item) ? String(item) : Object.is(item, -0) ? '-0' : item)));
    // NaN, ±Infinity and -0 do not survive JSON: they travel as strings and become numbers again.
    const revive = '(list) => list.map((item) => typeof item === "string" ? Number(item) : item)';
    const code = `const cases = ${cases.toString()};\nJSON.stringify(cases((${revive})(${args[0]}), ${args[1]}, ${args[2]}, ${args[3]}, ${args[4]}))`;
    const inSandbox = JSON.parse((await executor.execute(code)).output as string) as unknown[];
    const onHost = cases(numbers, numberOptions, dates, dateOptions, words) as unknown[];
    for (let index = 0; index < onHost.length; index++) assert.deepEqual(inSandbox[index], onHost[index], `case ${index}`);
  });

  test('what it cannot do is a clear error, never a wrong answer', async () => {
    for (const code of [
      '(1234.5).toLocaleString("de-DE")',
      'new Date().toLocaleString("en-US", { timeZone: "Asia/Seoul" })',
      '(5).toLocaleString("en-US", { notation: "compact" })',
      '(5).toLocaleString("en-US", { style: "currency", currency: "XAF" })',
      'new Intl.PluralRules("en-US")',
      '"Привет".localeCompare("мир")',
      'new Date().toLocaleString("en-US", { timeStyle: "full" })',
    ]) {
      const error = await executor.execute(code).then(
        (result) => assert.fail(`${code} gave ${JSON.stringify(result.output)}`),
        (caught: unknown) => caught,
      );
      assert.ok(error instanceof CodeExecutionError);
      assert.equal(error.errorType, 'RangeError', code);
      assert.match(error.message, /is not supported here: the sandbox has no Intl/, code);
    }
  });
});
