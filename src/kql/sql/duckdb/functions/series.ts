/**
 * Series: the helpers make-series plans into (`__ms_*`), and the series functions over dynamic numeric arrays
 * (fill, element-wise arithmetic, statistics, line fit, IIR filter). Arrays are JSON; elements are read as DOUBLE
 * (null, or not a number, reads as null). Lambda parameters carry a `__s` prefix so that they never capture a
 * column of the query.
 */
import type { KType } from '../../../ir/types.js';
import type { CallExpr, FnEmitter } from '../emit.js';
import { toJsonSql } from './dynamic.js';
import { dbl, elementwise, isNullLit, items, literal, nums, trendBaseline, withList } from './series-core.js';
import { SCAN_FUNCTIONS } from './scan-run.js';
import { KqlError } from '../../../errors.js';

const INTEGRAL = new Set<KType>(['int', 'long', 'datetime', 'timespan']);
/** Kusto caps series at 2^20 elements. */
const MAX_LEN = 1048576;

/** A JSON element that counts as missing: null, or equal to the placeholder when one is given. */
function missing(x: string, args: string[], e: CallExpr, at: number): string {
  const base = `(${x} IS NULL OR json_type(${x}) = 'NULL')`;
  if (isNullLit(e, at)) return base;
  return `(${base} OR TRY_CAST(json_extract_string(${x}, '$') AS DOUBLE) = CAST(${args[at]} AS DOUBLE))`;
}

/** Fill forward/backward: a missing element takes the nearest present one before (after) it; edges stay. */
function fill(dir: 'forward' | 'backward'): FnEmitter {
  return (args, e) => {
    const miss = (x: string) => missing(x, args, e, 1);
    const near = dir === 'forward'
      ? `list_max(list_filter(range(1, __si + 1), __sj -> NOT ${miss('__sl[__sj]')}))`
      : `list_min(list_filter(range(__si, len(__sl) + 1), __sj -> NOT ${miss('__sl[__sj]')}))`;
    return `to_json(${withList(items(args[0]), `list_transform(__sl, (__sx, __si) -> CASE WHEN NOT ${miss('__sx')} THEN __sx ELSE coalesce(__sl[${near}], __sx) END)`)})`;
  };
}

/**
 * Linear interpolation of missing elements between the nearest present ones; edges take the nearest present
 * value (unless fill_edges is false); an array with nothing present takes the constant (0 by default). Arrays of
 * integers stay integers (the interpolated value truncated).
 */
const fillLinear: FnEmitter = (args, e) => {
  const miss = (x: string) => missing(x, args, e, 1);
  const edges = args[2] ?? 'TRUE';
  const constant = e.args[3] ? toJsonSql(args[3], e.args[3].type) : `CAST('0' AS JSON)`;
  const num = (x: string) => `TRY_CAST(json_extract_string(${x}, '$') AS DOUBLE)`;
  const prev = `list_max(list_filter(range(1, __si), __sj -> NOT ${miss('__sl[__sj]')}))`;
  const next = `list_min(list_filter(range(__si + 1, len(__sl) + 1), __sj -> NOT ${miss('__sl[__sj]')}))`;
  const ints = `list_bool_and(list_transform(__sl, __sy -> ${miss('__sy')} OR json_type(__sy) IN ('BIGINT', 'UBIGINT')))`;
  const interp = (p: string, q: string) =>
    `(${num(`__sl[${p}]`)} + (${num(`__sl[${q}]`)} - ${num(`__sl[${p}]`)}) * (__si - ${p}) / (${q} - ${p}))`;
  const value = `list_transform([[${prev}, ${next}]], __sn -> CASE
      WHEN __sn[1] IS NOT NULL AND __sn[2] IS NOT NULL THEN CASE WHEN ${ints} THEN to_json(CAST(trunc(${interp('__sn[1]', '__sn[2]')}) AS BIGINT)) ELSE ${dbl(interp('__sn[1]', '__sn[2]'))} END
      WHEN NOT (${edges}) THEN __sx
      WHEN __sn[1] IS NOT NULL THEN __sl[__sn[1]]
      WHEN __sn[2] IS NOT NULL THEN __sl[__sn[2]]
      ELSE ${constant} END)[1]`;
  const body = `list_transform(__sl, (__sx, __si) -> CASE WHEN NOT ${miss('__sx')} THEN __sx ELSE ${value} END)`;
  return `to_json(${withList(items(args[0]), body)})`;
};

