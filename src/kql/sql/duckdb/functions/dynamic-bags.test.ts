/** bag_set_key, bag_zip, set_equals, array_split, arraylength: the documented examples and odd inputs, run for real. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../../../store/duckdb.js';
import { runKql } from '../../../run.js';

let store: Store;
let conn: DuckDBConnection;
before(async () => { store = await Store.open(); conn = await store.queryConnection(); });
after(() => { conn.closeSync(); store.close(); });

/** One column of every row. */
async function column(kql: string, name: string): Promise<unknown[]> {
  const r = await runKql(conn, kql);
  const i = r.columns.findIndex(c => c.name === name);
  return r.rows.map(row => row[i]);
}

test('bag_set_key: root keys replace in place or append; JSONPath keys create nested bags; not a bag gives null', async () => {
  const rows = `datatable(input: dynamic)[dynamic({'key1': 1, 'key2': 2}), dynamic({'key1': 1, 'key3': 'abc'}), dynamic([1]), dynamic(null)]`;
  assert.deepEqual(await column(`${rows} | extend result = bag_set_key(input, 'key3', 3)`, 'result'),
    [{ key1: 1, key2: 2, key3: 3 }, { key1: 1, key3: 3 }, null, null]);
  const nested = `datatable(input: dynamic)[dynamic({'key1': 123, 'key2': {'prop1': 123, 'prop2': 'xyz'}}), dynamic({'key1': 123})]
    | extend result = bag_set_key(input, '$.key2.prop1', 'abc')`;
  assert.deepEqual(await column(nested, 'result'),
    [{ key1: 123, key2: { prop1: 'abc', prop2: 'xyz' } }, { key1: 123, key2: { prop1: 'abc' } }]);
  assert.deepEqual(await column(`print r = bag_set_key(dynamic({'a': 1}), 'a', datetime(2020-01-01)),
    n = bag_set_key(dynamic({'a': 1}), 'b', dynamic(null))`, 'r'), [{ a: '2020-01-01T00:00:00.0000000Z' }]);
  assert.deepEqual(await column(`print n = bag_set_key(dynamic({'a': 1}), 'b', dynamic(null))`, 'n'), [{ a: 1, b: null }]);
  await assert.rejects(runKql(conn, `print bag_set_key(dynamic({}), '$.a[0]', 1)`), /Not supported yet/);
});

test('bag_zip: pairs by position; non-string keys skipped; missing values null; keys not an array give null', async () => {
  const kql = `datatable(k: dynamic, v: dynamic)[
    dynamic(['a', 'b', 'c']), dynamic([1, '2', 3.4]),
    dynamic(['a', 'b', 'c']), dynamic([1, '2']),
    dynamic(['a', 'b']), dynamic([1, '2', 2.5]),
    dynamic(['a', 8, 'b']), dynamic([1, '2', 2.5]),
    dynamic(['a', 8, 'b']), dynamic(1),
    dynamic('a'), dynamic([1, '2', 2.5])] | extend b = bag_zip(k, v)`;
  assert.deepEqual(await column(kql, 'b'), [
    { a: 1, b: '2', c: 3.4 }, { a: 1, b: '2', c: null }, { a: 1, b: '2' }, { a: 1, b: 2.5 }, { a: null, b: null }, null]);
});

test('set_equals: the same distinct elements in any order; arraylength is array_length', async () => {
  const r = await runKql(conn, `print a = set_equals(dynamic([1, 2, 2]), dynamic([2, 1])), b = set_equals(dynamic([1, 2]), dynamic([1, 3])),
    c = set_equals(dynamic([]), dynamic([])), d = set_equals(dynamic(['x', 1]), dynamic([1, 'x', 'x'])), e = set_equals(dynamic([1]), dynamic([1, 2])),
    n = set_equals(dynamic(1), dynamic([1])), l = arraylength(dynamic([1, 2, 3])), ln = arraylength(dynamic({}))`);
  assert.deepEqual(r.rows[0], [true, false, true, true, false, null, 3, null]);
});

test('array_split: at one index or several, negative from the end, clipped; not an array gives null', async () => {
  const r = await runKql(conn, `print arr = dynamic([1, 2, 3, 4, 5]) | extend a = array_split(arr, 2), b = array_split(arr, dynamic([1, 3])),
    c = array_split(arr, -1), d = array_split(arr, 10), e = array_split(arr, -10), f = array_split(dynamic([]), 0),
    g = array_split(dynamic({}), 1) | project-away arr`);
  assert.deepEqual(r.rows[0], [[[1, 2], [3, 4, 5]], [[1], [2, 3], [4, 5]], [[1, 2, 3, 4], [5]], [[1, 2, 3, 4, 5], []],
    [[], [1, 2, 3, 4, 5]], [[], []], null]);
});
