/** parse, parse-where and parse-kv, run end to end on DuckDB with Kusto's expected values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';
import { countGroups, escapeRegex } from './parse.js';

const { run } = await testStore();

const sorted = (r: unknown[][]) => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
async function rows(kql: string): Promise<unknown[][]> {
  return sorted((await run(kql)).rows);
}

test('simple mode: typed columns, the last string column takes the rest', async () => {
  assert.deepEqual(await rows('print s="a=1;b=2" | parse s with "a=" a:long ";b=" b:long | project a, b'), [[1, 2]]);
  assert.deepEqual(await rows('datatable(s:string)["a###b###c"] | parse s with l:string "###" r:string | project l, r'),
    [['a', 'b###c']]);
  assert.deepEqual(await rows('datatable(s:string)["  spaced  out  text  "] | parse s with "  " a "  " b "  " c | project a, b, c'),
    [['spaced', 'out', 'text  ']]);
});

test('simple mode: no match gives empty strings and nulls, never null strings', async () => {
  assert.deepEqual(await rows('datatable(s:string)["name=al age=3", "garbage"] | parse s with "name=" name " age=" age:int | project name, age'),
    [['', null], ['al', 3]]);
});

test('simple mode: constants are literal text, regex characters included', async () => {
  assert.deepEqual(await rows('print s="x.y(z)[1]+$" | parse s with a "." b "(" c ")[" d:long "]+$" | project a, b, c, d'),
    [['x', 'y', 'z', 1]]);
  assert.deepEqual(await rows('print s="xay" | parse s with a "." b | project a, b'), [['', '']]);
});

test('simple mode is strict: a typed column that does not convert blanks the whole match', async () => {
  assert.deepEqual(await rows('datatable(s:string)["2020-13-45 x", "2021-06-15 y"] | parse s with d:datetime " " tag:string | project d, tag'),
    [['2021-06-15T00:00:00.0000000Z', 'y'], [null, '']]);
});

test('relaxed mode: only the column that does not convert is null', async () => {
  assert.deepEqual(await rows('print s="n=abc m=5" | parse kind=relaxed s with "n=" n:long " m=" m:long | project n, m'), [[null, 5]]);
});

test('regex mode: greedy string columns, user groups, flags', async () => {
  assert.deepEqual(await rows('datatable(s:string)["abc123def"] | parse kind=regex s with letters:string @"\\d+" rest:string | project letters, rest'),
    [['abc12', 'def']]);
  assert.deepEqual(await rows('print s="k: KEY=v1, x" | parse kind=regex s with "(k|j): " * "key=" v:string "," * | project v'), [['']]);
  assert.deepEqual(await rows('print s="k: KEY=v1, x" | parse kind=regex flags=i s with "(k|j): " * "key=" v:string "," * | project v'), [['v1']]);
  assert.deepEqual(await rows('print s="a=1, b=2, c" | parse kind=regex flags=U s with "a=" v:string "," * | project v'), [['1']]);
});

test('unicode text and a non-string source', async () => {
  assert.deepEqual(await rows('print s="café→au lait" | parse s with a "→" b | project a, b'), [['café', 'au lait']]);
  assert.deepEqual(await rows('print n=12345 | parse n with a:long "3" b:long | project a, b'), [[12, 45]]);
});

test('parse-where keeps only the rows that matched', async () => {
  assert.deepEqual(await rows('datatable(s:string)["id=1", "id=x", "nothing"] | parse-where s with "id=" id:long | project id'), [[1]]);
  assert.deepEqual(await rows('datatable(s:string)["a-b", "ab"] | parse-where s with x "-" y | project x, y'), [['a', 'b']]);
});

test('parse-kv: first appearance, trimming, quotes, missing keys', async () => {
  assert.deepEqual(await rows(`print s="a=1, b = two , a=3" | parse-kv s as (a:long, b:string, c:string) with (pair_delimiter=',', kv_delimiter='=') | project a, b, c`),
    [[1, 'two', '']]);
  assert.deepEqual(await rows(`print s="key='x;y';other=2" | parse-kv s as (key:string, other:int) with (pair_delimiter=';', kv_delimiter='=', quote="'") | project key, other`),
    [['x;y', 2]]);
  assert.deepEqual(await rows(`print s="k1==v;[k2=w]" | parse-kv s as (k1:string, k2:string) with (pair_delimiter=';', kv_delimiter='=') | project k1, k2`),
    [['=v', '']]);
});

test('helpers: regex escaping and group counting', () => {
  assert.equal(escapeRegex('a.b*(c)'), 'a\\.b\\*\\(c\\)');
  assert.equal(countGroups('(a)(?:b)[(]\\((?P<n>c)'), 2);
});
