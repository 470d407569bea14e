/**
 * Aggregate functions with Kusto's results: typed as the analyser says (sum of int is long, avg is real), nulls
 * skipped, sum of nothing is 0 and avg of nothing NaN, long sums wrap around, NaN wins in min/max, stdev and
 * variance of a single value are 0. make_list/make_set/make_bag live with the dynamic family.
 */
import type { Expr, KType } from '../../ir/types.js';
import type { CallExpr, FnEmitter } from './emit.js';
import { SQL_TYPES } from './sql-text.js';
import { DYNAMIC_AGGREGATES, toJsonSql } from './functions/dynamic.js';
import { HLL_AGGREGATES } from './functions/hll.js';

const isReal = (t: KType) => t === 'real' || t === 'decimal';
const INTEGRAL = new Set<KType>(['int', 'long', 'datetime', 'timespan']);
const NAN = `CAST('NaN' AS DOUBLE)`;

/** ` FILTER (WHERE p)` for the *if variants; empty otherwise. */
const where = (p?: string) => (p ? ` FILTER (WHERE ${p})` : '');
const orEmpty = (sql: string, type: KType) => (type === 'string' ? `coalesce(${sql}, '')` : sql);

/** sum: integers add in 128 bits and wrap to a long, as Kusto's overflowing sum does; no values sum to 0. */
function sum(x: string, e: CallExpr, p?: string): string {
  const t = e.args[0].type;
  if (INTEGRAL.has(t)) return `coalesce(kql_wrap64(sum(${x})${where(p)}), 0)`;
  return `CAST(coalesce(sum(${x})${where(p)}, 0) AS ${SQL_TYPES[e.type]})`;
}

/** avg: the (wrapped) sum over the count, so no values give 0/0 = NaN. Datetimes and timespans stay ticks. */
function avg(x: string, e: CallExpr, p?: string): string {
  const t = e.args[0].type;
  if (t === 'datetime' || t === 'timespan') return `CAST(sum(CAST(${x} AS HUGEINT))${where(p)} // count(${x})${where(p)} AS BIGINT)`;
  const total = INTEGRAL.has(t) ? `coalesce(kql_wrap64(sum(${x})${where(p)}), 0)` : `coalesce(sum(${x})${where(p)}, 0)`;
  return `(CAST(${total} AS DOUBLE) / count(${x})${where(p)})`;
}

/** min / max: strings default to ''; any NaN makes a real result NaN (DuckDB would order NaN above all). */
function extreme(fn: 'min' | 'max'): (x: string, e: CallExpr, p?: string) => string {
  return (x, e, p) => {
    const t = e.args[0].type;
    const sql = `${fn}(${x})${where(p)}`;
    if (isReal(t)) return `(CASE WHEN bool_or(isnan(${x}))${where(p)} THEN ${NAN} ELSE ${sql} END)`;
    return orEmpty(sql, e.type);
  };
}

/**
 * stdev / variance over doubles. Non-finite inputs make the result NaN (DuckDB raises an error on them, so they
 * are kept out of its computation); one value or none gives 0.
 */
function spread(fn: string): (x: string, e: CallExpr, p?: string) => string {
  return (x, e, p) => {
    const v = `CAST(${x} AS DOUBLE)`;
    if (!isReal(e.args[0].type)) return `coalesce(${fn}(${v})${where(p)}, 0)`;
    return `(CASE WHEN bool_or(NOT isfinite(${v}))${where(p)} THEN ${NAN}`
      + ` ELSE coalesce(${fn}(CASE WHEN isfinite(${v}) THEN ${v} END)${where(p)}, 0) END)`;
  };
}

/**
 * The value of `v` at the row where `by` is largest (or smallest). Rows with a null `by` lose to any other; when
 * every `by` is null the group's first row answers. A NaN `by` wins both ways, as in Kusto. The value itself may
 * be null (arg_max_null keeps it).
 */
