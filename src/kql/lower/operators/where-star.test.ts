// `where * op x` over every column, and search with bare terms of any type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';
import { KqlError } from '../../errors.js';

const { run } = await testStore();
const DATA = 'datatable(s:string, n:long)[ "needle in haystack",1, "another row",2, "x", 30 ]';

test('where * has / contains: any column; a negated operator: every column', async () => {
  assert.deepEqual((await run(`${DATA} | where * has "needle" | project n`)).rows, [[1]]);
  assert.deepEqual((await run(`${DATA} | where * contains "3" | project n`)).rows, [[30]]);
  assert.deepEqual((await run(`${DATA} | where * !contains "row" and * !has "needle" | project n`)).rows, [[30]]);
});

test('* outside a where predicate is named as unsupported, with its position', async () => {
  await assert.rejects(run(`${DATA} | extend b = * has "x"`), (e: unknown) => e instanceof KqlError && e.code === 'PK001' && e.span.length === 1);
});

test('search takes numbers and not() as terms, as the engine does', async () => {
  const t = 'datatable(a:string, b:long, c:real)[ "needle",42,3.14, "haystack",7,2.71 ]';
  assert.deepEqual((await run(`${t} | search "needle" or 42 | project a`)).rows, [['needle']]);
  assert.deepEqual((await run(`${t} | search c > 3.0 and not("needle") | project a`)).rows, []);
  assert.deepEqual((await run(`${t} | search "hay*" and not("needle") | project a`)).rows, [['haystack']]);
});

test('outside search, the analyser still rejects a non-boolean operand', async () => {
  await assert.rejects(run('print x = 1 | where "a" or 42'), (e: unknown) => e instanceof KqlError && e.code.startsWith('KS'));
});

test('where with row functions filters on the serialized order', async () => {
  assert.deepEqual((await run('range x from 1 to 5 step 1 | serialize | where row_number() == 3 | project x')).rows, [[3]]);
  assert.deepEqual((await run('range x from 1 to 5 step 1 | sort by x desc | where row_number() <= 2 | extend n = row_number()')).rows, [[5, 1], [4, 2]]);
});

test('legacy notempty and notnull', async () => {
  assert.deepEqual((await run('print a = notempty("x"), b = notempty(""), c = notnull(int(null))')).rows, [[true, false, false]]);
});
