/**
 * Arithmetic, comparison and logical operators with Kusto's semantics: long arithmetic wraps on overflow, int
 * arithmetic is done in 64 bits, integer division truncates and by zero gives null, % is never negative, NaN is
 * unequal and unordered, and == / != with one null operand give false / true.
 */
import type { Expr, KType } from '../../../ir/types.js';
import type { FnEmitter } from '../emit.js';
import { toStringSql } from './convert.js';

const INTEGRAL = new Set<KType>(['int', 'long', 'datetime', 'timespan']);
const isReal = (t: KType) => t === 'real' || t === 'decimal';

/** Brings a dynamic operand to the type of the other side, as Kusto does when comparing dynamic with a scalar. */
export function scalarOf(sql: string, e: Expr, other: Expr | undefined): string {
  if (e.type !== 'dynamic' || !other || other.type === 'dynamic') return sql;
  if (other.type === 'string' || other.type === 'guid') return toStringSql(sql, 'dynamic');
  if (other.type === 'bool') return `TRY_CAST(json_extract_string(${sql}, '$') AS BOOLEAN)`;
  if (INTEGRAL.has(other.type)) return `TRY_CAST(json_extract_string(${sql}, '$') AS BIGINT)`;
  return `TRY_CAST(json_extract_string(${sql}, '$') AS DOUBLE)`;
}

/** The operand types after a dynamic side takes the other side's type. */
function operandType(e: Expr, other: Expr): KType {
  return e.type === 'dynamic' && other.type !== 'dynamic' ? (INTEGRAL.has(other.type) ? 'long' : other.type) : e.type;
}

function operands(args: string[], e: Expr & { args: Expr[] }): [string, string] {
  return [scalarOf(args[0], e.args[0], e.args[1]), scalarOf(args[1], e.args[1], e.args[0])];
}

/** A literal that is certainly not null (nor NaN): comparisons with it need no null or NaN guard on its side. */
function plainLiteral(e: Expr): boolean {
  return e.k === 'lit' && e.value !== null && !(typeof e.value === 'number' && Number.isNaN(e.value));
}

/** + - *: longs wrap around as in Kusto (computed in 128 bits, then wrapped); ints are widened to long first. */
function arithmetic(op: string): FnEmitter {
  return (args, e) => {
    const [x, y] = operands(args, e);
    const types = [operandType(e.args[0], e.args[1]), operandType(e.args[1], e.args[0])];
    if (e.type === 'decimal' && op !== '*') {
      return `coalesce(CAST(kql_conv_exact(${x}) ${op} kql_conv_exact(${y}) AS DOUBLE), ${x} ${op} ${y})`;
    }
    if (isReal(e.type)) return `(${x} ${op} ${y})`;
    if (e.type === 'datetime') return `kql_dt_valid(${x} ${op} ${y})`;
    // timespan * 1.5: computed in real numbers, truncated back to ticks
    if (types.some(isReal)) return `kql_conv_real_long(${x} ${op} ${y})`;
    if (types.every(t => t === 'int')) return `(CAST(${x} AS BIGINT) ${op} ${y})`;
    if (e.type === 'long' || e.type === 'int') return `kql_wrap64(CAST(${x} AS HUGEINT) ${op} ${y})`;
    return `(${x} ${op} ${y})`;
  };
}

const divide: FnEmitter = (args, e) => {
  const [x, y] = operands(args, e);
  if (isReal(e.type)) return `(CAST(${x} AS DOUBLE) / CAST(${y} AS DOUBLE))`;
  const types = [operandType(e.args[0], e.args[1]), operandType(e.args[1], e.args[0])];
  if (types.some(isReal)) return `kql_conv_real_long(CAST(${x} AS DOUBLE) / CAST(${y} AS DOUBLE))`;
  const wide = types[0] === 'int' ? `CAST(${x} AS BIGINT)` : x;
  const divisor = e.args[1];
  // Truncating division (// in DuckDB); by zero it yields null. Only min-long / -1 overflows: it wraps.
  if (divisor.k === 'lit' && divisor.value !== null && Number(divisor.value) !== -1) return `(${wide} // ${y})`;
  return `(CASE WHEN ${y} = -1 THEN kql_wrap64(-CAST(${wide} AS HUGEINT)) ELSE ${wide} // ${y} END)`;
};

