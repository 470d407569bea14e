/** serialize and the row functions (row_number, prev, next, row_cumsum, ranks, restarts), end to end on DuckDB. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';

const { run } = await testStore();

const sorted = (r: unknown[][]) => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
async function rows(kql: string): Promise<unknown[][]> {
  return sorted((await run(kql)).rows);
}

const G = 'datatable(g:string, v:long)["a",10, "a",20, "a",30, "b",1, "b",2] | sort by g asc, v asc';

test('row_number with a start, following the sort', async () => {
  assert.deepEqual(await rows('datatable(x:long)[3,1,2] | sort by x desc | serialize rn = row_number(10)'),
    [[1, 12], [2, 11], [3, 10]]);
});

test('prev and next: offsets, defaults, nulls at the edges, empty strings for strings', async () => {
  assert.deepEqual(await rows('datatable(x:long, s:string)[1,"a", 2,"b", 3,"c"] | sort by x asc | serialize p = prev(x), n = next(x, 2), d = prev(x, 1, -1), ps = prev(s)'),
    [[1, 'a', null, 3, -1, ''], [2, 'b', 1, null, 1, 'a'], [3, 'c', 2, null, 2, 'b']]);
});

test('row_cumsum, with and without restart', async () => {
  assert.deepEqual(await rows(`${G} | serialize cs = row_cumsum(v), cg = row_cumsum(v, g != prev(g) and isnotnull(prev(g)))`),
    [['a', 10, 10, 10], ['a', 20, 30, 30], ['a', 30, 60, 60], ['b', 1, 61, 1], ['b', 2, 63, 3]]);
});

test('row_number restarts where the restart expression is true', async () => {
  assert.deepEqual(await rows(`${G} | serialize rn = row_number(1, g != prev(g) and isnotnull(prev(g)))`),
    [['a', 10, 1], ['a', 20, 2], ['a', 30, 3], ['b', 1, 1], ['b', 2, 2]]);
});

test('row_rank_dense and row_rank_min count changes of value in serialized order', async () => {
  assert.deepEqual(await rows('datatable(x:long)[5,5,5,3,3,8] | sort by x desc | serialize rm = row_rank_min(x), rd = row_rank_dense(x)'),
    [[3, 5, 3], [3, 5, 3], [5, 2, 2], [5, 2, 2], [5, 2, 2], [8, 1, 1]]);
});

test('ranks restart too', async () => {
  assert.deepEqual(await rows('datatable(g:string, s:long)["a",10, "a",10, "a",20, "b",5, "b",5] | sort by g asc, s asc | serialize rd = row_rank_dense(s, g != prev(g) and isnotnull(prev(g)))'),
    [['a', 10, 1], ['a', 10, 1], ['a', 20, 2], ['b', 5, 1], ['b', 5, 1]]);
});

test('nested row functions and row functions after serialize', async () => {
  assert.deepEqual(await rows('datatable(x:long)[1,2,4,7] | sort by x asc | serialize d = x - prev(x, 1, 0) | serialize cs = row_cumsum(d), p = prev(d)'),
    [[1, 1, 1, null], [2, 1, 2, 1], [4, 2, 4, 1], [7, 3, 7, 2]]);
});

test('serialize without a sort keeps the arrival order', async () => {
  assert.deepEqual(await rows('datatable(x:long)[3,1,2] | serialize rn = row_number()'), [[1, 2], [2, 3], [3, 1]]);
});

test('serialize with no columns passes rows through', async () => {
  assert.deepEqual(await rows('datatable(x:long)[2,1] | serialize'), [[1], [2]]);
});
