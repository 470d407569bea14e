/** Conversions, null rules, arithmetic, math and logic, run end to end on DuckDB with Kusto's expected values. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../../../store/duckdb.js';
import { runKql } from '../../../run.js';

const store = await Store.open();
const conn = await store.queryConnection();
after(() => { conn.closeSync(); store.close(); });

async function rows(kql: string): Promise<unknown[][]> {
  return (await runKql(conn, kql)).rows;
}

/** The single row of a print. */
async function one(kql: string): Promise<unknown[]> {
  const r = await rows(kql);
  assert.equal(r.length, 1, kql);
  return r[0];
}

test('tostring prints every type as Kusto does', async () => {
  assert.deepEqual(await one('print tostring(123), tostring(1.5), tostring(1.0), tostring(true), tostring(false), tostring(datetime(2020-01-01)), tostring(1d)'),
    ['123', '1.5', '1.0', 'True', 'False', '2020-01-01T00:00:00.0000000Z', '1.00:00:00']);
  assert.deepEqual(await one('print tostring(1e15), tostring(1.5e15), tostring(1e16), tostring(-2.5e-7), tostring(100000000000.0), tostring(0.0001)'),
    ['1E+15', '1.5E+15', '1E+16', '-2.5E-07', '100000000000.0', '0.0001']);
  assert.deepEqual(await one('print tostring(real(nan)), tostring(real(+inf)), tostring(real(-inf)), tostring(real(null)), tostring(int(null)), tostring(bool(null)), tostring(dynamic(null))'),
    ['NaN', 'Infinity', '-Infinity', '', '', '', '']);
  assert.deepEqual(await one('print tostring(dynamic({"a": [1, 2]})), tostring(dynamic("x")), tostring(todecimal("100"))'), ['{"a":[1,2]}', 'x', '100']);
});

test('toint / tolong read whole numbers and hex, wrap longs to int, saturate reals', async () => {
  assert.deepEqual(await one('print toint("12"), toint(" 12 "), toint("1.5"), toint("1e3"), toint("0xFF"), tolong("0x10"), toint(""), toint("2147483648")'),
    [12, 12, null, null, 255, 16, null, null]);
  assert.deepEqual(await one('print tolong("9223372036854775807"), tolong("9223372036854775808"), toint(1h), toint(3.99), toint(-3.99), toint(true)'),
    [9223372036854775807, null, 1640261632, 3, -3, 1]);
  assert.deepEqual(await one('print toint(1e19), toint(-1e19), tolong(1e30), tolong(-1e30), toint(real(nan))'),
    [2147483647, -2147483648, 9223372036854775807, -9223372036854775808, null]);
  // datetimes count ticks from 0001-01-01
  assert.deepEqual(await one('print tolong(datetime(2020-01-01)), todouble(datetime(1970-01-01)), tolong(1d)'),
    [637134336000000000, 621355968000000000, 864000000000]);
});

test('conversions of dynamic values follow the JSON value type', async () => {
  const r = await rows('datatable(d:dynamic)[ dynamic(2147483648), dynamic(1.9), dynamic("42"), dynamic("3.14"), dynamic(true), dynamic([1]) ] | extend ti = toint(d), tl = tolong(d), td = todouble(d), tb = tobool(d), t = gettype(d)');
  assert.deepEqual(r.map(x => x.slice(1)), [
    [-2147483648, 2147483648, 2147483648, true, 'long'],
    [1, 1, 1.9, true, 'double'],
    [42, 42, 42, true, 'string'],
    [null, null, 3.14, null, 'string'],
    [1, 1, 1, true, 'bool'],
    [null, null, null, null, 'array'],
  ]);
});

test('todouble and tobool accept only their own syntax', async () => {
  assert.deepEqual(await one('print todouble("1_000"), todouble("1,5"), todouble(" 1.5 "), todouble("1e400"), todouble("Inf"), todouble("NaN"), todouble(".5"), todouble("5.")'),
    [null, null, 1.5, 'Infinity', 'Infinity', 'NaN', 0.5, 5]);
  assert.deepEqual(await one('print tobool("TRUE"), tobool("false"), tobool(" true"), tobool("1.0"), tobool("-1"), tobool("0"), tobool("yes"), tobool(2)'),
    [true, false, null, null, true, false, null, true]);
});

test('toguid normalises the usual forms; gettype reports runtime types', async () => {
  assert.deepEqual(await one('print toguid("{12345678-1234-1234-1234-123456789ABC}"), toguid("123456781234123412341234567890ab"), toguid("nope")'),
    ['12345678-1234-1234-1234-123456789abc', '12345678-1234-1234-1234-1234567890ab', null]);
  assert.deepEqual(await one('print gettype(toint(1)), gettype(toint(1) + toint(1)), gettype(1/2), gettype(1.0), gettype(1d/1h), gettype(dynamic(null)), gettype(dynamic({"a":1}))'),
    ['int', 'long', 'long', 'real', 'real', 'null', 'dictionary']);
});