const modulo: FnEmitter = (args, e) => {
  const [x, y] = operands(args, e);
  if (isReal(e.type)) return `kql_emod(CAST(${x} AS DOUBLE), CAST(${y} AS DOUBLE))`;
  const types = [operandType(e.args[0], e.args[1]), operandType(e.args[1], e.args[0])];
  if (types.some(isReal)) return `kql_conv_real_long(kql_emod(CAST(${x} AS DOUBLE), CAST(${y} AS DOUBLE)))`;
  const wide = types[0] === 'int' ? `CAST(${x} AS BIGINT)` : x;
  const divisor = e.args[1];
  if (divisor.k === 'lit' && divisor.value !== null && Number(divisor.value) !== -1) return `kql_emod(${wide}, ${y})`;
  return `(CASE WHEN ${y} = -1 THEN 0 ELSE kql_emod(${wide}, ${y}) END)`;
};

const negate: FnEmitter = ([a], e) => {
  const t = e.args[0].type;
  if (t === 'int') return `(-CAST(${a} AS BIGINT))`;
  if (t === 'long') return `kql_wrap64(-CAST(${a} AS HUGEINT))`;
  return `(-${a})`;
};

/**
 * == and != follow Kusto's null rules: two nulls compare as null, one null as unequal. Strings are never null,
 * so they compare plainly. A NaN is unequal to everything, itself included.
 */
function equality(negated: boolean): FnEmitter {
  return (args, e) => {
    const [x, y] = operands(args, e);
    const [a, b] = e.args;
    const [ta, tb] = [operandType(a, b), operandType(b, a)];
    const op = negated ? '<>' : '=';
    if (ta === 'string' && tb === 'string') return `(${x} ${op} ${y})`;
    const realSide = isReal(ta) && !plainLiteral(a) ? x : isReal(tb) && !plainLiteral(b) ? y : undefined;
    const nan = realSide ? (negated ? ` OR isnan(${realSide})` : ` AND NOT isnan(${realSide})`) : '';
    // A certain literal on one side: only the other side can be null (kept as a conjunct for filter pushdown).
    const lit = plainLiteral(b) ? x : plainLiteral(a) ? y : undefined;
    if (lit) return negated ? `(${x} <> ${y}${nan} OR ${lit} IS NULL)` : `(${x} = ${y}${nan} AND ${lit} IS NOT NULL)`;
    return `(CASE WHEN ${x} IS NULL AND ${y} IS NULL THEN NULL WHEN ${x} IS NULL OR ${y} IS NULL THEN ${negated ? 'TRUE' : 'FALSE'}`
      + ` ELSE ${x} ${op} ${y}${nan} END)`;
  };
}

/** < <= > >=: null operands give null; NaN is ordered with nothing (DuckDB would sort it above infinity). */
function ordering(op: string): FnEmitter {
  return (args, e) => {
    const [x, y] = operands(args, e);
    const [a, b] = e.args;
    const guards: string[] = [];
    if (isReal(operandType(a, b)) && !plainLiteral(a)) guards.push(`NOT isnan(${x})`);
    if (isReal(operandType(b, a)) && !plainLiteral(b)) guards.push(`NOT isnan(${y})`);
    return `(${[`${x} ${op} ${y}`, ...guards].join(' AND ')})`;
  };
}

function between(negated: boolean): FnEmitter {
  return ([x, lo, hi], e) => {
    // datetime between (start .. 1h): the upper bound may be a span from the lower one.
    const upper = e.args[2].type === 'timespan' && e.args[0].type === 'datetime' ? `(${lo} + ${hi})` : hi;
    const test = `(${x} >= ${lo} AND ${x} <= ${upper})`;
    return negated ? `(NOT ${test})` : test;
  };
}

export const OPERATORS: Record<string, FnEmitter> = {
  '+': arithmetic('+'),
  '-': arithmetic('-'),
  '*': arithmetic('*'),
  '/': divide,
  '%': modulo,
  neg: negate,
  '==': equality(false),
  '!=': equality(true),
  '<': ordering('<'),
  '<=': ordering('<='),
  '>': ordering('>'),
  '>=': ordering('>='),
  and: ([a, b]) => `(${a} AND ${b})`,
  or: ([a, b]) => `(${a} OR ${b})`,
  not: ([a]) => `(NOT ${a})`,
  between: between(false),
  '!between': between(true),
};
