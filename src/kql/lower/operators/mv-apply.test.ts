// mv-apply and partition end to end: a subquery per row (or per key), joined back in order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';
import { KqlError } from '../../errors.js';

const { run } = await testStore();

test('mv-apply runs the subquery on each row\'s items and keeps the row\'s other columns', async () => {
  const r = await run(`datatable(g:string, d:dynamic)[ "a", dynamic([3, 1, 2]), "b", dynamic([5]), "c", dynamic([]) ]
    | mv-apply x = d to typeof(long) on (summarize s = sum(x), n = count())`);
  assert.deepEqual(r.columns.map(c => `${c.name}:${c.type}`), ['g:string', 'd:dynamic', 's:long', 'n:long']);
  // summarize over no items still gives its one row
  assert.deepEqual(r.rows, [['a', [3, 1, 2], 6, 3], ['b', [5], 5, 1], ['c', [], 0, 0]]);
});

test('mv-apply keeps the items\' order, reads outer columns, and takes index and limit', async () => {
  const r = await run(`print d = dynamic({"a":1,"b":2,"c":3}), k = "=" | extend ks = bag_keys(d)
    | mv-apply with_itemindex = i key = ks to typeof(string) limit 2 on (extend pair = strcat(key, k, tostring(d[key]), "@", i))
    | summarize make_list(pair)`);
  assert.deepEqual(r.rows, [[['a=1@0', 'b=2@1']]]);
  const top = await run(`range n from 1 to 3 step 1 | extend d = pack_array(n, n * 10, n * 100)
    | mv-apply x = d to typeof(long) on (top 1 by x desc) | project n, x`);
  assert.deepEqual(top.rows, [[1, 100], [2, 200], [3, 300]]);
});

test('mv-apply refuses a limit that is not a constant', async () => {
  await assert.rejects(run('print d = dynamic([1]), n = 1 | mv-apply x = d limit n on (take 1)'), (e: unknown) => e instanceof KqlError);
});

test('partition by a column runs the subquery per value', async () => {
  const r = await run(`datatable(k:string, v:long)[ "a",10, "a",20, "b",30, "", 5 ]
    | partition by k (top 1 by v desc) | sort by k asc`);
  assert.deepEqual(r.rows, [['', 5], ['a', 20], ['b', 30]]);
  const counted = await run(`datatable(k:long, v:long)[ 1,10, 1,20, 2,30 ] | partition by k (summarize c = count()) | sort by c asc`);
  assert.deepEqual(counted.columns.map(c => c.name), ['c']);
  assert.deepEqual(counted.rows, [[1], [2]]);
});

test('partition by an expression that is not a column names what is unsupported', async () => {
  await assert.rejects(run('datatable(k:long)[1] | partition by k + 1 (take 1)'), (e: unknown) => e instanceof KqlError);
});
