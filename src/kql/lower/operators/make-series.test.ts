// make-series end to end, with the series functions it feeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';

const { run } = await testStore();

test('make-series fills absent bins with the default; from is inclusive, to exclusive', async () => {
  const r = await run(`datatable(t:datetime, v:long, g:string)[ datetime(2021-01-01),10,"a", datetime(2021-01-02),20,"b",
    datetime(2021-01-03),30,"a", datetime(2021-01-03),5,"b", datetime(2021-01-04),99,"a" ]
    | make-series s = sum(v) default = 0, c = count() on t from datetime(2021-01-01) to datetime(2021-01-04) step 1d by g
    | order by g asc`);
  assert.deepEqual(r.columns.map(c => c.name), ['g', 's', 'c', 't']);
  const days = ['2021-01-01T00:00:00.0000000Z', '2021-01-02T00:00:00.0000000Z', '2021-01-03T00:00:00.0000000Z'];
  assert.deepEqual(r.rows, [['a', [10, 0, 30], [1, 0, 1], days], ['b', [0, 20, 5], [0, 1, 1], days]]);
});

test('make-series: defaults are per aggregate; numeric axes; open ranges start at the first bin with data', async () => {
  const r = await run(`datatable(x:long, v:long)[ 1,10, 4,40 ]
    | make-series mn = min(v), av = avg(v) default = real(null) on x from 1 to 6 step 1`);
  assert.deepEqual(r.rows, [[[10, 0, 0, 40, 0], [10, null, null, 40, null], [1, 2, 3, 4, 5]]]);
  const open = await run('datatable(x:long, v:long)[ 3,1, 7,2 ] | make-series s = sum(v) on x step 2');
  assert.deepEqual(open.rows, [[[1, 0, 2], [2, 4, 6]]]);
  const ranged = await run('datatable(x:long, v:long)[ 3,1, 7,2, 8,4 ] | make-series s = sum(v) on x in range(2, 8, 3)');
  assert.deepEqual(ranged.rows, [[[0, 1, 6], [0, 3, 6]]]);
});

test('make-series on empty input: no rows, or a row of defaults with kind=nonempty', async () => {
  const none = await run('datatable(x:long, v:long)[] | make-series s = sum(v) on x from 0 to 3 step 1');
  assert.equal(none.rows.length, 0);
  const one = await run('datatable(x:long, v:long)[] | make-series kind=nonempty s = sum(v) default = 7 on x from 0 to 3 step 1');
  assert.deepEqual(one.rows, [[[7, 7, 7], [0, 1, 2]]]);
});

test('series fill, arithmetic and statistics functions', async () => {
  const r = await run(`print i = dynamic([null, 10, null, 40, null]), s = dynamic([1, 2, 3, 5])
    | project ff = series_fill_forward(i), fb = series_fill_backward(i), fc = series_fill_const(i, 7),
      fl = series_fill_linear(i), fle = series_fill_linear(i, long(null), false), add = series_add(s, s),
      mul = series_multiply(s, 2), tot = series_sum(s), st = series_stats_dynamic(s), fit = series_fit_line_dynamic(s),
      iir = series_iir(s, dynamic([1]), dynamic([1, -1]))`);
  const [ff, fb, fc, fl, fle, add, mul, tot, st, fit, iir] = r.rows[0] as unknown[];
  assert.deepEqual(ff, [null, 10, 10, 40, 40]);
  assert.deepEqual(fb, [10, 10, 40, 40, null]);
  assert.deepEqual(fc, [7, 10, 7, 40, 7]);
  assert.deepEqual(fl, [10, 10, 25, 40, 40]);
  assert.deepEqual(fle, [null, 10, 25, 40, null]);
  assert.deepEqual(add, [2, 4, 6, 10]);
  assert.deepEqual(mul, [2, 4, 6, 10]);
  assert.equal(tot, 11);
  assert.deepEqual(st, { min: 1, min_idx: 0, max: 5, max_idx: 3, avg: 2.75, stdev: Math.sqrt(2.9166666666666665), variance: 2.9166666666666665, sum: 11, len: 4 });
  const f = fit as Record<string, number>;
  assert.equal(f.slope, 1.3);
  assert.equal(f.interception, -0.5);
  assert.deepEqual(iir, [1, 3, 6, 11]);
});

test('series comparisons give arrays of booleans, null where an element is missing', async () => {
  const r = await run('print a = series_greater(dynamic([1, 20, null]), 15), b = series_less_equals(dynamic([1, 2]), dynamic([2, 1]))');
  assert.deepEqual(r.rows, [[[false, true, null], [true, false]]]);
});