test('integer arithmetic: 64-bit ints, wrapping longs, truncating division, non-negative modulo', async () => {
  assert.deepEqual(await one('print toint(2147483647) + 1, int(2147483647) * int(2), 9223372036854775807 + 1, -(-9223372036854775807 - 1)'),
    [2147483648, 4294967294, -9223372036854775808, -9223372036854775808]);
  assert.deepEqual(await one('print 7 / 2, -7 / 2, -5 % 3, 5 % -3, -5 % -3, (-5.5) % 3.0, 5.5 % (-3.0), 1d % 5h'),
    [3, -3, 1, 2, 1, 0.5, 2.5, '04:00:00']);
  assert.deepEqual(await one('print 1 / 0, 1.0 / 0.0, 0.0 / 0.0, -1.0 / 0.0, 7 % 0'), [null, 'Infinity', 'NaN', '-Infinity', null]);
  const r = await rows('datatable(a:long, b:long)[ -9223372036854775808, -1 ] | extend q = a / b, m = a % b');
  assert.deepEqual(r[0].slice(2), [-9223372036854775808, 0]);
});

test('null and NaN rules for comparisons', async () => {
  const r = await rows('datatable(x:long, y:long)[1,long(null), long(null),long(null), 2,2] | extend eq = x == y, ne = x != y, lt = x < y, eq1 = x == 1, ne1 = x != 1');
  assert.deepEqual(r.map(x => x.slice(2)), [[false, true, null, true, false], [null, null, null, false, true], [true, false, false, false, true]]);
  assert.deepEqual(await one('print real(nan) == real(nan), real(nan) != real(nan), real(nan) < 1.0, real(nan) > 1.0, toint("x") == 0'),
    [false, true, false, false, false]);
  assert.deepEqual((await rows('datatable(x:long)[1, 2, long(null)] | where x != 1 | count'))[0], [2]);
  assert.deepEqual((await rows('datatable(x:long)[1, 2, long(null)] | where not(x == 1) | count'))[0], [2]);
});

test('math edge values', async () => {
  assert.deepEqual(await one('print log(0.0), log(-1.0), sqrt(-1.0), log10(100), log2(8), exp2(3), exp10(2), pow(2, -1), pow(-8, 1.0/3)'),
    ['-Infinity', null, 'NaN', 2, 3, 8, 100, 0.5, 'NaN']);
  assert.deepEqual(await one('print round(2.15, 1), round(1234, -2), ceiling(1.2), ceiling(-1.2), sign(-3), sign(real(nan)), abs(toint(-2147483647) - 1)'),
    [2.2, 1200, 2, -1, -1, 0, 2147483648]);
  assert.deepEqual(await one('print isnan(real(nan)), isinf(real(-inf)), isfinite(real(+inf)), isfinite(1.0), isnan(real(null))'), [true, true, false, true, null]);
  assert.deepEqual(await one('print min_of(1, long(null), 3), max_of(toint(1), tolong(2), todouble(3)), min_of(real(nan), 1.0), max_of(long(null), long(null))'),
    [1, 3, 'NaN', null]);
});

test('bitwise functions act on 64 bits', async () => {
  assert.deepEqual(await one('print binary_and(12, 10), binary_or(12, 10), binary_xor(12, 10), binary_not(0), binary_shift_left(1, 63), binary_shift_left(-1, 1), binary_shift_right(-8, 1), binary_shift_left(3, 64)'),
    [8, 14, 6, -1, -9223372036854775808, -2, -4, 3]);
});

test('logic: iff, case, coalesce and the emptiness tests on every type', async () => {
  assert.deepEqual(await one('print iif(long(null) > 1, "y", "n"), case(long(null) == 1, 1, 2), coalesce(long(null), 5), coalesce("", "x"), coalesce(int(null), int(null))'),
    ['n', 2, 5, 'x', null]);
  assert.deepEqual(await one('print isempty(""), isempty(long(null)), isnotempty(dynamic(null)), isnull(""), isempty(dynamic("")), isnotnull(real(nan)), isempty(tostring(int(null)))'),
    [true, true, false, false, true, true, true]);
});

test('decimals compare as decimals', async () => {
  assert.deepEqual(await one('print decimal(0.1) + decimal(0.2) == decimal(0.3), todecimal("0.1") + todecimal("0.2") - todecimal("0.3")'), [true, 0]);
});
