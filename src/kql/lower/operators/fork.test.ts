/** fork and facet: several result tables in Kusto; Picket returns the first (the primary result). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';
import { KqlError } from '../../errors.js';

const { run } = await testStore();
const T = 'datatable(s:string, n:long)["a", 1, "b", 2, "a", 3, "c", 4]';
const sorted = (r: unknown[][]) => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

test('fork returns its first subquery\'s table, named or not', async () => {
  const r = await run(`${T} | fork (where n > 2 | project n) (summarize c = count() by s)`);
  assert.deepEqual(r.columns.map(c => c.name), ['n']);
  assert.deepEqual(sorted(r.rows), [[3], [4]]);
  const named = await run(`${T} | fork big = (summarize c = count() by s | order by s asc) small = (take 1)`);
  assert.deepEqual(named.rows, [['a', 2], ['b', 1], ['c', 1]]);
});

test('facet by columns: the first column\'s values with count_<column>', async () => {
  const r = await run(`${T} | facet by s, n`);
  assert.deepEqual(r.columns.map(c => `${c.name}:${c.type}`), ['s:string', 'count_s:long']);
  assert.deepEqual(sorted(r.rows), [['a', 2], ['b', 1], ['c', 1]]);
});

test('facet … with (subquery): the with table comes first', async () => {
  const r = await run(`${T} | facet by s with (where n >= 3 | project n, s)`);
  assert.deepEqual(r.columns.map(c => c.name), ['n', 's']);
  assert.deepEqual(sorted(r.rows), [[3, 'a'], [4, 'c']]);
});

test('an operator after fork or facet is refused with PK001 at that operator', async () => {
  for (const q of [`${T} | fork (take 1) (count) | take 1`, `${T} | facet by s | take 1`]) {
    await assert.rejects(run(q), (e: unknown) => e instanceof KqlError && e.code === 'PK001' && /several tables/.test(e.message)
      && e.span.offset === q.lastIndexOf('take 1'));
  }
});
