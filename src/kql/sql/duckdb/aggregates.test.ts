/** Aggregates and summarize, run end to end on DuckDB with Kusto's expected values. */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../../store/duckdb.js';
import { runKql } from '../../run.js';

const store = await Store.open();
const conn = await store.queryConnection();
after(() => { conn.closeSync(); store.close(); });

async function run(kql: string) {
  return runKql(conn, kql);
}

const sorted = (r: unknown[][]) => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

test('summarize without by over empty input gives one row: 0 counts and sums, NaN averages, null extremes', async () => {
  const r = await run('datatable(x:long)[1,2,3] | where x > 5 | summarize c=count(), s=sum(x), a=avg(x), mn=min(x), st=stdev(x), dc=dcount(x), ci=countif(x > 1)');
  assert.deepEqual(r.rows, [[0, 0, 'NaN', null, 0, 0, 0]]);
  assert.deepEqual((await run('datatable(x:long)[1] | where x > 5 | summarize count() by x')).rows, []);
});

test('result types: sum of int is long, avg is real, count is long', async () => {
  const r = await run('datatable(x:int)[2147483647, 2147483647] | summarize s=sum(x), a=avg(x), c=count()');
  assert.deepEqual(r.columns.map(c => c.type), ['long', 'real', 'long']);
  assert.deepEqual(r.rows, [[4294967294, 2147483647, 2]]);
});

test('long sums wrap around; avg of longs divides the wrapped sum', async () => {
  const r = await run('datatable(v:long)[ 9223372036854775807, 1, 2 ] | summarize sum(v), max(v), min(v), avg(v)');
  assert.deepEqual(r.rows, [[-9223372036854775806, 9223372036854775807, 1, -3074457345618258400]]);
});

test('nulls are skipped; all-null groups sum to 0 and average to NaN', async () => {
  const r = await run('datatable(g:string, x:long)[ "a",long(null), "a",long(null), "b",3 ] | summarize av=avg(x), s=sum(x), mn=min(x), n=count() by g');
  assert.deepEqual(sorted(r.rows), [['a', 'NaN', 0, null, 2], ['b', 3, 3, 3, 1]]);
});

test('the *if variants', async () => {
  const r = await run('datatable(v:long)[ 1,2,3,4,5 ] | summarize a=avgif(v, true), b=avgif(v, false), c=sumif(v, v > 3), d=countif(v % 2 == 0), e=minif(v, v > 1), f=maxif(v, false), g=dcountif(v, v < 3)');
  assert.deepEqual(r.rows, [[3, 'NaN', 9, 2, 2, null, 2]]);
});

test('NaN wins in min, max and sum of reals; stdev of a single value is 0', async () => {
  const r = await run('datatable(k:long, v:real)[ 1,1.5, 1,real(nan), 1,2.5, 2,4.0 ] | summarize mx=max(v), mn=min(v), s=sum(v), sd=stdev(v), va=variance(v) by k');
  assert.deepEqual(sorted(r.rows), [[1, 'NaN', 'NaN', 'NaN', 'NaN', 'NaN'], [2, 4, 4, 4, 0, 0]]);
  const inf = await run('datatable(v:real)[ real(+inf), real(-inf), 1.5 ] | summarize s=sum(v), mx=max(v), mn=min(v), st=stdev(v)');
  assert.deepEqual(inf.rows, [['NaN', 'Infinity', '-Infinity', 'NaN']]);
});

test('stdev, stdevp, variance, variancep', async () => {
  const r = await run('datatable(x:real)[ 1.0, 2.0, 3.0, 4.0, 5.0, 6.0 ] | summarize stdev(x), stdevp(x), variance(x), variancep(x), varianceif(x, x > 3)');
  const [sd, sdp, va, vap, vif] = r.rows[0] as number[];
  assert.ok(Math.abs(sd - 1.8708286933869707) < 1e-12);
  assert.ok(Math.abs(sdp - Math.sqrt(35 / 12)) < 1e-12);
  assert.equal(va, 3.5);
  assert.ok(Math.abs(vap - 2.9166666666666665) < 1e-12);
  assert.equal(vif, 1);
});

test('arg_max / arg_min with explicit columns, with *, named, and with null or NaN keys', async () => {
  const r = await run('datatable(d:datetime, v:long)[ datetime(2020-01-01),5, datetime(2020-01-01),3, datetime(2020-02-01),7 ] | summarize amx=arg_max(v, d), amn=arg_min(v, d), maxd=max(d)');
  assert.deepEqual(r.columns.map(c => c.name), ['amx', 'd', 'amn', 'd1', 'maxd']);
  assert.deepEqual(r.rows, [[7, '2020-02-01T00:00:00.0000000Z', 3, '2020-01-01T00:00:00.0000000Z', '2020-02-01T00:00:00.0000000Z']]);
  const star = await run('datatable(g:string, v:long, s:string)[ "a",10,"x", "a",20,"y", "b",30,"z" ] | summarize arg_max(v, *) by g');
  assert.deepEqual(sorted(star.rows), [['a', 20, 'y'], ['b', 30, 'z']]);
  const named = await run('datatable(g:string, v:long)[ "a",10, "a",20, "b",30 ] | summarize amx=arg_max(v, *) by g');
  assert.deepEqual(sorted(named.rows), [['a', 20], ['b', 30]]);
  const nulls = await run('datatable(g:string, x:long)[ "a",long(null), "b",long(null) ] | summarize arg=arg_max(x, g) by g');
  assert.deepEqual(sorted(nulls.rows), [['a', null, 'a'], ['b', null, 'b']]);
  const nan = await run('datatable(k:long, v:real, w:real)[ 1,real(nan),10.0, 1,2.0,20.0, 2,real(inf),5.0, 2,3.0,real(nan) ] | summarize amx=arg_max(v, w), amn=arg_min(v, w) by k');
  assert.deepEqual(sorted(nan.rows), [[1, 'NaN', 10, 'NaN', 10], [2, 'Infinity', 5, 3, 'NaN']]);
});

test('percentile and percentiles (one column per percentile), take_any of several columns', async () => {
  const r = await run('range x from 1 to 10 step 1 | summarize percentile(x, 50), percentiles(x, 10, 90)');
  assert.deepEqual(r.columns.map(c => c.name), ['percentile_x_50', 'percentile_x_10', 'percentile_x_90']);
  assert.deepEqual(r.rows, [[5, 1, 9]]);
  const t = await run('datatable(x:long, y:string)[1,"a"] | summarize (a, b) = take_any(x, y)');
  assert.deepEqual(t.rows, [[1, 'a']]);
});

test('summarize by bin() and by computed keys', async () => {
  const r = await run('datatable(x:long)[1, 2, 11, 12, 25] | summarize c=count(), s=sum(x) by b=bin(x, 10)');
  assert.deepEqual(sorted(r.rows), [[0, 2, 3], [10, 2, 23], [20, 1, 25]]);
  const c = await run('datatable(x:long)[1, 2, 3] | count');
  assert.deepEqual(c.rows, [[3]]);
});
