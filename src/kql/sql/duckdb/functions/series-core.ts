/**
 * Shared pieces of the series functions (series.ts, series-math.ts, series-filters.ts): reading a dynamic array's
 * elements as doubles, writing doubles back as JSON, literal arguments, element-wise pairing and the trend models.
 * Kept apart from series.ts so that the macro list can load series-math.ts without pulling in the emitter.
 */
import type { CallExpr, FnEmitter } from '../emit.js';
import { toJsonSql } from './dynamic.js';

/** The JSON elements of an array (null when it is not one); the cast types a bare `dynamic(null)` literal. */
export const items = (a: string) => `CAST(kql_items(${a}) AS JSON[])`;
/** The elements as doubles. */
export const nums = (a: string) => `list_transform(${items(a)}, __sx -> TRY_CAST(json_extract_string(__sx, '$') AS DOUBLE))`;
/** A double, or a JSON value, as a JSON element: NaN and infinities as Kusto writes them. */
export const dbl = (x: string) => toJsonSql(x, 'real');
export const isNullLit = (e: CallExpr, i: number) => {
  const a = e.args[i];
  return !a || (a.k === 'lit' && a.value === null);
};

/** Applies `body` (over the list `__sl`) to the array's elements once, so the list is read a single time. */
export const withList = (list: string, body: string) => `list_transform([${list}], __sl -> ${body})[1]`;

/**
 * Element-wise arithmetic of two series (or a series and a number): a missing or non-numeric element, or one
 * past the shorter array's end, gives null.
 */
export function elementwise(op: (a: string, b: string) => string, asJson: (x: string) => string = dbl): FnEmitter {
  return (args, e) => {
    const side = (i: number) => (e.args[i].type === 'dynamic' ? nums(args[i]) : null);
    const [l, r] = [side(0), side(1)];
    const at = (list: string | null, raw: string) => (list ? `${list}[__si]` : `CAST(${raw} AS DOUBLE)`);
    const len = l && r ? `greatest(len(${l}), len(${r}))` : `len(${l ?? r})`;
    return `to_json(list_transform(range(1, ${len} + 1), __si -> ${asJson(op(at(l, args[0]), at(r, args[1])))}))`;
  };
}

/** A literal argument's value, or `dflt` when the argument is absent or a null literal; undefined when not a literal. */
export function literal(e: CallExpr, i: number, dflt: string | number): string | number | undefined {
  const a = e.args[i];
  if (!a || (a.k === 'lit' && a.value === null)) return dflt;
  if (a.k === 'lit' && (typeof a.value === 'string' || typeof a.value === 'number' || typeof a.value === 'bigint')) {
    return typeof a.value === 'bigint' ? Number(a.value) : a.value;
  }
  if (a.k === 'call' && a.fn === '-' && a.args.length === 1 && a.args[0].k === 'lit') return -Number(a.args[0].value);
  return undefined;
}

/**
 * The trend of the series `__sl` (missing elements already 0) as a list: its average, its least-squares line over
 * x = 1..n, or 0 (series_decompose and series_decompose_anomalies).
 */
export function trendBaseline(trend: 'avg' | 'linefit' | 'none'): string {
  const line = `list_transform([{'n': len(__sl)::DOUBLE, 'sx': list_sum(list_transform(__sl, (__sx, __si) -> __si::DOUBLE)),
      'sy': list_sum(__sl), 'sxy': list_sum(list_transform(__sl, (__sx, __si) -> __si * __sx)),
      'sxx': list_sum(list_transform(__sl, (__sx, __si) -> (__si * __si)::DOUBLE))}], __sf -> list_transform(
      [coalesce((__sf.n * __sf.sxy - __sf.sx * __sf.sy) / nullif(__sf.n * __sf.sxx - __sf.sx * __sf.sx, 0), 0)],
      __sb -> list_transform(__sl, (__sx, __si) -> (__sf.sy - __sb * __sf.sx) / __sf.n + __sb * __si))[1])[1]`;
  return trend === 'linefit' ? line : trend === 'avg' ? 'list_transform(__sl, __sx -> list_avg(__sl))' : 'list_transform(__sl, __sx -> 0.0)';
}