const fillConst: FnEmitter = (args, e) => {
  const miss = (x: string) => missing(x, args, e, 2);
  const c = toJsonSql(args[1], e.args[1].type);
  return `to_json(list_transform(${items(args[0])}, __sx -> CASE WHEN ${miss('__sx')} THEN CAST(${c} AS JSON) ELSE __sx END))`;
};

/** The statistics of a series' numeric elements, as a bag (series_stats_dynamic; series_stats' columns). */
const stats: FnEmitter = ([a]) => withList(nums(a), `CASE WHEN __sl IS NULL THEN NULL ELSE json_object(
    'min', ${dbl('list_min(__sl)')}, 'min_idx', list_position(__sl, list_min(__sl)) - 1,
    'max', ${dbl('list_max(__sl)')}, 'max_idx', list_position(__sl, list_max(__sl)) - 1,
    'avg', ${dbl('list_avg(__sl)')},
    'stdev', ${dbl('coalesce(list_stddev_samp(list_filter(__sl, __sx -> __sx IS NOT NULL)), 0)')},
    'variance', ${dbl('coalesce(list_var_samp(list_filter(__sl, __sx -> __sx IS NOT NULL)), 0)')},
    'sum', ${dbl('list_sum(__sl)')}, 'len', len(__sl)) END`);

/**
 * Least-squares line over x = 1..n: rsquare, slope, variance (of the series), rvariance (of the residuals),
 * interception and the fitted line.
 */
const fitLine: FnEmitter = ([a]) => {
  const fit = `list_transform([{'n': len(__sl), 'sx': list_sum(list_transform(__sl, (__sx, __si) -> __si::DOUBLE)),
      'sy': list_sum(__sl), 'sxy': list_sum(list_transform(__sl, (__sx, __si) -> __si * __sx)),
      'sxx': list_sum(list_transform(__sl, (__sx, __si) -> (__si * __si)::DOUBLE))}], __sf -> list_transform([
      (__sf.n * __sf.sxy - __sf.sx * __sf.sy) / nullif(__sf.n * __sf.sxx - __sf.sx * __sf.sx, 0)], __sb ->
      {'slope': __sb, 'icept': (__sf.sy - __sb * __sf.sx) / __sf.n})[1])[1]`;
  const body = `list_transform([${fit}], __sk -> list_transform([list_transform(__sl, (__sx, __si) -> __sk.icept + __sk.slope * __si)], __sline ->
      list_transform([{'ss': list_sum(list_transform(__sl, __sx -> (__sx - list_avg(__sl)) ^ 2)),
        'rs': list_sum(list_transform(__sl, (__sx, __si) -> (__sx - __sline[__si]) ^ 2))}], __sv -> json_object(
        'rsquare', ${dbl('CASE WHEN __sv.ss = 0 THEN 1.0 ELSE 1 - __sv.rs / __sv.ss END')}, 'slope', ${dbl('coalesce(__sk.slope, 0)')},
        'variance', ${dbl('coalesce(list_var_samp(__sl), 0)')}, 'rvariance', ${dbl('__sv.rs / nullif(len(__sl) - 1, 0)')},
        'interception', ${dbl('__sk.icept')}, 'line_fit', to_json(list_transform(__sline, __sx -> ${dbl('__sx')}))))[1])[1])[1]`;
  return withList(`list_transform(${nums(a)}, __sx -> coalesce(__sx, 0))`, `CASE WHEN len(__sl) = 0 THEN NULL ELSE ${body} END`);
};

/**
 * series_iir(x, b, a): y[n] = (Σ b[k]·x[n-k] − Σ_{k≥1} a[k]·y[n-k]) / a[0], run element by element with
 * list_reduce (the accumulator is the output so far).
 */