function valueAt(which: 'max' | 'min'): FnEmitter {
  return ([v, by], e) => {
    const byType = e.args[1].type;
    const pick = `arg_${which}_null(${v}, ${by})`;
    const nanRow = isReal(byType) && which === 'min' ? ` WHEN bool_or(isnan(${by})) THEN arg_max_null(${v}, isnan(${by}))` : '';
    return orEmpty(`(CASE WHEN count(${by}) = 0 THEN first(${v})${nanRow} ELSE ${pick} END)`, e.type);
  };
}

/** percentile(x, p): Kusto's nearest-rank percentile (DuckDB's discrete quantile picks the same element). */
const percentile: FnEmitter = ([x, p], e) => `CAST(quantile_disc(${x}, CAST(${p} AS DOUBLE) / 100.0) AS ${SQL_TYPES[e.type]})`;

/**
 * The percentiles of a *_array call as a SQL list of doubles: several constants, or one dynamic array of them
 * (Kusto requires it to be constant, so DuckDB folds the cast).
 */
function percentList(ps: string[], e: CallExpr, from: number): string {
  if (ps.length === 1 && e.args[from].type === 'dynamic') return `CAST(${ps[0]} AS DOUBLE[])`;
  return `[${ps.map(p => `CAST(${p} AS DOUBLE)`).join(', ')}]`;
}

/** A list of typed values as a dynamic array (datetimes and timespans as Kusto writes them in JSON). */
const jsonList = (list: string, t: KType) => `to_json(list_transform(${list}, lambda __v: ${toJsonSql('__v', t)}))`;

/**
 * Weighted nearest-rank percentile: the smallest value whose cumulative weight (values sorted ascending) reaches
 * P% of the total weight, so each value counts as if repeated `weight` times (percentile 0 is the smallest).
 * Rows with a null value or a weight that is null or not positive count for nothing. The sorted (value, weight)
 * list is walked once per percentile; the running weight is a HUGEINT so large bucket counts cannot overflow.
 */
function weightedAt(x: string, w: string, percent: string): string {
  const pairs = `list({'v': ${x}, 'w': CAST(${w} AS HUGEINT)} ORDER BY ${x}) FILTER (WHERE ${x} IS NOT NULL AND ${w} > 0)`;
  const total = `sum(CAST(${w} AS HUGEINT)) FILTER (WHERE ${x} IS NOT NULL AND ${w} > 0)`;
  // Compare cum >= P * W / 100 with the product first: exact for integral P, so P=10 of W=10 is rank 1, not 1.0000001.
  const step = `lambda __acc, __e: CASE WHEN __acc.w > 0 AND __acc.w >= ${percent} * ${total} / 100.0 THEN __acc`
    + ` ELSE {'v': __e.v, 'w': __acc.w + __e.w} END`;
  return `list_reduce(${pairs}, ${step}, {'v': NULL, 'w': CAST(0 AS HUGEINT)}).v`;
}

/** percentilew(x, w, p); the weight must be a whole number (Kusto types it long). */
const percentilew: FnEmitter = ([x, w, p], e) => typed(e, weightedAt(x, w, `CAST(${p} AS DOUBLE)`));

/** percentilesw_array: null when no row counts, as percentiles_array of nothing is. */
const percentileswArray: FnEmitter = ([x, w, ...ps], e) =>
  `(CASE WHEN count(*) FILTER (WHERE ${x} IS NOT NULL AND ${w} > 0) > 0 THEN `
  + `${jsonList(`list_transform(${percentList(ps, e, 2)}, lambda __p: ${weightedAt(x, w, '__p')})`, e.args[0].type)} END)`;

/**
 * covariance (sample) / covariancep (population) over doubles; rows where either side is null are skipped.
 * As with variance, a single pair or none gives 0, and a non-finite value makes the result NaN (DuckDB's covar
 * would answer null for those).
 */
function covariance(fn: 'covar_samp' | 'covar_pop'): FnEmitter {
  return ([x, y, p], e) => {
    const [a, b] = [`CAST(${x} AS DOUBLE)`, `CAST(${y} AS DOUBLE)`];
    const cov = `coalesce(${fn}(${a}, ${b})${where(p)}, 0)`;
    if (!isReal(e.args[0].type) && !isReal(e.args[1].type)) return cov;
    const pair = `${a} IS NOT NULL AND ${b} IS NOT NULL${p ? ` AND (${p})` : ''}`;
    return `(CASE WHEN bool_or(NOT (isfinite(${a}) AND isfinite(${b}))) FILTER (WHERE ${pair}) THEN ${NAN} ELSE ${cov} END)`;
  };
}

