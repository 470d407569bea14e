/** Dynamic functions and aggregates, run for real on an in-memory store. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../../../store/duckdb.js';
import { runKql } from '../../../run.js';

let store: Store;
let conn: DuckDBConnection;
before(async () => { store = await Store.open(); conn = await store.queryConnection(); });
after(() => { conn.closeSync(); store.close(); });

/** The first row of a query, as an object keyed by column name. */
async function row(kql: string): Promise<Record<string, unknown>> {
  const r = await runKql(conn, kql);
  return Object.fromEntries(r.columns.map((c, i) => [c.name, r.rows[0][i]]));
}

test('element access: names, indexes from either end, chained paths, odd keys', async () => {
  const r = await row(`print d = dynamic({"a":[1,[2,3],{"b":4}], "k~/\\"q": 1, "é": "ü"}), k = "a"
    | extend a0 = d.a[0], a11 = d.a[1][1], a2b = d.a[2].b, lst = d.a[-1], odd = d["k~/\\"q"], uni = d["é"],
      miss = d.nope, missIdx = d.a[9], byVar = d[k][0], notArr = d.a[2][0]`);
  assert.deepEqual([r.a0, r.a11, r.a2b, r.lst, r.odd, r.uni], [1, 3, 4, { b: 4 }, 1, 'ü']);
  assert.deepEqual([r.miss, r.missIdx, r.byVar, r.notArr], [null, null, 1, null]);
});

test('parse_json: objects, scalars, invalid text as a string, empty text as null; gettype', async () => {
  const r = await row(`print o = parse_json('{"a": [1, 2]}'), n = todynamic("123"), s = parse_json('"hi"'),
    bad = parse_json("not json"), empty = parse_json("") | extend t = gettype(n), ts = gettype(s), to = gettype(o),
    tb = gettype(bad), text = tostring(o)`);
  assert.deepEqual(r.o, { a: [1, 2] });
  assert.deepEqual([r.n, r.s, r.bad, r.empty], [123, 'hi', 'not json', null]);
  assert.deepEqual([r.t, r.ts, r.to, r.tb], ['long', 'string', 'dictionary', 'string']);
  assert.equal(r.text, '{"a":[1,2]}');
});

test('pack, pack_array and zip embed typed values and nulls', async () => {
  const r = await row(`print p = bag_pack("a", 1, "b", "x", "c", datetime(2020-01-02), "d", 1h, "e", dynamic([1]), "f", real(null)),
    pa = pack_array(1, "a", int(null)), z = zip(dynamic([1,2,3]), dynamic(["a"])), nz = zip(dynamic([1]), parse_json('{}'))`);
  assert.deepEqual(r.p, { a: 1, b: 'x', c: '2020-01-02T00:00:00.0000000Z', d: '01:00:00', e: [1], f: null });
  assert.deepEqual(r.pa, [1, 'a', null]);
  assert.deepEqual(r.z, [[1, 'a'], [2, null], [3, null]]);
  assert.equal(r.nz, null);
});

test('bags: keys, merge (first wins), key removal by name and by JSONPath, has_key', async () => {
  const r = await row(`print b = dynamic({"k1": 123, "k2": {"p1": "abc", "p2": "xyz"}, "k/3": [100]}), e = dynamic({})
    | extend ks = bag_keys(b), ek = bag_keys(e), nk = bag_keys(parse_json('[1]')),
      m = bag_merge(b, dynamic({"k1": 5, "new": 1}), dynamic({"new": 2})),
      r = bag_remove_keys(b, dynamic(["$.k2.p1", "k/3"])), h = bag_has_key(b, "k/3"), h2 = bag_has_key(b, "zz")`);
  assert.deepEqual([r.ks, r.ek, r.nk], [['k1', 'k2', 'k/3'], [], null]);
  assert.deepEqual(r.m, { k1: 123, k2: { p1: 'abc', p2: 'xyz' }, 'k/3': [100], new: 1 });
  assert.deepEqual(r.r, { k1: 123, k2: { p2: 'xyz' } });
  assert.deepEqual([r.h, r.h2], [true, false]);
});

test('arrays: length, concat, slice, reverse, sort, sum, index_of, rotate', async () => {
  const r = await row(`print d = dynamic([5,2,8,1,9,3]), m = parse_json('[3, null, "b", 1, "a"]')
    | extend len = array_length(d), blen = array_length(parse_json('{}')), cc = array_concat(d, parse_json('{}'), dynamic([7])),
      mid = array_slice(d, 2, -2), neg = array_slice(d, -3, -1), big = array_slice(d, 0, 100), none = array_slice(d, 4, 1),
      rev = array_reverse(d), up = array_sort_asc(m), down = array_sort_desc(d), nf = array_sort_asc(m, false),
      s = array_sum(d), sbad = array_sum(m), ix = array_index_of(d, 8), nix = array_index_of(d, 42), rot = array_rotate_left(d, 2)`);
  assert.deepEqual([r.len, r.blen], [6, null]);
  assert.deepEqual(r.cc, [5, 2, 8, 1, 9, 3, 7]);
  assert.deepEqual([r.mid, r.neg, r.big, r.none], [[8, 1, 9], [1, 9, 3], [5, 2, 8, 1, 9, 3], []]);
  assert.deepEqual(r.rev, [3, 9, 1, 8, 2, 5]);
  assert.deepEqual(r.up, [1, 3, 'a', 'b', null]);
  assert.deepEqual(r.nf, [null, 1, 3, 'a', 'b']);
  assert.deepEqual(r.down, [9, 8, 5, 3, 2, 1]);
  assert.deepEqual([r.s, r.sbad, r.ix, r.nix], [28, null, 2, -1]);
  assert.deepEqual(r.rot, [8, 1, 9, 3, 5, 2]);
});