const iir: FnEmitter = ([x, b, a]) => {
  const xs = `list_transform(${nums(x)}, __sx -> coalesce(__sx, 0))`;
  const bs = nums(b);
  const as = nums(a);
  const yAt = (n: string, acc: string) => `((list_sum(list_transform(range(0, least(${n} + 1, len(__sb))), __sk -> __sb[__sk + 1] * __sl[${n} - __sk + 1]))
      - coalesce(list_sum(list_transform(range(1, least(${n} + 1, len(__sa))), __sk -> __sa[__sk + 1] * ${acc}[${n} - __sk + 1])), 0)) / __sa[1])`;
  const run = `CASE WHEN len(__sl) = 0 THEN []::DOUBLE[] ELSE list_reduce(list_transform(range(0, len(__sl)),
      __si -> CASE WHEN __si = 0 THEN [${yAt('0', '__sl')}] ELSE [0.0] END), (__sacc, __se) -> list_append(__sacc, ${yAt('len(__sacc)', '__sacc')})) END`;
  const body = `list_transform([${bs}], __sb -> list_transform([${as}], __sa -> to_json(list_transform(${run}, __sy -> ${dbl('__sy')})))[1])[1]`;
  return withList(xs, body);
};

/** ceil((end - start) / step) bins ([start, end)), or floor(…) + 1 when the end is inclusive; 0 to 2^20. */
const msCount: FnEmitter = ([start, end, step], e) => {
  const inclusive = e.args[3]?.k === 'lit' && e.args[3].value === true;
  const integral = INTEGRAL.has(e.args[0].type) && INTEGRAL.has(e.args[2].type);
  const d = `(${end}) - (${start})`;
  const n = integral
    ? inclusive ? `kql_floordiv(${d}, ${step}) + 1` : `-kql_floordiv(-(${d}), ${step})`
    : inclusive ? `CAST(floor((${d}) / (${step})) AS BIGINT) + 1` : `CAST(ceil((${d}) / (${step})) AS BIGINT)`;
  return `(CASE WHEN (${step}) > 0 THEN least(greatest(${n}, 0), ${MAX_LEN}) END)`;
};

/** Builds the dense array from {b: bin, v: value} pairs: element i is the bin start + i·step, else the default. */
const msDense: FnEmitter = ([pairs, start, step, n, dflt], e) => {
  const integral = INTEGRAL.has(e.args[1].type) && INTEGRAL.has(e.args[2].type);
  const idx = integral
    ? `CAST((CAST(json_extract_string(__sp, '$.b') AS BIGINT) - (${start})) // (${step}) AS BIGINT)`
    : `CAST(round((CAST(json_extract_string(__sp, '$.b') AS DOUBLE) - (${start})) / (${step})) AS BIGINT)`;
  const map = `map_from_entries(list_transform(coalesce(${items(pairs)}, []), __sp -> {'k': ${idx}, 'v': json_extract(__sp, '$.v')}))`;
  const d = `CAST(${toJsonSql(dflt, e.args[4].type)} AS JSON)`;
  return `to_json(list_transform([${map}], __sm -> list_transform(range(0, ${n}), __si -> coalesce(map_extract_value(__sm, __si), ${d})))[1])`;
};

/**
 * series_decompose_anomalies(x, threshold=1.5, seasonality=-1, trend='avg', test_points=0, ad_method='ctukey'):
 * the baseline is the trend (the series' average, its least-squares line, or 0); the residuals (x − baseline) are
 * scored by Tukey's fences over their 10th–90th (ctukey) or 25th–75th (tukey) percentiles, linearly interpolated:
 * (r − P_hi) / (P_hi − P_lo) above the range, (r − P_lo) / (P_hi − P_lo) below it, else 0 (and 0 everywhere when
 * the range is empty); the flag is 1 / -1 where the score passes ±threshold. Missing elements count as 0.
 * Seasonality is not extracted: an explicit period and test points are refused, and autodetection (-1) finds none.
 * Returns the tuple as a JSON array [ad_flag, ad_score, baseline].
 */
