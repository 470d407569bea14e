/** Stored forms: the fast datetime path agrees with the general Kusto literal parser; dynamic values as JSON. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { storedValue } from './values.js';
import { parseDatetime } from '../kql/lower/literals.js';
import { Random } from '../simulate/random.js';

test('canonical UTC datetimes give the same ticks as the general parser, invalid days none', () => {
  const rnd = new Random(7);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  for (let i = 0; i < 5000; i++) {
    const digits = rnd.int(0, 7);
    const frac = digits ? '.' + Array.from({ length: digits }, () => rnd.int(0, 9)).join('') : '';
    const text = `${pad(rnd.int(1, 9999), 4)}-${pad(rnd.int(1, 12), 2)}-${pad(rnd.int(1, 31), 2)}T${pad(rnd.int(0, 23), 2)}:${pad(rnd.int(0, 59), 2)}:${pad(rnd.int(0, 59), 2)}${frac}Z`;
    assert.equal(storedValue(text, 'datetime'), parseDatetime(text) ?? null, text);
  }
  assert.equal(storedValue('2024-02-30T00:00:00Z', 'datetime'), null);
  assert.equal(storedValue('2024-02-29T00:00:00.1Z', 'datetime'), parseDatetime('2024-02-29T00:00:00.1Z'));
  assert.equal(storedValue('2024-03-12T10:15:42.1234567Z', 'datetime'), 17102385421234567n);
  assert.equal(storedValue('2024-03-12 10:15:42+01:00', 'datetime'), 17102349420000000n, 'other forms still read');
});

test('dynamic values are JSON, with bigints as numbers', () => {
  assert.equal(storedValue({ a: 1, b: 'x' }, 'dynamic'), '{"a":1,"b":"x"}');
  assert.equal(storedValue({ a: 12n, b: [1n] }, 'dynamic'), '{"a":12,"b":[1]}');
});

test('int columns take 32-bit integers only: anything past their range is no value, not a wrapped one', () => {
  assert.equal(storedValue(2 ** 31 - 1, 'int'), 2 ** 31 - 1);
  assert.equal(storedValue(-(2 ** 31), 'int'), -(2 ** 31));
  assert.equal(storedValue(2 ** 31, 'int'), null);
  assert.equal(storedValue('4294967295', 'int'), null);
});
