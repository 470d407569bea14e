/** Conversions: tostring, toint, tolong, todouble/toreal, tobool, todatetime, totimespan, toguid, parse_json. */
import type { KType } from '../../../ir/types.js';
import type { FnEmitter } from '../emit.js';

/** Kusto's tostring() of a value of the given type; never null. */
export function toStringSql(sql: string, type: KType): string {
  switch (type) {
    case 'string': return sql;
    case 'guid': return `coalesce(${sql}, '')`;
    case 'int': case 'long': return `coalesce(CAST(${sql} AS VARCHAR), '')`;
    case 'real': case 'decimal': return `kql_real_str(${sql})`;
    case 'bool': return `coalesce(CASE WHEN ${sql} THEN 'true' ELSE 'false' END, '')`;
    case 'datetime': return `kql_dt_str(${sql})`;
    case 'timespan': return `kql_ts_str(${sql})`;
    case 'dynamic': return `kql_dyn_str(${sql})`;
  }
}

/** A number from any scalar: strings are parsed, booleans are 1/0, dynamic values are read. */
function toNumber(target: 'BIGINT' | 'INTEGER' | 'DOUBLE'): FnEmitter {
  return ([a], e) => {
    const t = e.args[0].type;
    if (t === 'string' || t === 'guid') return target === 'DOUBLE' ? `TRY_CAST(trim(${a}) AS DOUBLE)` : `TRY_CAST(TRY_CAST(trim(${a}) AS DOUBLE) AS ${target})`;
    if (t === 'dynamic') return `TRY_CAST(json_extract_string(${a}, '$') AS ${target})`;
    if (t === 'bool') return `CAST(${a} AS ${target})`;
    if ((t === 'real' || t === 'decimal') && target !== 'DOUBLE') return `TRY_CAST(trunc(${a}) AS ${target})`;
    return `TRY_CAST(${a} AS ${target})`;
  };
}

const toDynamic: FnEmitter = ([a], e) =>
  (e.args[0].type === 'dynamic' ? a : e.args[0].type === 'string'
    ? `coalesce(TRY_CAST(${a} AS JSON), to_json(${a}))` : `to_json(${a})`);

export const CONVERT: Record<string, FnEmitter> = {
  tostring: ([a], e) => toStringSql(a, e.args[0].type),
  toint: toNumber('INTEGER'),
  tolong: toNumber('BIGINT'),
  todouble: toNumber('DOUBLE'),
  toreal: toNumber('DOUBLE'),
  todecimal: toNumber('DOUBLE'),
  tobool: ([a], e) => {
    const t = e.args[0].type;
    if (t === 'string') return `(CASE lower(trim(${a})) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE WHEN '1' THEN TRUE WHEN '0' THEN FALSE ELSE NULL END)`;
    if (t === 'dynamic') return `TRY_CAST(json_extract_string(${a}, '$') AS BOOLEAN)`;
    if (t === 'bool') return a;
    return `(${a} <> 0)`;
  },
  toboolean: ([a], e) => CONVERT.tobool([a], e, undefined as never),
  todatetime: ([a], e) => {
    const t = e.args[0].type;
    if (t === 'datetime') return a;
    const s = t === 'dynamic' ? `json_extract_string(${a}, '$')` : a;
    return `CAST(epoch_ns(TRY_CAST(replace(trim(${s}), 'Z', '') AS TIMESTAMP_NS)) // 100 AS BIGINT)`;
  },
  totimespan: ([a], e) => (e.args[0].type === 'timespan' ? a : `kql_parse_timespan(${e.args[0].type === 'dynamic' ? `json_extract_string(${a}, '$')` : a})`),
  toguid: ([a]) => `(CASE WHEN regexp_full_match(lower(trim(${a})), '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}') THEN lower(trim(${a})) END)`,
  parse_json: toDynamic,
  parsejson: toDynamic,
  todynamic: toDynamic,
  toobject: toDynamic,
};

/** DuckDB macros this family's emitters call (created on every query connection). */
export const CONVERT_MACROS: readonly string[] = [];
