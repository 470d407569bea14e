/** hll, hll_merge and dcount_hll: exact distinct sets, so the counts equal dcount. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../../testing.js';

const { run } = await testStore();

const T = `datatable(g:string, x:long, s:string)["a",1,"p", "a",2,"", "a",2,"p", "a",long(null),"q", "b",2,"r", "b",3,"r", "c",long(null),"p"]`;

test('dcount_hll(hll(x)) equals dcount(x) per group, nulls skipped, accuracy ignored', async () => {
  const r = await run(`${T} | summarize h = hll(x), hs = hll(s, 2), d = dcount(x), ds = dcount(s) by g
    | project g, n = dcount_hll(h), d, ns = dcount_hll(hs), ds | order by g asc`);
  assert.deepEqual(r.rows, [['a', 2, 2, 3, 3], ['b', 2, 2, 1, 1], ['c', 0, 0, 1, 1]]);
});

test('hll_merge unions hll values: as an aggregate over groups, and as a scalar of several', async () => {
  const r = await run(`${T} | summarize h = hll(x) by g | summarize m = hll_merge(h) | project n = dcount_hll(m)`);
  assert.deepEqual(r.rows, [[3]]);
  const q = await run(`print n = dcount_hll(hll_merge(dynamic([1, 2]), dynamic([2, 3]), dynamic(["x"]))),
    e = dcount_hll(hll_merge(dynamic([]), dynamic(null)))`);
  assert.deepEqual(q.rows, [[4, 0]]);
});

test('hll over no rows is empty; dcount_hll of a non-hll value is null', async () => {
  const r = await run(`${T} | where g == "zz" | summarize h = hll(x) | project n = dcount_hll(h), z = dcount_hll(dynamic({"a":1}))`);
  assert.deepEqual(r.rows, [[0, null]]);
});
