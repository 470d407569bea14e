/**
 * Conversions with Kusto's rules: tostring, toint, tolong, todouble/toreal, todecimal, tobool, toguid.
 * (todatetime/totimespan are redefined by datetime.ts; parse_json/todynamic and gettype by dynamic.ts.)
 */
import type { KType } from '../../../ir/types.js';
import type { FnEmitter } from '../emit.js';
import { str } from '../sql-text.js';

/** Ticks from 0001-01-01 (Kusto's datetime origin for tolong/todouble) to 1970-01-01 (ours). */
const EPOCH_TICKS = '621355968000000000';

/** Kusto's tostring() of a value of the given type; never null. */
export function toStringSql(sql: string, type: KType): string {
  switch (type) {
    case 'string': return sql;
    case 'guid': return `coalesce(${sql}, '')`;
    case 'int': case 'long': return `coalesce(CAST(${sql} AS VARCHAR), '')`;
    case 'real': return `kql_conv_real_text(${sql})`;
    case 'decimal': return `kql_conv_decimal_text(${sql})`;
    case 'bool': return `(CASE WHEN ${sql} THEN 'True' WHEN NOT ${sql} THEN 'False' ELSE '' END)`;
    case 'datetime': return `kql_conv_datetime_text(${sql})`;
    case 'timespan': return `kql_ts_str(${sql})`;
    case 'dynamic': return `kql_conv_dynamic_text(${sql})`;
  }
}

/** tolong(): strings must be whole (decimal or 0x hex) numbers; reals truncate and saturate; datetimes count from 0001. */
export function toLongSql(sql: string, type: KType): string {
  switch (type) {
    case 'string': case 'guid': return `kql_conv_str_long(${sql})`;
    case 'dynamic': return `kql_conv_dyn_long(${sql})`;
    case 'bool': return `CAST(${sql} AS BIGINT)`;
    case 'real': case 'decimal': return `kql_conv_real_long(${sql})`;
    case 'datetime': return `(${sql} + ${EPOCH_TICKS})`;
    default: return `CAST(${sql} AS BIGINT)`;
  }
}

/** toint(): like tolong, but longs wrap to 32 bits and reals saturate at the int range. */
export function toIntSql(sql: string, type: KType): string {
  switch (type) {
    case 'string': case 'guid': return `TRY_CAST(kql_conv_str_long(${sql}) AS INTEGER)`;
    case 'dynamic': return `kql_conv_dyn_int(${sql})`;
    case 'bool': return `CAST(${sql} AS INTEGER)`;
    case 'real': case 'decimal': return `kql_conv_real_int(${sql})`;
    case 'int': return sql;
    default: return `kql_conv_wrap32(${toLongSql(sql, type)})`;
  }
}

/** todouble(): strings in invariant number syntax (with inf and nan), datetimes as ticks from 0001. */
export function toRealSql(sql: string, type: KType): string {
  switch (type) {
    case 'string': case 'guid': return `kql_conv_str_real(${sql})`;
    case 'dynamic': return `kql_conv_dyn_real(${sql})`;
    case 'datetime': return `CAST(${sql} + ${EPOCH_TICKS} AS DOUBLE)`;
    default: return `CAST(${sql} AS DOUBLE)`;
  }
}

/** tobool(): "true"/"false" in any case, or a whole number (non-zero is true); anything else is null. */
export function toBoolSql(sql: string, type: KType): string {
  switch (type) {
    case 'bool': return sql;
    case 'string': case 'guid': return `kql_conv_str_bool(${sql})`;
    case 'dynamic': return `kql_conv_dyn_bool(${sql})`;
    default: return `(${sql} <> 0)`;
  }
}

