/**
 * Aggregate functions with Kusto's results: typed as the analyser says (sum of int is long, avg is real), nulls
 * skipped, sum of nothing is 0 and avg of nothing NaN, long sums wrap around, NaN wins in min/max, stdev and
 * variance of a single value are 0. make_list/make_set/make_bag live with the dynamic family.
 */
import type { Expr, KType } from '../../ir/types.js';
import type { CallExpr, FnEmitter } from './emit.js';
import { SQL_TYPES } from './sql-text.js';
import { DYNAMIC_AGGREGATES } from './functions/dynamic.js';
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
  percentiles_array: ([x, ...ps]) => `to_json(quantile_disc(${x}, [${ps.map(p => `CAST(${p} AS DOUBLE) / 100.0`).join(', ')}]))`,
  binary_all_and: ([a], e) => typed(e, `bit_and(${a})`),
  binary_all_or: ([a], e) => typed(e, `bit_or(${a})`),
  binary_all_xor: ([a], e) => typed(e, `bit_xor(${a})`),
};

/** Aggregates that build dynamic values (make_list, make_set, make_bag…) live with the dynamic family. */
export const AGGREGATES: Record<string, FnEmitter> = { ...BASE_AGGREGATES, ...DYNAMIC_AGGREGATES, ...HLL_AGGREGATES };