test('sets: has_element is typed, union/intersect/difference keep first-seen order', async () => {
  const r = await row(`print a = dynamic([1,2,2,3]), b = dynamic([3,4,1])
    | extend h = set_has_element(a, 2), hs = set_has_element(a, "2"), u = set_union(a, b), i = set_intersect(a, b),
      d = set_difference(a, b), j = jaccard_index(a, b), hx = set_has_element(dynamic(["x","é"]), "é")`);
  assert.deepEqual([r.h, r.hs, r.hx], [true, false, true]);
  assert.deepEqual([r.u, r.i, r.d], [[1, 2, 3, 4], [1, 3], [2]]);
  assert.equal(r.j, 0.5);
});

test('extract_json and dynamic_to_json', async () => {
  const r = await row(`print e = extract_json("$.a.b[1]", '{"a":{"b":[1,{"c":2}]}}'), e2 = extractjson("$['x y']", '{"x y":"hi"}'),
    n = extract_json("$.n", '{"n":42}', typeof(long)), miss = extract_json("$.zz", "{}"), bad = extract_json("$.a", "nope"),
    j = dynamic_to_json(dynamic({"b":{"z":1,"y":[{"d":1,"c":2}]},"a":"é"}))`);
  assert.deepEqual([r.e, r.e2, r.n, r.miss, r.bad], ['{"c":2}', 'hi', 42, '', '']);
  assert.equal(r.j, '{"a":"é","b":{"y":[{"c":2,"d":1}],"z":1}}');
});

test('aggregates: make_list/make_set (with max size and _if), make_bag, make_list_with_nulls', async () => {
  const r = await row(`range i from 1 to 5 step 1
    | extend d = iff(i % 2 == 0, dynamic({"a": 1}), bag_pack("b", i)), s = iff(i > 2, "x", "")
    | summarize l = make_list(i), l2 = make_list(i, 2), st = make_set(i % 2), li = make_list_if(i, i > 2),
      si = make_set_if(i % 3, i > 1, 2), bg = make_bag(d), bgi = make_bag_if(d, i > 3), ss = make_set(s),
      ln = make_list_with_nulls(iff(i > 3, long(null), i)), ld = make_list(d), dt = make_list(datetime(2020-01-01) + i * 1d, 1)`);
  assert.deepEqual([r.l, r.l2, r.st, r.li, r.si], [[1, 2, 3, 4, 5], [1, 2], [1, 0], [3, 4, 5], [2, 0]]);
  assert.deepEqual(r.bg, { b: 1, a: 1 });
  assert.deepEqual(r.bgi, { a: 1, b: 5 });
  assert.deepEqual(r.ss, ['', 'x']);
  assert.deepEqual(r.ln, [1, 2, 3, null, null]);
  assert.deepEqual(r.ld, [{ b: 1 }, { a: 1 }, { b: 3 }, { a: 1 }, { b: 5 }]);
  assert.deepEqual(r.dt, ['2020-01-02T00:00:00.0000000Z']);
});

test('aggregates over no rows give empty arrays and bags', async () => {
  const r = await row(`range i from 1 to 3 step 1 | where i > 10 | summarize l = make_list(i), s = make_set(i), b = make_bag(pack("a", i))`);
  assert.deepEqual([r.l, r.s, r.b], [[], [], {}]);
});

test('make_list and make_set spread array values; the legacy makelist caps at 128', async () => {
  const r = await row(`datatable(g:long, v:dynamic)[1, dynamic([1, 2]), 1, dynamic([2, 3]), 1, dynamic({"a": 1}), 1, dynamic("s")]
    | summarize l = make_list(v), s = make_set(v)`);
  assert.deepEqual(r.l, [1, 2, 2, 3, { a: 1 }, 's']);
  assert.deepEqual(r.s, [1, 2, 3, { a: 1 }, 's']);
  const legacy = await row(`range i from 1 to 300 step 1 | summarize l = makelist(i), s = makeset(i), n = make_list(i)
    | project ll = array_length(l), ls = array_length(s), ln = array_length(n)`);
  assert.deepEqual([legacy.ll, legacy.ls, legacy.ln], [128, 128, 300]);
});

test('range() builds arrays of numbers, datetimes and timespans', async () => {
  const r = await row(`print a = range(1, 10, 3), b = range(5, 1, -2), c = range(datetime(2020-01-01), datetime(2020-01-01 02:00)),
    e = range(5, 1), f = range(1.5, 2.5, 0.5)`);
  assert.deepEqual(r.a, [1, 4, 7, 10]);
  assert.deepEqual(r.b, [5, 3, 1]);
  assert.deepEqual(r.c, ['2020-01-01T00:00:00.0000000Z', '2020-01-01T01:00:00.0000000Z', '2020-01-01T02:00:00.0000000Z']);
  assert.deepEqual([r.e, r.f], [[], [1.5, 2, 2.5]]);
});

test('array_iff: element-wise choice; scalars apply to every element; other conditions give null', async () => {
  const r = await row('print a = array_iff(dynamic([true, false, 1, 0, "x", null]), dynamic([1, 2, 3, 4, 5, 6]), "no"), e = array_iff(dynamic([]), 1, 2), n = array_iff(dynamic(null), 1, 2)');
  assert.deepEqual(r, { a: [1, 'no', 3, 'no', null, null], e: [], n: null });
});

test('conditionals bring their arms to the result type (case of dynamic and string is a string)', async () => {
  const r = await row('print u = "http://a.com/x" | extend h = case(u contains "//", parse_url(u).Host, u) | extend p = bag_pack(h, 1), t = iff(true, 1, 2.5)');
  assert.deepEqual([r.h, r.p, r.t], ['a.com', { 'a.com': 1 }, 1]);
});