export const CONVERT: Record<string, FnEmitter> = {
  tostring: ([a], e) => toStringSql(a, e.args[0].type),
  toint: ([a], e) => toIntSql(a, e.args[0].type),
  tolong: ([a], e) => toLongSql(a, e.args[0].type),
  todouble: ([a], e) => toRealSql(a, e.args[0].type),
  toreal: ([a], e) => toRealSql(a, e.args[0].type),
  todecimal: ([a], e) => toRealSql(a, e.args[0].type),
  tobool: ([a], e) => toBoolSql(a, e.args[0].type),
  toboolean: ([a], e) => toBoolSql(a, e.args[0].type),
  toguid: ([a], e) => {
    const t = e.args[0].type;
    return t === 'guid' ? a : `kql_conv_str_guid(${t === 'dynamic' ? `kql_conv_dynamic_text(${a})` : toStringSql(a, t)})`;
  },
  // Kept until datetime.ts / dynamic.ts take these over (their entries win in the merged catalog).
  todatetime: ([a], e) => {
    const t = e.args[0].type;
    if (t === 'datetime') return a;
    const s = t === 'dynamic' ? `json_extract_string(${a}, '$')` : a;
    return `CAST(epoch_ns(TRY_CAST(replace(trim(${s}), 'Z', '') AS TIMESTAMP_NS)) // 100 AS BIGINT)`;
  },
  totimespan: ([a], e) => (e.args[0].type === 'timespan' ? a : `kql_parse_timespan(${e.args[0].type === 'dynamic' ? `json_extract_string(${a}, '$')` : a})`),
  parse_json: toDynamic(),
  parsejson: toDynamic(),
  todynamic: toDynamic(),
  toobject: toDynamic(),
};

function toDynamic(): FnEmitter {
  return ([a], e) => (e.args[0].type === 'dynamic' ? a : e.args[0].type === 'string'
    ? `coalesce(TRY_CAST(${a} AS JSON), to_json(${a}))` : `to_json(${a})`);
}

const INT_TEXT = String.raw`\s*[+-]?([0-9]+|0[xX][0-9a-fA-F]+)\s*`;
const REAL_TEXT = String.raw`\s*[+-]?(([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))\s*`;
const HEX = (n: number) => `[0-9a-fA-F]{${n}}`;
const GUID_D = `${HEX(8)}-${HEX(4)}-${HEX(4)}-${HEX(4)}-${HEX(12)}`;

