import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { hasNumber, mentions, mentionsCode, mentionsDate, numbersIn, parseStructured } from '../../bench/model-eval/check.js';

describe('the checkers’ helpers', () => {
  test('numbersIn reads English notation; a hyphen after a letter or digit is no minus sign', () => {
    assert.deepEqual(numbersIn('€1,275,650.5 and −3, -4'), [1275650.5, -3, -4]);
    assert.deepEqual(numbersIn('2\u202f340 people'), [2340]);
    assert.deepEqual(numbersIn('SKU-104 on 2024-06-07'), [104, 2024, 6, 7]);
    assert.deepEqual(numbersIn('12,5'), [12, 5]);
  });

  test('hasNumber takes a number or text, within the tolerance only', () => {
    assert.equal(hasNumber(679.8, 'total', 679.82, 0.05).ok, true);
    assert.equal(hasNumber('about €679.90', 'total', 679.82, 0.05).ok, false);
    assert.match(hasNumber('nothing', 'total', 1, 0).reason, /no number/);
  });

  test('mentions ignores case, accents and hyphens; mentionsCode ignores spaces', () => {
    assert.equal(mentions('brightwell cafes', 'customer', 'Brightwell Cafés').ok, true);
    assert.equal(mentions('Bruxelles Midi', 'station', 'Bruxelles-Midi').ok, true);
    assert.equal(mentions('Bergen', 'city', 'Vienna').ok, false);
    assert.equal(mentionsCode({ flight: 'IB1207' }, 'flight', 'IB 1207').ok, true);
    assert.equal(mentionsCode('IB 1270', 'flight', 'IB 1207').ok, false);
  });

  test('mentionsDate takes ISO, day-month, month-day and dotted dates, and no other day', () => {
    for (const text of ['2024-06-07', 'Friday 7 June', 'June 7th, 2024', 'on the 7th of June', 'Jun. 07', '07.06.2024']) {
      assert.equal(mentionsDate(text, 'date', '2024-06-07').ok, true, text);
    }
    for (const text of ['17 June', 'June 27', '2024-06-17', '7 July']) assert.equal(mentionsDate(text, 'date', '2024-06-07').ok, false, text);
  });

  test('parseStructured takes values, JSON strings, fenced JSON and JSON after a sentence', () => {
    assert.deepEqual(parseStructured({ a: 1 }), { a: 1 });
    assert.deepEqual(parseStructured('[1, 2]'), [1, 2]);
    assert.deepEqual(parseStructured('Result:\n```json\n{"a": 1}\n```'), { a: 1 });
    assert.deepEqual(parseStructured('The list is [{"t": "x"}] as asked.'), [{ t: 'x' }]);
    assert.equal(parseStructured('no json here'), undefined);
  });
});
