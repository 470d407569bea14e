// Joins and lookups run end to end on an in-memory store: kinds, keys, nulls, naming, empty sides.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../../store/duckdb.js';
import { runKql } from '../../run.js';

let store: Store;
let conn: DuckDBConnection;
before(async () => { store = await Store.open(); conn = await store.queryConnection(); });
after(() => { conn.closeSync(); store.close(); });

const L = 'let L = datatable(k:long, lv:string)[1,"a", 1,"a2", 2,"b", long(null),"n"];';
const R = 'let R = datatable(k:long, rv:string)[1,"x", 1,"x2", 3,"z", long(null),"m"];';
async function rows(q: string) { return (await runKql(conn, q)).rows; }
async function names(q: string) { return (await runKql(conn, q)).columns.map(c => `${c.name}:${c.type}`); }
const sorted = (r: unknown[][]) => r.map(x => JSON.stringify(x)).sort();

test('innerunique (the default) keeps the first left row per key, then joins every right match', async () => {
  const q = `${L}${R} L | join R on k`;
  assert.deepEqual(await names(q), ['k:long', 'lv:string', 'k1:long', 'rv:string']);
  assert.deepEqual(sorted(await rows(q)), sorted([[1, 'a', 1, 'x'], [1, 'a', 1, 'x2'], [null, 'n', null, 'm']]));
});

test('inner joins every pair, and null keys match each other as in Kusto', async () => {
  const r = await rows(`${L}${R} L | join kind=inner R on k | summarize n = count()`);
  assert.deepEqual(r, [[5]]);
});

test('leftouter fills the right side: strings with empty text, other types with null', async () => {
  const r = await rows(`${L}${R} L | join kind=leftouter R on k | where lv == "b"`);
  assert.deepEqual(r, [[2, 'b', null, '']]);
  const c = await rows(`${L}${R} L | join kind=leftouter R on k | summarize n = countif(isnull(rv)), e = countif(isempty(rv))`);
  assert.deepEqual(c, [[0, 1]]);
});

test('rightouter and fullouter keep unmatched rows of each side', async () => {
  assert.deepEqual(await rows(`${L}${R} L | join kind=rightouter R on k | where rv == "z"`), [[null, '', 3, 'z']]);
  const full = await rows(`${L}${R} L | join kind=fullouter R on k | where isnull(k) or isnull(k1) | project lv, rv | order by lv asc, rv asc`);
  assert.deepEqual(full, [['', 'z'], ['b', ''], ['n', 'm']]); // the null keys matched: both k and k1 are null there
});

test('semi and anti joins keep one side, each row once', async () => {
  assert.deepEqual(sorted(await rows(`${L}${R} L | join kind=leftsemi R on k`)), sorted([[1, 'a'], [1, 'a2'], [null, 'n']]));
  assert.deepEqual(await rows(`${L}${R} L | join kind=leftanti R on k`), [[2, 'b']]);
  assert.deepEqual(await rows(`${L}${R} L | join kind=rightanti R on k`), [[3, 'z']]);
  assert.deepEqual(sorted(await rows(`${L}${R} L | join kind=rightsemi R on k`)), sorted([[1, 'x'], [1, 'x2'], [null, 'm']]));
  assert.deepEqual(await names(`${L}${R} L | join kind=anti R on k`), ['k:long', 'lv:string']);
});

test('$left/$right pairs, several keys, and hints that change nothing', async () => {
  const q = 'let A = datatable(a:long, b:string, v:long)[1,"p",10, 1,"q",20]; let B = datatable(x:long, y:string, w:long)[1,"q",5];'
    + ' A | join kind=inner hint.strategy=broadcast B on $left.a == $right.x, $left.b == $right.y';
  assert.deepEqual(await rows(q), [[1, 'q', 20, 1, 'q', 5]]);
  assert.deepEqual(await rows(q.replace(', $left.b', ' and $left.b')), [[1, 'q', 20, 1, 'q', 5]]);
  assert.deepEqual(await rows('let A = datatable(a:long, b:long)[1,1, 1,2]; A | join kind=inner (A) on a, b | count'), [[2]]);
});

test('an empty side gives no rows (inner) or the other side alone (outer)', async () => {
  const E = 'let E = datatable(k:long, rv:string)[];';
  assert.deepEqual(await rows(`${L}${E} L | join kind=inner E on k`), []);
  assert.deepEqual(await rows(`${L}${E} L | join kind=leftouter E on k | count`), [[4]]);
  assert.deepEqual(await rows(`${L}${E} E | join kind=leftouter L on k | count`), [[0]]);
});

test('string keys compare case-sensitively', async () => {
  const q = 'let A = datatable(s:string)["Abc", "abc"]; let B = datatable(s:string)["abc"]; A | join kind=inner B on s';
  assert.deepEqual(await rows(q), [['abc', 'abc']]);
});

test('columns whose names differ only in case stay apart through a join', async () => {
  const q = 'let A = datatable(a:long, A:string)[1,"upper"]; let B = datatable(a:long, Aa:long)[1, 5]; A | join kind=inner B on a | project A, a, a1';
  assert.deepEqual(await rows(q), [['upper', 1, 1]]);
});

test('chained joins name repeated columns k1, k2', async () => {
  const q = 'let A = datatable(k:long, v:long)[1,1]; A | join kind=inner A on k | join kind=inner A on k';
  assert.deepEqual(await names(q), ['k:long', 'v:long', 'k1:long', 'v1:long', 'k2:long', 'v2:long']);
  assert.deepEqual(await rows(q), [[1, 1, 1, 1, 1, 1]]);
});

test('lookup is leftouter by default and does not repeat the right key columns', async () => {
  const q = `${L}${R} L | lookup R on k | where lv == "b"`;
  assert.deepEqual(await names(q), ['k:long', 'lv:string', 'rv:string']);
  assert.deepEqual(await rows(q), [[2, 'b', '']]);
  assert.deepEqual(await rows(`${L}${R} L | lookup kind=inner R on k | count`), [[5]]);
  const pair = 'let A = datatable(id:long, v:string)[1,"p", 2,"q"]; let B = datatable(key:long, v:string)[1,"x"];'
    + ' A | lookup B on $left.id == $right.key | order by id asc';
  assert.deepEqual(await names(pair), ['id:long', 'v:string', 'v1:string']);
  assert.deepEqual(await rows(pair), [[1, 'p', 'x'], [2, 'q', '']]);
});
