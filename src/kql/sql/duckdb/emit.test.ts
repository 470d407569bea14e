// The relational emission on DuckDB: names that differ only in case stay apart, and a sort's order survives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../../store/duckdb.js';
import { runKql } from '../../run.js';
import { sqlNames } from './emit.js';

let store: Store;
let conn: DuckDBConnection;
before(async () => { store = await Store.open(); conn = await store.queryConnection(); });
after(() => { conn.closeSync(); store.close(); });

async function rows(q: string) { return (await runKql(conn, q)).rows; }

test('sqlNames spells apart the names that DuckDB would fold together, and only those', () => {
  const names = sqlNames([{ name: 'a', type: 'long' }, { name: 'A', type: 'long' }, { name: 'b', type: 'long' }, { name: 'a__ci1', type: 'long' }]);
  assert.equal(names[0], '"a"');
  assert.equal(names[2], '"b"');
  assert.equal(new Set(names.map(n => n.toLowerCase())).size, 4);
});

test('columns named a and A keep their own values through extend, where, summarize and distinct', async () => {
  assert.deepEqual(await rows('datatable(a:long)[1, 2] | extend A = a * 10 | extend b = A + a'), [[1, 10, 11], [2, 20, 22]]);
  assert.deepEqual(await rows('datatable(a:long, A:string)[1,"x", 2,"y"] | where A == "y" | project A, a'), [['y', 2]]);
  assert.deepEqual(await rows('datatable(a:long, A:string)[1,"x", 1,"y", 1,"x"] | summarize n = count() by a, A | order by A asc'), [[1, 'x', 2], [1, 'y', 1]]);
  assert.deepEqual((await rows('datatable(a:long, A:string)[1,"x", 1,"x", 2,"x"] | distinct A, a')).sort(), [['x', 1], ['x', 2]]);
  assert.deepEqual(await rows('print x = toscalar(datatable(a:long, A:long)[1, 5] | project A, a)'), [[5]]);
});

test('row numbers follow a sort even when later operators rename or drop its keys', async () => {
  const base = 'range x from 1 to 50000 step 1 | extend k = (x * 7919) % 100 | sort by k asc, x desc';
  assert.deepEqual(await rows(`${base} | extend r = row_number() | where r <= 2 | project k, x, r`), [[0, 50000, 1], [0, 49900, 2]]);
  assert.deepEqual(await rows(`${base} | project kk = k, y = x | extend r = row_number() | take 2`), [[0, 50000, 1], [0, 49900, 2]]);
  // a column that takes a sort key's name must not reorder the rows
  assert.deepEqual(await rows(`${base} | extend k = -k, r = row_number() | take 2 | project k, r`), [[0, 1], [0, 2]]);
  const bad = await rows(`${base} | extend r = row_number(), pk = prev(k) | where r > 1 and pk > k | count`);
  assert.deepEqual(bad, [[0]]);
});

test('the rows of a sort keep their order through where, project and take', async () => {
  const r = await rows('range x from 1 to 20000 step 1 | sort by x desc | where x % 2 == 0 | project y = x | take 3');
  assert.deepEqual(r, [[20000], [19998], [19996]]);
});
