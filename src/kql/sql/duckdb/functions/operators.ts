/** Arithmetic, comparison and logical operators with Kusto's typing (long / long stays long; timespan / timespan is real). */
import type { Expr, KType } from '../../../ir/types.js';
import type { FnEmitter } from '../emit.js';
import { toStringSql } from './convert.js';

const INTEGRAL = new Set<KType>(['int', 'long', 'datetime', 'timespan']);

/** Brings a dynamic operand to the type of the other side, as Kusto does when comparing dynamic with a scalar. */
export function scalarOf(sql: string, e: Expr, other: Expr | undefined): string {
  if (e.type !== 'dynamic' || !other || other.type === 'dynamic') return sql;
  if (other.type === 'string' || other.type === 'guid') return toStringSql(sql, 'dynamic');
  if (other.type === 'bool') return `TRY_CAST(json_extract_string(${sql}, '$') AS BOOLEAN)`;
  if (INTEGRAL.has(other.type)) return `TRY_CAST(json_extract_string(${sql}, '$') AS BIGINT)`;
  return `TRY_CAST(json_extract_string(${sql}, '$') AS DOUBLE)`;
}

function binary(op: string): FnEmitter {
  return ([a, b], e) => `(${scalarOf(a, e.args[0], e.args[1])} ${op} ${scalarOf(b, e.args[1], e.args[0])})`;
}

function arithmetic(op: string): FnEmitter {
  return ([a, b], e) => {
    const anyReal = e.args.some(x => x.type === 'real' || x.type === 'decimal');
    const sql = `(${scalarOf(a, e.args[0], e.args[1])} ${op} ${scalarOf(b, e.args[1], e.args[0])})`;
    return INTEGRAL.has(e.type) && anyReal ? `CAST(trunc(${sql}) AS BIGINT)` : sql;
  };
}

export const OPERATORS: Record<string, FnEmitter> = {
  '+': arithmetic('+'),
  '-': arithmetic('-'),
  '*': arithmetic('*'),
  '/': ([a, b], e) => {
    if (e.type === 'real' || e.type === 'decimal') return `(CAST(${a} AS DOUBLE) / CAST(${b} AS DOUBLE))`;
    const anyReal = e.args.some(x => x.type === 'real' || x.type === 'decimal');
    return anyReal ? `CAST(trunc(${a} / ${b}) AS BIGINT)` : `(${a} // ${b})`;
  },
  '%': ([a, b], e) => (e.type === 'real' ? `fmod(${a}, ${b})` : `(${a} % ${b})`),
  neg: ([a]) => `(-${a})`,
  '==': binary('='),
  '!=': binary('<>'),
  '<': binary('<'),
  '<=': binary('<='),
  '>': binary('>'),
  '>=': binary('>='),
  and: ([a, b]) => `(${a} AND ${b})`,
  or: ([a, b]) => `(${a} OR ${b})`,
  not: ([a]) => `(NOT ${a})`,
  between: ([x, lo, hi], e) => {
    // datetime between (start .. 1h): the upper bound may be a span from the lower one.
    const upper = e.args[2].type === 'timespan' && e.args[0].type === 'datetime' ? `(${lo} + ${hi})` : hi;
    return `(${x} BETWEEN ${lo} AND ${upper})`;
  },
  '!between': ([x, lo, hi], e) => {
    const upper = e.args[2].type === 'timespan' && e.args[0].type === 'datetime' ? `(${lo} + ${hi})` : hi;
    return `(NOT (${x} BETWEEN ${lo} AND ${upper}))`;
  },
};
