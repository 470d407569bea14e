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

const LATENCY = 'datatable(ReqCount:long, LatencyBucket:long)[8,10, 6,20, 3,30, 1,40]';

test('percentilew / percentilesw / percentilesw_array: the documented weighted nearest ranks', async () => {
  const r = await run(`${LATENCY} | summarize percentilesw(LatencyBucket, ReqCount, 50, 75, 99.9), p0 = percentilew(LatencyBucket, ReqCount, 0), p100 = percentilew(LatencyBucket, ReqCount, 100)`);
  assert.deepEqual(r.rows, [[20, 20, 40, 10, 40]]);
  const a = await run(`${LATENCY} | summarize a = percentilesw_array(LatencyBucket, ReqCount, 50, 75, 99.9), d = percentilesw_array(LatencyBucket, ReqCount, dynamic([50, 75, 99.9]))`);
  assert.deepEqual(a.rows, [[[20, 20, 40], [20, 20, 40]]]);
});

test('weighted percentiles: weight 1 matches percentile; null values and non-positive weights count for nothing', async () => {
  const ones = await run('range x from 1 to 10 step 1 | summarize percentilew(x, 1, 10), percentilew(x, 1, 35), percentile(x, 35), percentiles_array(x, dynamic([10, 90]))');
  assert.deepEqual(ones.rows, [[1, 4, 4, [1, 9]]]);
  const skip = await run('datatable(x:long, w:long)[1,1, long(null),5, 3,long(null), 4,0, 5,-2, 6,3] | summarize percentilew(x, w, 25), percentilew(x, w, 26), percentilew(x, w, 100)');
  assert.deepEqual(skip.rows, [[1, 6, 6]]);
  const times = await run('datatable(t:datetime, w:long)[datetime(2020-01-01),1, datetime(2021-01-01),3] | summarize percentilew(t, w, 50), percentilesw_array(t, w, 10, 100)');
  assert.deepEqual(times.rows, [['2021-01-01T00:00:00.0000000Z', ['2020-01-01T00:00:00.0000000Z', '2021-01-01T00:00:00.0000000Z']]]);
  const none = await run('datatable(x:long, w:long)[1,1] | where x > 1 | summarize percentilew(x, w, 50), percentilesw_array(x, w, 50)');
  assert.deepEqual(none.rows, [[null, null]]);
});

const XY = 'datatable(x:real, y:real)[1.0,14.0, 2.0,10.0, 3.0,17.0, 4.0,20.0, 5.0,50.0]';

test('covariance and covariancep: the documented values; the *if forms filter rows', async () => {
  assert.deepEqual((await run(`${XY} | summarize covariance(x, y), covariancep(x, y)`)).rows, [[20.5, 16.4]]);
  const r = await run('range x from 1 to 100 step 1 | extend y = iff(x % 2 == 0, x * 2, x * 3) | summarize covarianceif(x, y, x % 3 == 0), covariancepif(x, y, x % 3 == 0)');
  const [s, p] = r.rows[0] as number[];
  assert.equal(s, 2142);
  assert.ok(Math.abs(p - 2077.09090909091) < 1e-9);
});

test('covariance: pairs with a null are skipped, one pair or none gives 0, a non-finite value gives NaN', async () => {
  const nulls = await run(`${XY} | union (datatable(x:real, y:real)[real(null),3.0, 7.0,real(null)]) | summarize covariance(x, y)`);
  assert.deepEqual(nulls.rows, [[20.5]]);
  assert.deepEqual((await run('datatable(x:real, y:real)[1.0,2.0] | summarize covariance(x, y), covariancep(x, y)')).rows, [[0, 0]]);
  assert.deepEqual((await run('datatable(x:real, y:real)[1.0,2.0] | where x > 1 | summarize covariance(x, y), covariancepif(x, y, true)')).rows, [[0, 0]]);
  const inf = await run('datatable(x:real, y:real)[1.0,2.0, real(inf),3.0, 5.0,real(null)] | summarize covariance(x, y), covariancepif(x, y, x < 2)');
  assert.deepEqual(inf.rows, [['NaN', 0]]);
});

test('hll_if: the distinct values of the rows that pass, as hll builds them', async () => {
  const r = await run('datatable(s:string, t:string)["a","F", "b","F", "a","F", "c","X"] | summarize h = hll_if(s, t == "F"), h2 = hll_if(s, t == "F", 2), all = hll(s) | project h, n = dcount_hll(h), n2 = dcount_hll(h2), m = dcount_hll(hll_merge(h, all))');
  assert.deepEqual(r.rows, [[['a', 'b'], 2, 2, 3]]);
  const none = await run('datatable(s:string)["a"] | summarize h = hll_if(s, false) | project h, n = dcount_hll(h)');
  assert.deepEqual(none.rows, [[[], 0]]);
});
