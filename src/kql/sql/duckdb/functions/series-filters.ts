/**
 * Series filters and decomposition: series_fir (finite impulse response) and series_decompose without a seasonal
 * component (the same trend models as series_decompose_anomalies in series.ts).
 */
import type { FnEmitter } from '../emit.js';
import { KqlError } from '../../../errors.js';
import { dbl, isNullLit, literal, nums, trendBaseline, withList } from './series-core.js';

const EVEN_CENTERED = 'Not supported yet: series_fir centered with a filter of even length';

/**
 * series_fir(x, filter, normalize, center): y[i] = Σ_k filter[k]·x[i − k + shift], x being 0 outside the series
 * (and where missing), as series_iir does with a = [1]. Normalizing divides by Σ filter; it defaults to true unless
 * a coefficient is negative, and a normalized filter with a negative coefficient gives null. Centering shifts by
 * (m − 1) / 2 for a filter of odd length m; with an even length the shift is not documented, so it is refused
 * (when compiling if the filter is a literal, else when running).
 */
const fir: FnEmitter = (args, e) => {
  const [f, c] = [e.args[1], e.args[3]];
  if (c?.k === 'lit' && c.value === true && f.k === 'lit' && typeof f.value === 'string') {
    const coeffs: unknown = JSON.parse(f.value);
    if (Array.isArray(coeffs) && coeffs.length % 2 === 0) throw new KqlError('PK001', EVEN_CENTERED, e.span);
  }
  const neg = `coalesce(list_bool_or(list_transform(__sf, __sc -> __sc < 0)), FALSE)`;
  const norm = e.args[2] && !isNullLit(e, 2) ? `coalesce(CAST(${args[2]} AS BOOLEAN), NOT ${neg})` : `(NOT ${neg})`;
  const center = e.args[3] && !isNullLit(e, 3) ? `coalesce(CAST(${args[3]} AS BOOLEAN), FALSE)` : 'FALSE';
  const shift = `CASE WHEN ${center} THEN (len(__sf) - 1) // 2 ELSE 0 END`;
  const xAt = `list_transform([__si - __sk + ${shift}], __sj -> CASE WHEN __sj BETWEEN 1 AND len(__sl) THEN __sl[__sj] ELSE 0.0 END)[1]`;
  const y = `list_sum(list_transform(range(0, len(__sf)), __sk -> __sf[__sk + 1] * ${xAt}))`;
  const out = `to_json(list_transform(range(1, len(__sl) + 1), __si -> ${dbl(`(${y} / CASE WHEN ${norm} THEN list_sum(__sf) ELSE 1.0 END)`)}))`;
  const body = `CASE WHEN ${norm} AND ${neg} THEN NULL
    WHEN ${center} AND len(__sf) % 2 = 0 THEN error('${EVEN_CENTERED}')
    ELSE ${out} END`;
  const filter = `list_transform(${nums(args[1])}, __sx -> coalesce(__sx, 0.0))`;
  return withList(`list_transform(${nums(args[0])}, __sx -> coalesce(__sx, 0.0))`, `list_transform([${filter}], __sf -> ${body})[1]`);
};

/**
 * series_decompose(x, seasonality=-1, trend='avg', test_points=0, seasonality_threshold=0.6): the trend is the
 * series' average, its least-squares line, or 0; the seasonal component is 0; the baseline is their sum and the
 * residual x − baseline. Missing elements count as 0. As for series_decompose_anomalies, an explicit period and test
 * points are refused and autodetection (-1) finds no period. Returns [baseline, seasonal, trend, residual].
 */
const decompose: FnEmitter = (args, e) => {
  const season = literal(e, 1, -1);
  if (season !== -1 && season !== 0) throw new KqlError('PK001', 'Not supported yet: series_decompose with a seasonal period (only -1 or 0, no seasonal component)', e.span);
  const trend = literal(e, 2, 'avg');
  if (trend !== 'avg' && trend !== 'linefit' && trend !== 'none') throw new KqlError('PK001', `Not supported yet: series_decompose with trend ${String(trend)} (avg, linefit or none)`, e.span);
  if (literal(e, 3, 0) !== 0) throw new KqlError('PK001', 'Not supported yet: series_decompose with test points', e.span);
  const json = (l: string) => `to_json(list_transform(${l}, __sv -> ${dbl('__sv')}))`;
  const body = `CASE WHEN len(__sl) = 0 THEN json('[[],[],[],[]]') ELSE list_transform([${trendBaseline(trend)}], __sbl -> json_array(
    ${json('__sbl')}, ${json('list_transform(__sl, __sx -> 0.0)')}, ${json('__sbl')},
    ${json('list_transform(__sl, (__sx, __si) -> __sx - __sbl[__si])')}))[1] END`;
  return withList(`list_transform(${nums(args[0])}, __sx -> coalesce(__sx, 0.0))`, body);
};

export const SERIES_FILTERS: Record<string, FnEmitter> = {
  series_fir: fir,
  series_decompose: decompose,
};
