/** Aggregate functions with Kusto's result types (sum of long is long; count is long; sets are JSON arrays). */
import type { FnEmitter } from './emit.js';
import { SQL_TYPES } from './sql-text.js';

const typed = (fn: string): FnEmitter => ([a], e) => `CAST(${fn}(${a}) AS ${SQL_TYPES[e.type]})`;
const typedIf = (fn: string): FnEmitter => ([a, p], e) => `CAST(${fn}(${a}) FILTER (WHERE ${p}) AS ${SQL_TYPES[e.type]})`;
const orEmpty = (sql: string, type: string) => (type === 'string' ? `coalesce(${sql}, '')` : sql);

import { DYNAMIC_AGGREGATES } from './functions/dynamic.js';

const BASE_AGGREGATES: Record<string, FnEmitter> = {
  count: args => (args.length ? `count(${args[0]})` : 'count(*)'),
  countif: ([p]) => `count_if(${p})`,
  dcount: ([a]) => `count(DISTINCT ${a})`,
  dcountif: ([a, p]) => `count(DISTINCT ${a}) FILTER (WHERE ${p})`,
  sum: typed('sum'),
  sumif: typedIf('sum'),
  avg: ([a]) => `avg(${a})`,
  avgif: ([a, p]) => `avg(${a}) FILTER (WHERE ${p})`,
  min: ([a], e) => orEmpty(`min(${a})`, e.type),
  max: ([a], e) => orEmpty(`max(${a})`, e.type),
  minif: ([a, p], e) => orEmpty(`min(${a}) FILTER (WHERE ${p})`, e.type),
  maxif: ([a, p], e) => orEmpty(`max(${a}) FILTER (WHERE ${p})`, e.type),
  value_at_max: ([v, by], e) => orEmpty(`arg_max(${v}, ${by})`, e.type),
  value_at_min: ([v, by], e) => orEmpty(`arg_min(${v}, ${by})`, e.type),
  take_any: ([a], e) => orEmpty(`any_value(${a})`, e.type),
  any: ([a], e) => orEmpty(`any_value(${a})`, e.type),
  stdev: ([a]) => `stddev_samp(${a})`,
  stdevp: ([a]) => `stddev_pop(${a})`,
  variance: ([a]) => `var_samp(${a})`,
  variancep: ([a]) => `var_pop(${a})`,
};

/** Aggregates that build dynamic values (make_list, make_set, make_bag…) live with the dynamic family. */
export const AGGREGATES: Record<string, FnEmitter> = { ...BASE_AGGREGATES, ...DYNAMIC_AGGREGATES };