const typed = (e: Expr, sql: string) => `CAST(${sql} AS ${SQL_TYPES[e.type]})`;

const BASE_AGGREGATES: Record<string, FnEmitter> = {
  count: args => (args.length ? `count(${args[0]})` : 'count(*)'),
  countif: ([p]) => `count(*) FILTER (WHERE ${p})`,
  dcount: ([a]) => `count(DISTINCT ${a})`,
  dcountif: ([a, p]) => `count(DISTINCT ${a}) FILTER (WHERE ${p})`,
  count_distinct: ([a]) => `count(DISTINCT ${a})`,
  count_distinctif: ([a, p]) => `count(DISTINCT ${a}) FILTER (WHERE ${p})`,
  sum: ([a], e) => sum(a, e),
  sumif: ([a, p], e) => sum(a, e, p),
  avg: ([a], e) => avg(a, e),
  avgif: ([a, p], e) => avg(a, e, p),
  min: ([a], e) => extreme('min')(a, e),
  max: ([a], e) => extreme('max')(a, e),
  minif: ([a, p], e) => extreme('min')(a, e, p),
  maxif: ([a, p], e) => extreme('max')(a, e, p),
  value_at_max: valueAt('max'),
  value_at_min: valueAt('min'),
  take_any: ([a], e) => orEmpty(`any_value(${a})`, e.type),
  any: ([a], e) => orEmpty(`any_value(${a})`, e.type),
  take_anyif: ([a, p], e) => orEmpty(`any_value(${a}) FILTER (WHERE ${p})`, e.type),
  anyif: ([a, p], e) => orEmpty(`any_value(${a}) FILTER (WHERE ${p})`, e.type),
  // One column of a multi-column take_any: first() reads every column from the same (first) row.
  take_any_row: ([a], e) => orEmpty(`first(${a})`, e.type),
  stdev: ([a], e) => spread('stddev_samp')(a, e),
  stdevif: ([a, p], e) => spread('stddev_samp')(a, e, p),
  stdevp: ([a], e) => spread('stddev_pop')(a, e),
  stdevpif: ([a, p], e) => spread('stddev_pop')(a, e, p),
  variance: ([a], e) => spread('var_samp')(a, e),
  varianceif: ([a, p], e) => spread('var_samp')(a, e, p),
  variancep: ([a], e) => spread('var_pop')(a, e),
  variancepif: ([a, p], e) => spread('var_pop')(a, e, p),
  percentile,
  percentiles: percentile,
  percentiles_array: ([x, ...ps], e) =>
    jsonList(`quantile_disc(${x}, list_transform(${percentList(ps, e, 1)}, lambda __p: __p / 100.0))`, e.args[0].type),
  percentilew,
  percentilesw_array: percentileswArray,
  covariance: covariance('covar_samp'),
  covarianceif: covariance('covar_samp'),
  covariancep: covariance('covar_pop'),
  covariancepif: covariance('covar_pop'),
  // Picket's hll is the exact set of distinct values (functions/hll.ts); hll_if is that set over the rows that pass.
  hll_if: ([x, p], e, cx) => DYNAMIC_AGGREGATES.make_set_if([x, p], { ...e, args: e.args.slice(0, 2) }, cx),
  binary_all_and: ([a], e) => typed(e, `bit_and(${a})`),
  binary_all_or: ([a], e) => typed(e, `bit_or(${a})`),
  binary_all_xor: ([a], e) => typed(e, `bit_xor(${a})`),
};

/** Aggregates that build dynamic values (make_list, make_set, make_bag…) live with the dynamic family. */
export const AGGREGATES: Record<string, FnEmitter> = { ...BASE_AGGREGATES, ...DYNAMIC_AGGREGATES, ...HLL_AGGREGATES };
