// top-nested, top-hitters, sample and sample-distinct end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';

const { run } = await testStore();

const DATA = `datatable(cat:string, sub:string, v:long)[ "a","x",10, "a","y",20, "a","y",5, "b","x",30, "b","z",5, "c","x",1 ]`;

test('top-nested keeps the best N per parent, level by level', async () => {
  const r = await run(`${DATA} | top-nested 2 of cat by Tot=sum(v), top-nested 1 of sub by SubTot=sum(v)`);
  assert.deepEqual(r.columns.map(c => c.name), ['cat', 'Tot', 'sub', 'SubTot']);
  assert.deepEqual(r.rows, [['b', 35, 'x', 30], ['a', 35, 'y', 25]]);
  const named = await run(`${DATA} | top-nested 1 of cat by sum(v) asc, top-nested of sub by max(v)`);
  assert.deepEqual(named.columns.map(c => c.name), ['cat', 'aggregated_cat', 'sub', 'aggregated_sub']);
  assert.deepEqual(named.rows, [['c', 1, 'x', 1]]);
});

test('top-hitters: the heaviest keys by count or by sum', async () => {
  const r = await run('datatable(g:string, v:long)[ "a",1, "a",1, "a",1, "b",2, "c",3, "c",3, "d",4, "d",4, "d",4, "d",4 ] | top-hitters 3 of g by v');
  assert.deepEqual(r.rows, [['d', 16], ['c', 6], ['a', 3]]);
  const counted = await run('datatable(g:string)[ "a", "b", "b" ] | top-hitters 1 of g');
  assert.deepEqual(counted.rows, [['b', 2]]);
});

test('sample and sample-distinct take the number of rows asked for', async () => {
  const s = await run('range x from 1 to 50 step 1 | sample 7 | summarize count(), dcount(x)');
  assert.deepEqual(s.rows, [[7, 7]]);
  const d = await run('datatable(a:long)[1, 2, 2, 3, 3, 3] | sample-distinct 2 of a | summarize count(), dcount(a)');
  assert.deepEqual(d.rows, [[2, 2]]);
});
