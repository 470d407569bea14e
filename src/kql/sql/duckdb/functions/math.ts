/**
 * Math functions with Kusto's results on edge values: log of a negative is null (of zero, -Infinity), sqrt of a
 * negative is NaN, NaN wins in min_of/max_of, sign(NaN) is 0, and int arguments are widened to long.
 * (floor(x, n) is bin(), defined with the datetime family.)
 */
import type { KType } from '../../../ir/types.js';
import type { FnEmitter } from '../emit.js';
import { SQL_TYPES } from '../sql-text.js';

const isReal = (t: KType) => t === 'real' || t === 'decimal';
const real = (sql: string) => `CAST(${sql} AS DOUBLE)`;

/** A logarithm: null below zero, -Infinity at zero (DuckDB raises an error for both). */
const log = (fn: (x: string) => string): FnEmitter => ([a]) =>
  `(CASE WHEN ${real(a)} < 0 THEN NULL WHEN ${real(a)} = 0 THEN CAST('-Infinity' AS DOUBLE) ELSE ${fn(real(a))} END)`;

/** min_of / max_of: nulls are skipped (as least/greatest do); any NaN makes the result NaN. */
const extreme = (fn: 'least' | 'greatest'): FnEmitter => (args, e) => {
  const t = SQL_TYPES[e.type];
  const cast = args.map(a => `CAST(${a} AS ${t})`);
  const sql = `${fn}(${cast.join(', ')})`;
  if (!isReal(e.type)) return sql;
  return `(CASE WHEN ${cast.map(c => `isnan(${c})`).join(' OR ')} THEN CAST('NaN' AS DOUBLE) ELSE ${sql} END)`;
};

/**
 * Shifts act on 64 bits and take the count modulo 64, as .NET does. A left shift keeps only the bits that stay
 * inside 64 (so the 128-bit intermediate cannot overflow), then reads them back as a signed long.
 */
const shiftLeft: FnEmitter = ([a, n]) => {
  const s = `CAST(${n} & 63 AS INTEGER)`;
  return `kql_wrap64((CAST(${a} AS HUGEINT) & ((CAST(1 AS HUGEINT) << (64 - ${s})) - 1)) << ${s})`;
};
const shiftRight: FnEmitter = ([a, n]) => `(CAST(${a} AS BIGINT) >> CAST(${n} & 63 AS INTEGER))`;

export const MATH: Record<string, FnEmitter> = {
  abs: ([a], e) => {
    const t = e.args[0].type;
    if (t === 'int') return `abs(CAST(${a} AS BIGINT))`;
    if (t === 'long') return `kql_wrap64(abs(CAST(${a} AS HUGEINT)))`;
    return `abs(${a})`;
  },
  sqrt: ([a]) => `(CASE WHEN ${real(a)} < 0 THEN CAST('NaN' AS DOUBLE) ELSE sqrt(${real(a)}) END)`,
  exp: ([a]) => `exp(${real(a)})`,
  exp2: ([a]) => `pow(2.0, ${real(a)})`,
  exp10: ([a]) => `pow(10.0, ${real(a)})`,
  log: log(x => `ln(${x})`),
  log10: log(x => `log10(${x})`),
  log2: log(x => `log2(${x})`),
  pow: ([a, b]) => `pow(${real(a)}, ${real(b)})`,
  power: ([a, b]) => `pow(${real(a)}, ${real(b)})`,
  // Half away from zero, as Kusto rounds; the precision may be negative (round(1234, -2) = 1200).
  round: ([a, p], e) => {
    if (!isReal(e.type)) return p ? `CAST(round(${a}, CAST(${p} AS INTEGER)) AS ${SQL_TYPES[e.type]})` : a;
    return `round(${real(a)}, ${p ? `CAST(${p} AS INTEGER)` : '0'})`;
  },
  ceiling: ([a], e) => (isReal(e.type) ? `ceil(${real(a)})` : `CAST(${a} AS ${SQL_TYPES[e.type]})`),
  sign: ([a], e) => {
    const guard = isReal(e.args[0].type) ? `WHEN isnan(${a}) THEN 0 ` : '';
    return `CAST(CASE ${guard}WHEN ${a} > 0 THEN 1 WHEN ${a} < 0 THEN -1 WHEN ${a} = 0 THEN 0 END AS ${SQL_TYPES[e.type]})`;
  },
  pi: () => 'pi()',
  // rand(): a real in [0, 1); rand(n): an integer in [0, n)
  rand: (args, e) => (args.length ? `CAST(floor(random() * (${args[0]})) AS ${SQL_TYPES[e.type]})` : 'random()'),
  isnan: ([a], e) => (isReal(e.args[0].type) ? `isnan(${a})` : `(CASE WHEN ${a} IS NULL THEN NULL ELSE FALSE END)`),
  isinf: ([a], e) => (isReal(e.args[0].type) ? `isinf(${a})` : `(CASE WHEN ${a} IS NULL THEN NULL ELSE FALSE END)`),
  isfinite: ([a], e) => (isReal(e.args[0].type) ? `isfinite(${a})` : `(CASE WHEN ${a} IS NULL THEN NULL ELSE TRUE END)`),
  min_of: extreme('least'),
  max_of: extreme('greatest'),
  binary_and: ([a, b]) => `(CAST(${a} AS BIGINT) & CAST(${b} AS BIGINT))`,
  binary_or: ([a, b]) => `(CAST(${a} AS BIGINT) | CAST(${b} AS BIGINT))`,
  binary_xor: ([a, b]) => `xor(CAST(${a} AS BIGINT), CAST(${b} AS BIGINT))`,
  binary_not: ([a]) => `(~CAST(${a} AS BIGINT))`,
  binary_shift_left: shiftLeft,
  binary_shift_right: shiftRight,
  cos: ([a]) => `cos(${real(a)})`,
  sin: ([a]) => `sin(${real(a)})`,
  tan: ([a]) => `tan(${real(a)})`,
  acos: ([a]) => `(CASE WHEN abs(${real(a)}) > 1 THEN CAST('NaN' AS DOUBLE) ELSE acos(${real(a)}) END)`,
  asin: ([a]) => `(CASE WHEN abs(${real(a)}) > 1 THEN CAST('NaN' AS DOUBLE) ELSE asin(${real(a)}) END)`,
  atan: ([a]) => `atan(${real(a)})`,
  atan2: ([y, x]) => `atan2(${real(y)}, ${real(x)})`,
  cot: ([a]) => `(1.0 / tan(${real(a)}))`,
  degrees: ([a]) => `degrees(${real(a)})`,
  radians: ([a]) => `radians(${real(a)})`,
  gamma: ([a]) => `gamma(${real(a)})`,
  loggamma: ([a]) => `lgamma(${real(a)})`,
};