/** DuckDB macros the conversions call (created on every query connection, after the core macros). */
export const CONVERT_MACROS: readonly string[] = [
  // Two's-complement wrap of an integer to 32 bits, as a cast from long to int does in Kusto.
  `CREATE OR REPLACE TEMP MACRO kql_conv_wrap32(x) AS CAST(CASE WHEN (x & 4294967295) >= 2147483648
     THEN (x & 4294967295) - 4294967296 ELSE (x & 4294967295) END AS INTEGER)`,
  // Two's-complement wrap of a HUGEINT to 64 bits: long arithmetic overflows silently in Kusto. The argument is
  // used once: macros are inlined, so a nested sum (a + b + c + …) would otherwise grow exponentially.
  `CREATE OR REPLACE TEMP MACRO kql_wrap64(h) AS CAST(((h + 9223372036854775808) % 18446744073709551616 + 18446744073709551616)
     % 18446744073709551616 - 9223372036854775808 AS BIGINT)`,
  // Kusto's % keeps the sign of neither operand: the remainder is never negative (-5 % 3 = 1, 5 % -3 = 2).
  `CREATE OR REPLACE TEMP MACRO kql_emod(a, b) AS CASE WHEN a % b < 0 THEN a % b + abs(b) ELSE a % b END`,
  // real -> long / int: truncate towards zero, saturate at the type's range, NaN gives null.
  `CREATE OR REPLACE TEMP MACRO kql_conv_real_long(x) AS CASE WHEN isnan(x) THEN NULL
     WHEN x >= 9223372036854775807 THEN CAST(9223372036854775807 AS BIGINT)
     WHEN x <= -9223372036854775808 THEN CAST(-9223372036854775808 AS BIGINT) ELSE CAST(trunc(x) AS BIGINT) END`,
  `CREATE OR REPLACE TEMP MACRO kql_conv_real_int(x) AS CASE WHEN isnan(x) THEN NULL
     WHEN x >= 2147483647 THEN CAST(2147483647 AS INTEGER) WHEN x <= -2147483648 THEN CAST(-2147483648 AS INTEGER)
     ELSE CAST(trunc(x) AS INTEGER) END`,
  // A decimal (kept as DOUBLE) read back as the exact decimal its shortest text shows, so 0.1 + 0.2 == 0.3
  // holds as it does for Kusto's decimals; null when it does not fit (the caller then falls back to DOUBLE).
  `CREATE OR REPLACE TEMP MACRO kql_conv_exact(x) AS TRY_CAST(CAST(x AS VARCHAR) AS DECIMAL(38, 16))`,
  // A datetime outside 0001-01-01 .. 9999-12-31 23:59:59.9999999 is null in Kusto.
  `CREATE OR REPLACE TEMP MACRO kql_dt_valid(t) AS CASE WHEN t BETWEEN -621355968000000000 AND 2534023007999999999 THEN t END`,
  `CREATE OR REPLACE TEMP MACRO kql_conv_str_long(s) AS CASE WHEN regexp_full_match(s, ${str(INT_TEXT)})
     THEN TRY_CAST(trim(s) AS BIGINT) END`,
  `CREATE OR REPLACE TEMP MACRO kql_conv_str_real(s) AS CASE WHEN regexp_full_match(s, ${str(REAL_TEXT)})
     THEN TRY_CAST(trim(s) AS DOUBLE) END`,
  `CREATE OR REPLACE TEMP MACRO kql_conv_str_bool(s) AS CASE WHEN lower(s) = 'true' THEN TRUE WHEN lower(s) = 'false' THEN FALSE
     ELSE kql_conv_str_long(s) <> 0 END`,
  `CREATE OR REPLACE TEMP MACRO kql_conv_str_guid(s) AS CASE
     WHEN regexp_full_match(trim(s), ${str(GUID_D)}) THEN lower(trim(s))
     WHEN regexp_full_match(trim(s), ${str(String.raw`\{${GUID_D}\}|\(${GUID_D}\)`)}) THEN lower(substr(trim(s), 2, 36))
     WHEN regexp_full_match(trim(s), ${str(HEX(32))}) THEN lower(substr(trim(s), 1, 8) || '-' || substr(trim(s), 9, 4) || '-'
       || substr(trim(s), 13, 4) || '-' || substr(trim(s), 17, 4) || '-' || substr(trim(s), 21, 12)) END`,
  // dynamic: numbers convert as numbers, strings as strings, booleans as 1/0; arrays, bags and null give null.
  `CREATE OR REPLACE TEMP MACRO kql_conv_dyn_long(j) AS CASE json_type(j)
     WHEN 'BIGINT' THEN TRY_CAST(json_extract_string(j, '$') AS BIGINT)
     WHEN 'UBIGINT' THEN TRY_CAST(json_extract_string(j, '$') AS BIGINT)
     WHEN 'DOUBLE' THEN kql_conv_real_long(CAST(json_extract_string(j, '$') AS DOUBLE))
     WHEN 'VARCHAR' THEN kql_conv_str_long(json_extract_string(j, '$'))
     WHEN 'BOOLEAN' THEN CASE WHEN json_extract_string(j, '$') = 'true' THEN 1 ELSE 0 END END`,
  `CREATE OR REPLACE TEMP MACRO kql_conv_dyn_int(j) AS CASE json_type(j)
     WHEN 'DOUBLE' THEN kql_conv_real_int(CAST(json_extract_string(j, '$') AS DOUBLE))
     WHEN 'VARCHAR' THEN TRY_CAST(kql_conv_str_long(json_extract_string(j, '$')) AS INTEGER)
     ELSE kql_conv_wrap32(kql_conv_dyn_long(j)) END`,
  `CREATE OR REPLACE TEMP MACRO kql_conv_dyn_real(j) AS CASE json_type(j)
     WHEN 'BIGINT' THEN TRY_CAST(json_extract_string(j, '$') AS DOUBLE)
     WHEN 'UBIGINT' THEN TRY_CAST(json_extract_string(j, '$') AS DOUBLE)
     WHEN 'DOUBLE' THEN TRY_CAST(json_extract_string(j, '$') AS DOUBLE)
     WHEN 'VARCHAR' THEN kql_conv_str_real(json_extract_string(j, '$'))
     WHEN 'BOOLEAN' THEN CASE WHEN json_extract_string(j, '$') = 'true' THEN 1.0 ELSE 0.0 END END`,
  `CREATE OR REPLACE TEMP MACRO kql_conv_dyn_bool(j) AS CASE json_type(j)
     WHEN 'BOOLEAN' THEN json_extract_string(j, '$') = 'true'
     WHEN 'BIGINT' THEN TRY_CAST(json_extract_string(j, '$') AS DOUBLE) <> 0
     WHEN 'UBIGINT' THEN TRY_CAST(json_extract_string(j, '$') AS DOUBLE) <> 0
     WHEN 'DOUBLE' THEN TRY_CAST(json_extract_string(j, '$') AS DOUBLE) <> 0
     WHEN 'VARCHAR' THEN kql_conv_str_bool(json_extract_string(j, '$')) END`,
  // tostring(real) as .NET prints doubles (shortest round trip, exponent form from 1E+15 and below 1E-05),
  // with ".0" kept on whole numbers as Kusto shows them. DuckDB already prints the same digits; only the
  // 1E+15 decade and the exponent's case differ.
  `CREATE OR REPLACE TEMP MACRO kql_conv_mantissa(d) AS d[1] || CASE WHEN length(d) > 1 THEN '.' || d[2:] ELSE '' END`,
  `CREATE OR REPLACE TEMP MACRO kql_conv_e15_text(x) AS (CASE WHEN x < 0 THEN '-' ELSE '' END)
     || kql_conv_mantissa(rtrim(replace(CAST(abs(x) AS VARCHAR), '.', ''), '0')) || 'E+15'`,
  `CREATE OR REPLACE TEMP MACRO kql_conv_real_text(x) AS CASE WHEN x IS NULL THEN ''
     WHEN isnan(x) THEN 'NaN' WHEN isinf(x) THEN CASE WHEN x > 0 THEN 'Infinity' ELSE '-Infinity' END
     WHEN abs(x) >= 1e15 AND abs(x) < 1e16 THEN kql_conv_e15_text(x)
     ELSE upper(CAST(x AS VARCHAR)) END`,
  // decimal prints without a trailing ".0" (decimal is kept as DOUBLE here).
  `CREATE OR REPLACE TEMP MACRO kql_conv_decimal_text(x) AS CASE WHEN x IS NULL THEN ''
     WHEN x = trunc(x) AND abs(x) < 1e15 THEN CAST(CAST(x AS BIGINT) AS VARCHAR) ELSE kql_conv_real_text(x) END`,
  // tostring(datetime): ISO 8601 with all seven fraction digits, as Kusto prints it.
  `CREATE OR REPLACE TEMP MACRO kql_conv_datetime_text(t) AS CASE WHEN t IS NULL THEN ''
     ELSE strftime(kql_ts(t), '%Y-%m-%dT%H:%M:%S') || '.' || kql_frac7(t) || 'Z' END`,
  // tostring(dynamic): a string value yields its text; other values their compact JSON; null yields ''.
  `CREATE OR REPLACE TEMP MACRO kql_conv_dynamic_text(j) AS CASE WHEN j IS NULL OR json_type(j) = 'NULL' THEN ''
     WHEN json_type(j) = 'VARCHAR' THEN json_extract_string(j, '$') ELSE CAST(json(j) AS VARCHAR) END`,
];
