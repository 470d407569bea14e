/** mv-expand and mvexpand, run for real on an in-memory store. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../../store/duckdb.js';
import { runKql } from '../../run.js';

let store: Store;
let conn: DuckDBConnection;
before(async () => { store = await Store.open(); conn = await store.queryConnection(); });
after(() => { conn.closeSync(); store.close(); });

async function run(kql: string) {
  const r = await runKql(conn, kql);
  return { names: r.columns.map(c => `${c.name}:${c.type}`), rows: r.rows };
}

test('arrays expand in order; null gives one null row, an empty array none, a scalar itself', async () => {
  const r = await run(`datatable(k:long, d:dynamic)[1, dynamic([10, 20]), 2, dynamic([]), 3, dynamic(["a"]), 4, dynamic(7)]
    | union (print k = 5, d = parse_json("null")) | mv-expand d | sort by k asc`);
  assert.deepEqual(r.names, ['k:long', 'd:dynamic']);
  assert.deepEqual(r.rows, [[1, 10], [1, 20], [3, 'a'], [4, 7], [5, null]]);
});

test('bags expand to one-entry bags, or [key, value] pairs with kind=array', async () => {
  const bag = `print d = parse_json('{"p1": "a1", "p/2": {"x": 1}, "é": null}')`;
  assert.deepEqual((await run(`${bag} | mv-expand d`)).rows, [[{ p1: 'a1' }], [{ 'p/2': { x: 1 } }], [{ é: null }]]);
  assert.deepEqual((await run(`${bag} | mv-expand kind=array d`)).rows, [[['p1', 'a1']], [['p/2', { x: 1 }]], [['é', null]]]);
  assert.deepEqual((await run(`${bag} | mv-expand bagexpansion=array d | extend key = tostring(d[0])`)).rows.map(r => r[1]), ['p1', 'p/2', 'é']);
});

test('several columns expand in parallel, shorter ones padded with null; typed and indexed', async () => {
  const r = await run(`print a = dynamic([1, 2, 3]), b = dynamic(["x", "y"])
    | mv-expand with_itemindex=ix a to typeof(long), c = b to typeof(string)`);
  assert.deepEqual(r.names, ['a:long', 'b:dynamic', 'c:string', 'ix:long']);
  assert.deepEqual(r.rows, [[1, ['x', 'y'], 'x', 0], [2, ['x', 'y'], 'y', 1], [3, ['x', 'y'], '', 2]]);
});

test('to typeof casts without parsing: non-conforming elements become null', async () => {
  const r = await run(`print d = parse_json('[1, "2", 2.5, true, null]') | mv-expand v = d to typeof(long), w = d to typeof(real), x = d to typeof(bool)`);
  assert.deepEqual(r.rows.map(row => row.slice(1)), [[1, 1, null], [null, null, null], [2, 2.5, null], [null, null, true], [null, null, null]]);
});

test('a new named column from a path keeps the source; limit caps rows per input row', async () => {
  const r = await run(`datatable(d:dynamic)[dynamic({"k":[10,20,30]}), dynamic({"k":[40]})] | mv-expand x = d.k limit 2 | project x`);
  assert.deepEqual(r.rows, [[10], [20], [40]]);
});

test('the legacy mvexpand caps each row at 128 elements', async () => {
  const r = await run(`range i from 1 to 200 step 1 | summarize d = make_list(i) | mvexpand d | count`);
  assert.deepEqual(r.rows, [[128]]);
  const full = await run(`range i from 1 to 200 step 1 | summarize d = make_list(i) | mv-expand d | count`);
  assert.deepEqual(full.rows, [[200]]);
});

test('expanding then aggregating nested arrays', async () => {
  const r = await run(`print d = dynamic({"nested":[{"x":[{"y":1}]},{"x":[{"y":2},{"y":3}]}]})
    | mv-expand l1 = d.nested | mv-expand l2 = l1.x | summarize s = sum(toint(l2.y)), l = make_list(l2.y)`);
  assert.deepEqual(r.rows, [[6, [1, 2, 3]]]);
});

test('row order and element order are kept on large inputs', async () => {
  const r = await run(`range i from 1 to 100000 step 1 | extend d = pack_array(i, i + 1) | mv-expand with_itemindex=k v = d to typeof(long)
    | serialize rn = row_number() | summarize bad = countif(rn != (i - 1) * 2 + k + 1 or v != i + k), n = count()`);
  assert.deepEqual(r.rows, [[0, 200000]]);
});