const decomposeAnomalies: FnEmitter = (args, e) => {
  const season = literal(e, 2, -1);
  if (season !== -1 && season !== 0) throw new KqlError('PK001', 'Not supported yet: series_decompose_anomalies with a seasonal period (only -1 or 0, no seasonal component)', e.span);
  const trend = literal(e, 3, 'avg');
  if (trend !== 'avg' && trend !== 'linefit' && trend !== 'none') throw new KqlError('PK001', `Not supported yet: series_decompose_anomalies with trend ${String(trend)} (avg, linefit or none)`, e.span);
  const testPoints = literal(e, 4, 0);
  if (testPoints !== 0) throw new KqlError('PK001', 'Not supported yet: series_decompose_anomalies with test points', e.span);
  const method = literal(e, 5, 'ctukey');
  if (method !== 'ctukey' && method !== 'tukey') throw new KqlError('PK001', `Not supported yet: series_decompose_anomalies with the method ${String(method)} (ctukey or tukey)`, e.span);
  const [lo, hi] = method === 'tukey' ? [0.25, 0.75] : [0.1, 0.9];
  const threshold = e.args[1] && !isNullLit(e, 1) ? `CAST(${args[1]} AS DOUBLE)` : '1.5';
  const baseline = trendBaseline(trend);
  const score = `CASE WHEN __sq.hi - __sq.lo <= 1e-9 * (1 + __sq.mag) THEN 0.0 WHEN __sr > __sq.hi THEN (__sr - __sq.hi) / (__sq.hi - __sq.lo)
      WHEN __sr < __sq.lo THEN (__sr - __sq.lo) / (__sq.hi - __sq.lo) ELSE 0.0 END`;
  const body = `CASE WHEN len(__sl) = 0 THEN json('[[],[],[]]') ELSE list_transform([${baseline}], __sbl -> list_transform(
      [list_transform(__sl, (__sx, __si) -> __sx - __sbl[__si])], __srs -> list_transform([{'lo': list_aggregate(__srs, 'quantile_cont', ${lo}),
        'hi': list_aggregate(__srs, 'quantile_cont', ${hi}), 'mag': list_max(list_transform(__sl, __sx -> abs(__sx)))}], __sq ->
        list_transform([list_transform(__srs, __sr -> ${score})], __ssc -> json_array(
          to_json(list_transform(__ssc, __sv -> CASE WHEN __sv > ${threshold} THEN 1 WHEN __sv < -(${threshold}) THEN -1 ELSE 0 END)),
          to_json(list_transform(__ssc, __sv -> ${dbl('__sv')})), to_json(list_transform(__sbl, __sv -> ${dbl('__sv')}))))[1])[1])[1])[1] END`;
  return withList(`list_transform(${nums(args[0])}, __sx -> coalesce(__sx, 0))`, body);
};

export const SERIES: Record<string, FnEmitter> = {
  series_decompose_anomalies: decomposeAnomalies,
  __ms_pair: ([bin, v], e) => `json_object('b', ${bin}, 'v', ${toJsonSql(v, e.args[1].type)})`,
  __ms_count: msCount,
  __ms_dense: msDense,
  __ms_axis: ([start, step, n], e) => `to_json(list_transform(range(0, ${n}), __si -> ${toJsonSql(`((${start}) + __si * (${step}))`, e.args[0].type)}))`,
  series_fill_forward: fill('forward'),
  series_fill_backward: fill('backward'),
  series_fill_const: fillConst,
  series_fill_linear: fillLinear,
  series_add: elementwise((a, b) => `(${a} + ${b})`),
  series_subtract: elementwise((a, b) => `(${a} - ${b})`),
  series_multiply: elementwise((a, b) => `(${a} * ${b})`),
  series_divide: elementwise((a, b) => `(${a} / ${b})`),
  series_greater: elementwise((a, b) => `(${a} > ${b})`, x => `to_json(${x})`),
  series_greater_equals: elementwise((a, b) => `(${a} >= ${b})`, x => `to_json(${x})`),
  series_less: elementwise((a, b) => `(${a} < ${b})`, x => `to_json(${x})`),
  series_less_equals: elementwise((a, b) => `(${a} <= ${b})`, x => `to_json(${x})`),
  series_equals: elementwise((a, b) => `(${a} = ${b})`, x => `to_json(${x})`),
  series_not_equals: elementwise((a, b) => `(${a} <> ${b})`, x => `to_json(${x})`),
  series_sum: ([a]) => `list_sum(${nums(a)})`,
  series_stats_dynamic: stats,
  series_stats: stats,
  series_fit_line_dynamic: fitLine,
  series_fit_line: fitLine,
  series_iir: iir,
  ...SCAN_FUNCTIONS,
  /** A random sort key (the sample operator). */
  __sample_key: () => 'random()',
};
