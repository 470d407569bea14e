/** Series math: element-wise functions, reductions, the FIR filter and series_decompose (docs' examples and edges). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../../testing.js';
import { KqlError } from '../../../errors.js';

const { run } = await testStore();
const row = async (q: string) => (await run(q)).rows[0];
const round = (v: unknown) => (v as (number | null)[]).map(x => (typeof x === 'number' ? Math.round(x * 1e9) / 1e9 : x));

test('element-wise functions: the documented examples; null and non-numeric elements give null', async () => {
  const [abs, sign, log, pow] = await row(`print a = series_abs(dynamic([-6.5, 0, 8.2, null, "x"])), s = series_sign(dynamic([-6, 0, 8])),
    l = series_log(dynamic([1, 2, 3, 0])), p = series_pow(dynamic([1, 2, 3, 4]), dynamic([1, 2, 3, 0.5]))`);
  assert.deepEqual(abs, [6.5, 0, 8.2, null, null]);
  assert.deepEqual(sign, [-1, 0, 1]);
  assert.deepEqual(log, [0, 0.6931471805599453, 1.0986122886681098, '-Infinity']);
  assert.deepEqual(pow, [1, 4, 27, 2]);
  const [shorter, scalar] = await row(`print a = series_pow(dynamic([2, 3]), dynamic([2])), b = series_pow(dynamic([2, 3, null]), 2)`);
  assert.deepEqual(shorter, [4, null]);
  assert.deepEqual(scalar, [4, 9, null]);
});

test('element-wise trigonometry, rounding and exp follow the scalar functions, NaN and infinities included', async () => {
  const r = await row(`print c = series_ceiling(dynamic([1.5, -1.5])), f = series_floor(dynamic([1.5, -1.5])), e = series_exp(dynamic([0, 1000])),
    ac = series_acos(dynamic([1, 2])), as = series_asin(dynamic([1])), at = series_atan(dynamic([1])),
    s = series_sin(dynamic([0, real(+inf)])), co = series_cos(dynamic([0])), t = series_tan(dynamic([0]))`);
  assert.deepEqual(r, [[2, -1], [1, -2], [1, 'Infinity'], [0, 'NaN'], [Math.PI / 2], [Math.PI / 4], [0, 'NaN'], [1], [0]]);
  const [empty, none] = await row(`print a = series_abs(dynamic([])), b = series_abs(dynamic(null))`);
  assert.deepEqual(empty, []);
  assert.equal(none, null);
});

test('magnitude, product and dot product (a number broadcasts; the longer series is truncated)', async () => {
  const [m, p, pNull, mEmpty] = await row(`print m = series_magnitude(dynamic([1, 2, 3, 4])), p = series_product(dynamic([1, 2, 3, 4])),
    pn = series_product(dynamic([2, null, 3])), me = series_magnitude(dynamic([]))`);
  assert.equal(m, 5.477225575051661);
  assert.equal(p, 24);
  assert.equal(pNull, 6);
  assert.equal(mEmpty, null);
  const r = await run(`range x from 1 to 3 step 1 | extend y = x * 2 | extend z = y * 2
    | project d = series_dot_product(pack_array(x, y, z), pack_array(z, y, x)), s = series_dot_product(pack_array(x, y, z), x)`);
  assert.deepEqual(r.rows, [[12, 7], [48, 28], [108, 63]]);
  const [trunc, ignored, empty, none] = await row(`print a = series_dot_product(dynamic([1, 2, 3]), dynamic([4, 5])),
    b = series_dot_product(dynamic([1, "x", 3]), dynamic([2, 2, 2, 2])), c = series_dot_product(dynamic([]), dynamic([1])),
    d = series_dot_product(dynamic(null), dynamic([1]))`);
  assert.deepEqual([trunc, ignored, empty, none], [14, 8, null, null]);
});

test('cosine similarity and Pearson correlation', async () => {
  const r = await run(`datatable(s1:dynamic, s2:dynamic) [dynamic([0.1,0.2,0.1,0.2]), dynamic([0.11,0.2,0.11,0.21]), dynamic([0.1,0.2,0.1,0.2]), dynamic([1,2,3,4])]
    | project c = series_cosine_similarity(s1, s2)`);
  assert.deepEqual(r.rows.map(x => Math.round((x[0] as number) * 1e14) / 1e14), [0.99935343825504, 0.9237604307034]);
  const [given, zero] = await row(`print a = series_cosine_similarity(dynamic([1, 0]), dynamic([1, 1]), 1.0, 2.0), b = series_cosine_similarity(dynamic([0, 0]), dynamic([1, 1]))`);
  assert.equal(given, 0.5);
  assert.equal(zero, 'NaN');
  const [perfect, inverse, lengths, missing] = await row(`print a = series_pearson_correlation(dynamic([1,2,3,4,5]), dynamic([2,4,6,8,10])),
    b = series_pearson_correlation(dynamic([1,2,3]), dynamic([3,2,1])), c = series_pearson_correlation(dynamic([1,2,3]), dynamic([1,2])),
    d = series_pearson_correlation(dynamic([1,null,3]), dynamic([1,2,3]))`);
  assert.deepEqual([perfect, inverse, lengths, missing], [1, -1, null, null]);
});

test('series_fir: normalized moving average, centering, differences and negative coefficients', async () => {
  const [avg, centered, diff, refused, plain] = await row(`print a = series_fir(dynamic([1, 2, 3, 4, 5]), dynamic([1, 1, 1])),
    b = series_fir(dynamic([1, 2, 3, 4, 5]), dynamic([1, 1, 1]), true, true), c = series_fir(dynamic([0, 0, 2, 2, 3]), dynamic([1, -1]), false, false),
    d = series_fir(dynamic([1, 2]), dynamic([1, -1]), true), e = series_fir(dynamic([1, null, 3]), dynamic([1, 1]), false)`);
  assert.deepEqual(round(avg), [0.333333333, 1, 2, 3, 4]);
  assert.deepEqual(centered, [1, 2, 3, 4, 3]);
  assert.deepEqual(diff, [0, 0, 2, 0, 1]);
  assert.equal(refused, null, 'a normalized filter with a negative coefficient gives null');
  assert.deepEqual(plain, [1, 1, 3]);
  await assert.rejects(run(`print a = series_fir(dynamic([1, 2, 3]), dynamic([1, 1]), true, true)`),
    (e: unknown) => e instanceof KqlError && e.code === 'PK001' && /series_fir/.test(e.message));
});

test('series_decompose: trend avg, linefit and none; the analyser names the four series', async () => {
  const [b, s, t, r] = await row(`print x = dynamic([1, 2, 3, 4, 6]) | extend (b, s, t, r) = series_decompose(x) | project b, s, t, r`);
  assert.deepEqual(round(b), [3.2, 3.2, 3.2, 3.2, 3.2]);
  assert.deepEqual(s, [0, 0, 0, 0, 0]);
  assert.deepEqual(round(t), [3.2, 3.2, 3.2, 3.2, 3.2]);
  assert.deepEqual(round(r), [-2.2, -1.2, -0.2, 0.8, 2.8]);
  const [lb, lr] = await row(`print x = dynamic([1, 2, 3, 4, 6]) | extend (b, s, t, r) = series_decompose(x, -1, 'linefit') | project b, r`);
  assert.deepEqual(round(lb), [0.8, 2, 3.2, 4.4, 5.6]);
  assert.deepEqual(round(lr), [0.2, 0, -0.2, -0.4, 0.4]);
  const bare = await run(`print x = dynamic([0, 0, 10]) | extend series_decompose(x, 0, 'none')`);
  assert.deepEqual(bare.columns.map(c => c.name), ['x', 'series_decompose_x_baseline', 'series_decompose_x_seasonal', 'series_decompose_x_trend', 'series_decompose_x_residual']);
  assert.deepEqual(bare.rows[0].slice(1), [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 10]]);
});

test('series_decompose refuses a seasonal period, test points and unknown trends with PK001', async () => {
  for (const args of ['24', "-1, 'median'", "-1, 'avg', 2"]) {
    await assert.rejects(run(`print x = dynamic([1, 2, 3]) | extend (b, s, t, r) = series_decompose(x, ${args})`),
      (e: unknown) => e instanceof KqlError && e.code === 'PK001' && /series_decompose/.test(e.message));
  }
});
