/** search: term matching over every column, wildcards, column-scoped terms, case sensitivity, $table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';

const { run } = await testStore();

const sorted = (r: unknown[][]) => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
async function rows(kql: string): Promise<unknown[][]> {
  return sorted((await run(kql)).rows);
}
const T = 'datatable(s:string, n:long)["the quick fox", 1, "Quickly now", 2, "a.b+c", 30]';

test('a bare term matches whole terms in any column, case-insensitively, with $table first', async () => {
  const r = await run(`${T} | search "quick"`);
  assert.deepEqual(r.columns.map(c => c.name), ['$table', 's', 'n']);
  assert.deepEqual(r.rows, [['search_arg0', 'the quick fox', 1]]);
  assert.deepEqual(await rows(`${T} | search "30" | project n`), [[30]]);
});

test('wildcards pick hasprefix, hassuffix, contains and regex', async () => {
  assert.deepEqual(await rows(`${T} | search "quick*" | project n`), [[1], [2]]);
  assert.deepEqual(await rows(`${T} | search "*ly" | project n`), [[2]]);
  assert.deepEqual(await rows(`${T} | search "*uic*" | project n`), [[1], [2]]);
  assert.deepEqual(await rows(`${T} | search "the*fox" | project n`), [[1]]);
  assert.deepEqual(await rows(`${T} | search "a.b+c" | project n`), [[30]]);
});

test('column terms, boolean combinations, predicates and case_sensitive', async () => {
  assert.deepEqual(await rows(`${T} | search s:"now" or n > 20 | project n`), [[2], [30]]);
  assert.deepEqual(await rows(`${T} | search "quick*" and not(s has "fox") | project n`), [[2]]);
  assert.deepEqual(await rows(`${T} | search kind=case_sensitive "Quick*" | project n`), [[2]]);
  assert.deepEqual(await rows(`${T} | search * | project n`), [[1], [2], [30]]);
  assert.deepEqual(await rows(`${T} | search "nomatch" | project n`), []);
});
