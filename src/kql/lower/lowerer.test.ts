// Statements end to end: let (scalars, tables, functions with defaults and tabular parameters), materialize,
// toscalar, invoke, and a real hunting query with joins over stored tables.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SEED_QUERY } from '../../demo/seed-query.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../store/duckdb.js';
import { runKql } from '../run.js';

let store: Store;
let conn: DuckDBConnection;
before(async () => { store = await Store.open(); conn = await store.queryConnection(); });
after(() => { conn.closeSync(); store.close(); });

async function rows(q: string, now?: bigint) { return (await runKql(conn, q, now === undefined ? {} : { now })).rows; }

test('let binds scalars and tables, used several times', async () => {
  const q = 'let n = 2; let D = datatable(a:long)[1, 2, 3]; let big = D | where a >= n; big | join kind=inner big on a | project a, b = a * n';
  assert.deepEqual((await rows(q)).sort(), [[2, 4], [3, 6]]);
});

test('functions take defaults, and several calls use different arguments', async () => {
  const q = 'let f = (x:long, s:string = "q", d:datetime = datetime(2020-01-01)) { strcat(s, x, "@", format_datetime(d, "yyyy")) };'
    + ' print a = f(1), b = f(2, "z"), c = f(3, "y", datetime(2021-05-05))';
  assert.deepEqual(await rows(q), [['q1@2020', 'z2@2020', 'y3@2021']]);
});

test('tabular parameters, nested lets in function bodies, and nested functions', async () => {
  const q = 'let f = (T:(a:long), n:long) { let m = n * 10; T | where a > n | extend b = a + m };'
    + ' let D = datatable(a:long)[1, 2, 3]; f(D, 1) | union f(D, 2) | order by b asc';
  assert.deepEqual(await rows(q), [[2, 12], [3, 13], [3, 23]]);
  const nested = 'let g = (n:long) { let m = n * 2; let h = (k:long) { k + m }; h(1) }; print g(1), g(5)';
  assert.deepEqual(await rows(nested), [[3, 11]]);
});

test('a function sees the names of its declaration, not those of the call', async () => {
  const q = 'let x = 1; let f = () { x }; let g = (x:long) { f() + x }; print g(10)';
  assert.deepEqual(await rows(q), [[11]]);
});

test('invoke passes the piped table as the first parameter', async () => {
  const q = 'let f = (T:(a:long), n:long = 2) { T | where a > n }; let D = datatable(a:long)[1, 2, 3];'
    + ' D | invoke f(0) | summarize c = count() | union (D | invoke f() | summarize c = count()) | order by c asc';
  assert.deepEqual(await rows(q), [[1], [3]]);
});

test('materialize shares one computation between uses; toscalar yields one value', async () => {
  const q = 'let m = materialize(datatable(k:long, v:long)[1,10, 2,20, 2,30] | summarize s = sum(v) by k);'
    + ' let total = toscalar(m | summarize sum(s)); m | join kind=inner m on k | project k, s, share = s * 100 / total | order by k asc';
  assert.deepEqual(await rows(q), [[1, 10, 16], [2, 50, 83]]);
  assert.deepEqual(await rows('let D = datatable(a:long)[]; print x = toscalar(D | summarize max(a))'), [[null]]);
});

test('a let that the query never uses is never lowered', async () => {
  const q = 'let unused = datatable(a:long)[1] | partition by a (take 1); let n = 3; print n';
  assert.deepEqual(await rows(q), [[3]]);
});

test('in and !in take the values of a subquery', async () => {
  const q = 'let D = datatable(a:long, s:string)[1,"x", 2,"y", 3,"z"]; let keep = D | where a > 1 | project s;'
    + ' D | where s in (keep) | project a';
  assert.deepEqual((await rows(q)).sort(), [[2], [3]]);
});

test('the hunting query with two joins returns the passive devices', async () => {
  const hour = 36_000_000_000n;
  const now = 1_700_000_000_0000000n;
  const setup = await store.instance.connect();
  const ctx = (v: string) => `'[["${v}","1.2","2024-01-01"]]'`;
  await setup.run(`INSERT INTO "DeviceTvmSecureConfigurationAssessment" ("DeviceId", "DeviceName", "OSPlatform", "Timestamp", "ConfigurationId", "IsCompliant", "IsApplicable", "Context") VALUES
    ('d1', 'host1', 'Windows10', ${now}, 'scid-2010', true, true, ${ctx('1')}),
    ('d1', 'host1', 'Windows10', ${now}, 'scid-2011', true, true, ${ctx('1.385')}),
    ('d2', 'host2', 'Windows11', ${now}, 'scid-2010', true, true, ${ctx('0')}),
    ('d2', 'host2', 'Windows11', ${now}, 'scid-2011', false, true, ${ctx('1.390')}),
    ('d3', 'host3', 'Windows11', ${now}, 'scid-2011', false, true, NULL)`);
  await setup.run(`INSERT INTO "DeviceInfo" ("Timestamp", "DeviceId", "DeviceName", "OSPlatform") VALUES
    (${now - hour / 2n}, 'd1', 'host1', 'Windows10'), (${now - 2n * hour}, 'd1', 'host1', 'Windows10'),
    (${now - hour / 4n}, 'd2', 'host2', 'Windows11')`);
  setup.closeSync();
  const q = SEED_QUERY;
  const result = await runKql(conn, q, { now });
  const col = (name: string) => result.columns.findIndex(c => c.name === name);
  assert.equal(result.rows.length, 1);
  const [row] = result.rows;
  assert.equal(row[col('DeviceId')], 'd1');
  assert.equal(row[col('AVSigVersion')], '1.385');
  assert.equal(row[col('AVMode')], 'Passive');
  assert.equal(row[col('DeviceName1')], 'host1');
  assert.equal(col('DeviceId1'), -1);
  assert.ok(col('DeviceId2') > 0);
});

test('table("Name") reads the database table of that name, the name a constant or a let-bound string', async () => {
  await conn.run(`INSERT INTO "DeviceInfo" ("Timestamp", "DeviceId", "DeviceName") VALUES (1, 'tbl-1', 'pc-1'), (2, 'tbl-2', 'pc-2')`);
  assert.deepEqual(await rows('table("DeviceInfo") | where DeviceId startswith "tbl-" | summarize n = count()'), [[2]]);
  assert.deepEqual(await rows('let t = "DeviceInfo"; table(t) | where DeviceId == "tbl-2" | project DeviceName'), [['pc-2']]);
  await assert.rejects(rows('table("NoSuchTable") | count'), /does not refer to any known table/);
});

test('table(name) inside a function, the name one of its parameters', async () => {
  const q = `let pick = (name: string, id: string) { table(name) | where DeviceId == id | project DeviceName };
    union pick("DeviceInfo", "tbl-1"), pick("DeviceInfo", "tbl-2") | order by DeviceName asc`;
  assert.deepEqual(await rows(q), [['pc-1'], ['pc-2']]);
});
