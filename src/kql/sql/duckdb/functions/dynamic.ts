/** Dynamic (JSON) values: element access, arrays and bags. */
import type { Expr } from '../../../ir/types.js';
import type { FnEmitter } from '../emit.js';
import { str } from '../sql-text.js';

/** A JSON pointer step for a property name (RFC 6901: ~ and / are escaped). */
function pointerStep(key: string): string {
  return '/' + key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** d.key, d["key"], d[0], d[-1] (from the end). */
export const dynGet: FnEmitter = ([base, key], e) => {
  const k: Expr = e.args[1];
  if (k.k === 'lit' && typeof k.value === 'string') return `json_extract(${base}, ${str(pointerStep(k.value))})`;
  if (k.k === 'lit' && (typeof k.value === 'bigint' || typeof k.value === 'number')) {
    const i = Number(k.value);
    return `json_extract(${base}, ${str(i < 0 ? `$[#${i}]` : `$[${i}]`)})`;
  }
  if (k.type === 'string') return `json_extract(${base}, '/' || replace(replace(${key}, '~', '~0'), '/', '~1'))`;
  return `json_extract(${base}, CASE WHEN ${key} < 0 THEN '$[#' || CAST(${key} AS VARCHAR) || ']' ELSE '$[' || CAST(${key} AS VARCHAR) || ']' END)`;
};

export const DYNAMIC: Record<string, FnEmitter> = {
  dyn_get: dynGet,
  array_length: ([a]) => `(CASE WHEN json_type(${a}) = 'ARRAY' THEN CAST(json_array_length(${a}) AS BIGINT) END)`,
};

/** DuckDB macros this family's emitters call (created on every query connection). */
export const DYNAMIC_MACROS: readonly string[] = [];

/** Aggregates that build dynamic values. */
export const DYNAMIC_AGGREGATES: Record<string, FnEmitter> = {
  make_list: ([a]) => `coalesce(to_json(list(${a}) FILTER (WHERE ${a} IS NOT NULL)), '[]'::JSON)`,
  make_set: ([a]) => `coalesce(to_json(list(DISTINCT ${a}) FILTER (WHERE ${a} IS NOT NULL)), '[]'::JSON)`,
};
