/** series_decompose_anomalies: trend (avg, linefit, none), Tukey fences on the residuals, threshold, refusals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../../testing.js';
import { KqlError } from '../../../errors.js';

const { run } = await testStore();
const row = async (q: string) => (await run(q)).rows[0];
const round = (v: unknown) => (v as number[]).map(x => Math.round(x * 1e6) / 1e6);

test('trend none: ctukey fences over the 10th-90th percentiles of the residuals', async () => {
  const [f, s, b] = await row(`print x = dynamic([0,0,0,0,0,0,0,0,0,10]) | extend (f, s, b) = series_decompose_anomalies(x, 1.5, 0, 'none') | project f, s, b`);
  assert.deepEqual(f, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(round(s), [0, 0, 0, 0, 0, 0, 0, 0, 0, 9]);
  assert.deepEqual(b, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const [down] = await row(`print x = dynamic([5,5,5,5,5,5,5,5,5,-5]) | extend (f, s, b) = series_decompose_anomalies(x, 1.5, 0, 'none') | project s`);
  assert.deepEqual(round(down), [0, 0, 0, 0, 0, 0, 0, 0, 0, -9]);
});

test('the default trend is the average; the threshold decides the flag', async () => {
  const [f, s, b] = await row(`print x = dynamic([1,1,1,1,1,1,1,1,1,11]) | extend (f, s, b) = series_decompose_anomalies(x) | project f, s, b`);
  assert.deepEqual(f, [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(round(s), [0, 0, 0, 0, 0, 0, 0, 0, 0, 9]);
  assert.deepEqual(round(b), [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  const [high] = await row(`print x = dynamic([1,1,1,1,1,1,1,1,1,11]) | extend (f, s, b) = series_decompose_anomalies(x, 10.0) | project f`);
  assert.deepEqual(high, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  const [tukey] = await row(`print x = dynamic([0,0,0,0,0,0,0,0,0,10]) | extend (f, s, b) = series_decompose_anomalies(x, 1.5, -1, 'none', 0, 'tukey') | project s`);
  assert.deepEqual(round(tukey), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 'an empty 25th-75th range scores nothing');
});

test('linefit: the baseline is the least-squares line, so a straight series has no anomaly', async () => {
  const [f, b] = await row(`print x = dynamic([2,4,6,8,10,12,14,16,18,20]) | extend (f, s, b) = series_decompose_anomalies(x, 1.5, -1, 'linefit') | project f, b`);
  assert.deepEqual(f, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(round(b), [2, 4, 6, 8, 10, 12, 14, 16, 18, 20]);
  const [spike] = await row(`print x = dynamic([1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,80]) | extend (f, s, b) = series_decompose_anomalies(x, 1.5, -1, 'linefit') | project f`);
  assert.equal((spike as number[])[19], 1);
  assert.equal((spike as number[]).filter(v => v !== 0).length, 1);
});

test('the bare form takes the analyser\'s column names; the hunting form expands the three series', async () => {
  const r = await run(`print x = dynamic([0,0,0,0,0,0,0,0,0,10]) | extend series_decompose_anomalies(x, 1.5, 0, 'none')`);
  assert.deepEqual(r.columns.map(c => c.name), ['x', 'series_decompose_anomalies_x_ad_flag', 'series_decompose_anomalies_x_ad_score', 'series_decompose_anomalies_x_baseline']);
  const h = await run(`range t from 1 to 10 step 1 | extend v = iff(t == 10, 10, 0) | make-series Total = sum(v) on t from 1 to 11 step 1
    | extend (anomalies, score, baseline) = series_decompose_anomalies(Total, 1.5, -1, 'none')
    | mv-expand Total to typeof(double), t to typeof(long), anomalies to typeof(double), score to typeof(double), baseline to typeof(long)
    | where anomalies > 0 | project t, Total, baseline, anomalies, score`);
  assert.deepEqual(h.rows.map(r => r.map(v => Math.round(Number(v) * 1e6) / 1e6)), [[10, 10, 0, 1, 9]]);
});

test('a seasonal period, test points and unknown trends are refused with PK001', async () => {
  for (const args of ['1.5, 24', "1.5, -1, 'median'", "1.5, -1, 'linefit', 3"]) {
    await assert.rejects(run(`print x = dynamic([1,2,3]) | extend (f, s, b) = series_decompose_anomalies(x, ${args})`),
      (e: unknown) => e instanceof KqlError && e.code === 'PK001' && /series_decompose_anomalies/.test(e.message));
  }
});

test('extend with one name: the name takes the flags, the other values keep the analyser\'s names', async () => {
  const r = await run(`print x = dynamic([1,1,1,1,1,1,1,1,1,11]) | extend d = series_decompose_anomalies(x)`);
  assert.deepEqual(r.columns.map(c => c.name), ['x', 'd', 'series_decompose_anomalies_x_ad_score', 'series_decompose_anomalies_x_baseline']);
  assert.deepEqual(r.rows[0][1], [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  assert.deepEqual(r.rows[0][3], [2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
});
