import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from './random.js';

test('a seed always gives the same stream, and derived streams do not disturb it', () => {
  const a = new Random(42), b = new Random(42);
  const xs = Array.from({ length: 100 }, () => a.next());
  b.derive(7);
  assert.deepEqual(Array.from({ length: 100 }, () => b.next()), xs);
  assert.ok(xs.every(x => x >= 0 && x < 1));
  assert.notDeepEqual(Array.from({ length: 10 }, () => new Random(43).next()), xs.slice(0, 10));
});

test('derived streams are independent of each other and reproducible', () => {
  const r = new Random(1);
  const d1 = r.derive(1).hex(16), d2 = r.derive(2).hex(16);
  assert.notEqual(d1, d2);
  assert.equal(new Random(1).derive(1).hex(16), d1);
  assert.match(new Random(5).guid(), /^\{[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}\}$/);
});

test('int, pick and weighted stay in range', () => {
  const r = new Random(9);
  for (let i = 0; i < 1000; i++) {
    const n = r.int(3, 5);
    assert.ok(n >= 3 && n <= 5 && Number.isInteger(n));
  }
  const seen = new Set(Array.from({ length: 200 }, () => r.weighted([['a', 1], ['b', 0], ['c', 3]] as const)));
  assert.ok(seen.has('a') && seen.has('c') && !seen.has('b'));
});
