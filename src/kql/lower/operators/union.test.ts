// union and as run end to end on an in-memory store: inputs, withsource, kind, merged types, wildcards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../../store/duckdb.js';
import { runKql } from '../../run.js';

let store: Store;
let conn: DuckDBConnection;
before(async () => { store = await Store.open(); conn = await store.queryConnection(); });
after(() => { conn.closeSync(); store.close(); });

const AB = 'let A = datatable(x:long, y:string)[1,"a", 2,"b"]; let B = datatable(x:long, z:long)[3,30];';
async function run(q: string) { return runKql(conn, q); }
const cols = (r: { columns: { name: string; type: string }[] }) => r.columns.map(c => `${c.name}:${c.type}`);

test('union as the first operator and piped, with columns filled by name', async () => {
  const first = await run(`${AB} union A, B | order by x asc`);
  assert.deepEqual(cols(first), ['x:long', 'y:string', 'z:long']);
  assert.deepEqual(first.rows, [[1, 'a', null], [2, 'b', null], [3, '', 30]]);
  const piped = await run(`${AB} A | union B, A | count`);
  assert.deepEqual(piped.rows, [[5]]);
});

test('a missing string column is empty, not null', async () => {
  const r = await run(`${AB} union A, B | where x == 3 | project e = isempty(y), n = isnull(y)`);
  assert.deepEqual(r.rows, [[true, false]]);
});

test('withsource names each input: union_argN for expressions, the table name for tables', async () => {
  const r = await run(`${AB} union withsource=src A, B | summarize n = count() by src | order by src asc`);
  assert.deepEqual(r.rows, [['union_arg0', 2], ['union_arg1', 1]]);
  const t = await run('union withsource=T DeviceInfo, (DeviceEvents | take 0) | take 1');
  assert.equal(t.columns[0].name, 'T');
});

test('kind=inner keeps only the shared columns', async () => {
  const r = await run(`${AB} union kind=inner A, B | order by x asc`);
  assert.deepEqual(cols(r), ['x:long']);
  assert.deepEqual(r.rows, [[1], [2], [3]]);
});

test('a name with several types becomes one column per type', async () => {
  const r = await run('let A = datatable(v:long)[1]; let B = datatable(v:string)["s"]; union A, B | order by v_long asc');
  assert.deepEqual(cols(r), ['v_long:long', 'v_string:string']);
  assert.deepEqual(r.rows, [[null, 's'], [1, '']]);
});

test('wildcard table names union every matching table', async () => {
  const r = await run('union withsource=T Device*Events | summarize count() by T');
  assert.deepEqual(r.rows, []); // empty tables, but the query compiles and runs
});

test('empty inputs give an empty union', async () => {
  const r = await run('datatable(x:long)[] | union (datatable(x:long)[]) | summarize c = count()');
  assert.deepEqual(r.rows, [[0]]);
});

test('union keeps columns whose names differ only in case apart', async () => {
  const r = await run('let A = datatable(a:long)[1]; let B = datatable(A:string)["q"]; union A, B | order by a asc');
  assert.deepEqual(cols(r), ['a:long', 'A:string']);
  assert.deepEqual(r.rows, [[null, 'q'], [1, '']]);
});

test('as names the piped table for later use in the same query', async () => {
  const q = 'datatable(k:long, v:long)[1,10, 1,20, 2,30] | as T1 | summarize s = sum(v) by k'
    + ' | join kind=inner (T1 | summarize c = count() by k) on k | project k, s, c | order by k asc';
  assert.deepEqual((await run(q)).rows, [[1, 30, 2], [2, 30, 1]]);
  const m = await run('datatable(k:long)[1, 2] | as hint.materialized=true X | union (X | where k > 1) | count');
  assert.deepEqual(m.rows, [[3]]);
});
