/**
 * Dynamic (JSON) values: parsing, element access, arrays, sets and bags, and the aggregates that build them.
 * Arrays are taken apart as DuckDB lists of JSON (kql_items) and put back with to_json; bags are rebuilt from
 * key and value lists (kql_obj) so that key order is kept and values are embedded as they are.
 */
import type { Expr, KType } from '../../../ir/types.js';
import type { FnEmitter } from '../emit.js';
import { str } from '../sql-text.js';
import { toStringSql } from './convert.js';
// dynamic-bags.ts imports helpers back from this file: only hoisted functions, so the cycle is safe
import { DYNAMIC_BAGS, DYNAMIC_BAGS_MACROS } from './dynamic-bags.js';

const NUMERIC_JSON = `('BIGINT', 'UBIGINT', 'DOUBLE')`;

/** A JSON pointer step for a property name (RFC 6901: ~ and / are escaped). */
function pointerStep(key: string): string {
  return '/' + key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Kusto's value of a scalar inside a dynamic: datetimes and timespans become their text, as Kusto prints them. */
export function toJsonSql(sql: string, type: KType): string {
  switch (type) {
    case 'dynamic': return sql;
    case 'datetime': return `to_json(kql_dt_iso(${sql}))`;
    case 'timespan': return `to_json(CASE WHEN ${sql} IS NOT NULL THEN kql_ts_str(${sql}) END)`;
    case 'real': case 'decimal':
      return `(CASE WHEN isnan(${sql}) THEN to_json('NaN') WHEN isinf(${sql}) THEN to_json(CASE WHEN ${sql} > 0 THEN 'Infinity' ELSE '-Infinity' END) ELSE to_json(${sql}) END)`;
    default: return `to_json(${sql})`;
  }
}

/** A typed scalar read from a JSON value; cast only (a JSON string is not parsed into a number). */
export function fromJsonSql(j: string, type: KType): string {
  switch (type) {
    case 'dynamic': return j;
    case 'string': return toStringSql(j, 'dynamic');
    case 'guid': return `(CASE WHEN json_type(${j}) = 'VARCHAR' THEN lower(json_extract_string(${j}, '$')) END)`;
    case 'bool': return `(CASE WHEN json_type(${j}) = 'BOOLEAN' THEN CAST(json_extract_string(${j}, '$') AS BOOLEAN) END)`;
    case 'int': case 'long': {
      const t = type === 'int' ? 'INTEGER' : 'BIGINT';
      return `(CASE WHEN json_type(${j}) IN ('BIGINT', 'UBIGINT') THEN TRY_CAST(json_extract_string(${j}, '$') AS ${t})
        WHEN json_type(${j}) = 'DOUBLE' THEN TRY_CAST(trunc(CAST(json_extract_string(${j}, '$') AS DOUBLE)) AS ${t}) END)`;
    }
    case 'real': case 'decimal':
      return `(CASE WHEN json_type(${j}) IN ${NUMERIC_JSON} THEN CAST(json_extract_string(${j}, '$') AS DOUBLE)
        WHEN json_type(${j}) = 'VARCHAR' AND json_extract_string(${j}, '$') IN ('NaN', 'Infinity', '-Infinity') THEN CAST(json_extract_string(${j}, '$') AS DOUBLE) END)`;
    case 'datetime':
      return `(CASE WHEN json_type(${j}) = 'VARCHAR' THEN CAST(epoch_ns(TRY_CAST(replace(json_extract_string(${j}, '$'), 'Z', '') AS TIMESTAMP_NS)) // 100 AS BIGINT) END)`;
    case 'timespan':
      return `(CASE WHEN json_type(${j}) = 'VARCHAR' THEN kql_parse_timespan(json_extract_string(${j}, '$')) END)`;
  }
}

/** A typed scalar from text (extract_json with a type). */
function fromTextSql(s: string, type: KType): string {
  switch (type) {
    case 'string': return s;
    case 'dynamic': return `kql_parse_json(${s})`;
    case 'int': return `TRY_CAST(${s} AS INTEGER)`;
    case 'long': case 'datetime': case 'timespan':
      return type === 'long' ? `TRY_CAST(${s} AS BIGINT)` : fromJsonSql(`to_json(${s})`, type);
    case 'real': case 'decimal': return `TRY_CAST(${s} AS DOUBLE)`;
    case 'bool': return `(CASE lower(${s}) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END)`;
    case 'guid': return `lower(${s})`;
  }
}

/** d.key, d["key"], d[0], d[-1] (from the end); a dynamic key is a name when it holds a string. */
export const dynGet: FnEmitter = ([base, key], e) => {
  const k: Expr = e.args[1];
  if (k.k === 'lit' && typeof k.value === 'string' && k.type === 'string') return `json_extract(${base}, ${str(pointerStep(k.value))})`;
  if (k.k === 'lit' && (typeof k.value === 'bigint' || typeof k.value === 'number')) {
    const i = Number(k.value);
    return `json_extract(${base}, ${str(i < 0 ? `$[#${i}]` : `$[${i}]`)})`;
  }
  if (k.type === 'string') return `json_extract(${base}, kql_ptr(${key}))`;
  if (k.type === 'dynamic') {
    return `(CASE WHEN json_type(${key}) = 'VARCHAR' THEN json_extract(${base}, kql_ptr(json_extract_string(${key}, '$')))
      WHEN json_type(${key}) IN ('BIGINT', 'UBIGINT') THEN kql_at(${base}, CAST(${key} AS BIGINT)) END)`;
  }
  return `kql_at(${base}, ${key})`;
};

/** The parts of a Kusto JSONPath ($.a.b[0], $['a b'][1]); undefined when it uses wildcards or filters. */
export function jsonPathSteps(path: string): (string | number)[] | undefined {
  let rest = path.trim();
  if (!rest.startsWith('$')) return undefined;
  rest = rest.slice(1);
  const steps: (string | number)[] = [];
  while (rest.length) {
    let m: RegExpExecArray | null;
    if ((m = /^\.([^.[\]*]+)/.exec(rest))) steps.push(m[1].trim());
    else if ((m = /^\[\s*'((?:[^'\\]|\\.)*)'\s*\]/.exec(rest)) || (m = /^\[\s*"((?:[^"\\]|\\.)*)"\s*\]/.exec(rest))) steps.push(m[1].replace(/\\(.)/g, '$1'));
    else if ((m = /^\[\s*(-?\d+)\s*\]/.exec(rest))) steps.push(Number(m[1]));
    else return undefined;
    rest = rest.slice(m[0].length);
  }
  return steps;
}

/** SQL that walks `steps` into the JSON value `base`. */
function walk(base: string, steps: (string | number)[]): string {
  return steps.reduce<string>((acc, s) => (typeof s === 'number'
    ? `json_extract(${acc}, ${str(s < 0 ? `$[#${s}]` : `$[${s}]`)})`
    : `json_extract(${acc}, ${str(pointerStep(s))})`), base);
}

/** Element test for a lookup value: numbers compare by value, anything else by its JSON text. */
function matches(v: string, type: KType): string {
  if (type === 'int' || type === 'long' || type === 'real' || type === 'decimal') {
    return `lambda x: json_type(x) IN ${NUMERIC_JSON} AND TRY_CAST(x AS DOUBLE) = CAST(${v} AS DOUBLE)`;
  }
  return `lambda x: x = ${toJsonSql(v, type)}`;
}

const items = (a: string) => `kql_items(${a})`;
const arrayOf = (list: string) => `to_json(${list})`;

/** extract_json(path, text [, typeof(T)]): the value at a JSONPath in JSON text; '' (or null) when absent. */
const extractJson: FnEmitter = ([path, text], e) => {
  const p = e.args[0];
  const doc = e.args[1].type === 'dynamic' ? text : `kql_parse_json(${text})`;
  const steps = p.k === 'lit' && typeof p.value === 'string' ? jsonPathSteps(p.value) : undefined;
  const found = steps ? walk(doc, steps) : `json_extract(${doc}, ${path})`;
  const asText = toStringSql(found, 'dynamic');
  return e.type === 'string' ? asText : e.type === 'dynamic' ? found : fromTextSql(`nullif(${asText}, '')`, e.type);
};

/** bag_remove_keys(bag, keys): literal keys may be JSONPaths into nested bags. */
const bagRemoveKeys: FnEmitter = ([bag, keys], e) => {
  const k = e.args[1];
  let parsed: unknown;
  try { parsed = k.k === 'lit' && typeof k.value === 'string' ? JSON.parse(k.value) : undefined; } catch { parsed = undefined; }
  if (!Array.isArray(parsed) || !parsed.every(x => typeof x === 'string')) {
    return `kql_bag_without(${bag}, json_extract_string(${keys}, '$[*]'))`;
  }
  let out = bag;
  for (const key of parsed as string[]) {
    const steps = key.startsWith('$') ? jsonPathSteps(key) : [key];
    if (!steps || !steps.length || steps.some(s => typeof s !== 'string')) continue;
    out = removePath(out, steps as string[]);
  }
  return out;
};

function removePath(bag: string, steps: string[]): string {
  if (steps.length === 1) return `kql_bag_without(${bag}, [${str(steps[0])}])`;
  const inner = removePath(`json_extract(${bag}, ${str(pointerStep(steps[0]))})`, steps.slice(1));
  return `kql_bag_put(${bag}, ${str(steps[0])}, ${inner})`;
}

const pack: FnEmitter = (args, e) => {
  const parts: string[] = [];
  for (let i = 0; i + 1 < args.length; i += 2) parts.push(`${toStringSql(args[i], e.args[i].type)}, ${toJsonSql(args[i + 1], e.args[i + 1].type)}`);
  return parts.length ? `json_object(${parts.join(', ')})` : `CAST('{}' AS JSON)`;
};

const sortArray = (desc: boolean): FnEmitter => (args, e) => {
  const a = args[0];
  const last = e.args.length > 1 && e.args[e.args.length - 1].type === 'bool' ? args[args.length - 1] : 'TRUE';
  return `kql_sort(${a}, ${desc ? `'DESC'` : `'ASC'`}, ${last})`;
};

const toDynamic: FnEmitter = ([a], e) => (e.args[0].type === 'string' ? `kql_parse_json(${a})` : toJsonSql(a, e.args[0].type));

/** range(start, stop [, step]): an array from start to stop inclusive (steps of 1, or 1h for datetimes and timespans). */
const rangeArray: FnEmitter = ([a, b, step], e) => {
  const types = e.args.map(x => x.type);
  const t: KType = types[0] === 'datetime' || types[0] === 'timespan' ? types[0]
    : types.some(x => x === 'real' || x === 'decimal') ? 'real' : 'long';
  const s = step ?? (t === 'datetime' || t === 'timespan' ? '36000000000' : '1');
  const n = t === 'real' ? `floor((${b} - ${a}) / (${s}))` : `kql_floordiv(${b} - ${a}, ${s})`;
  const value = `(${a} + i * (${s}))`;
  return `(CASE WHEN ${s} <> 0 THEN to_json(list_transform(range(0, least(CAST(${n} AS BIGINT), 1048575) + 1),
    lambda i: ${toJsonSql(value, t)})) END)`;
};

const GETTYPE: Record<string, string> = {
  bool: 'bool', int: 'int', long: 'long', real: 'real', decimal: 'decimal', string: 'string', datetime: 'datetime',
  timespan: 'timespan', guid: 'guid',
};

/**
 * array_iff(conditions, whenTrue, whenFalse): element i is whenTrue's (its element i when it is an array) where
 * condition i is true or a non-zero number, whenFalse's where it is false or zero, and null otherwise.
 */
const arrayIff: FnEmitter = ([c, t, f], e) => {
  const pick = (arg: string, type: KType) => type === 'dynamic'
    ? `(CASE WHEN json_type(${arg}) = 'ARRAY' THEN json_extract(${arg}, CAST(__si - 1 AS BIGINT)) ELSE ${arg} END)`
    : `CAST(${toJsonSql(arg, type)} AS JSON)`;
  const truth = `(CASE json_type(__sx) WHEN 'BOOLEAN' THEN CAST(__sx AS BOOLEAN)
    WHEN 'BIGINT' THEN CAST(__sx AS DOUBLE) <> 0 WHEN 'UBIGINT' THEN CAST(__sx AS DOUBLE) <> 0 WHEN 'DOUBLE' THEN CAST(__sx AS DOUBLE) <> 0 END)`;
  return arrayOf(`list_transform(CAST(${items(c)} AS JSON[]), (__sx, __si) -> CASE ${truth} WHEN TRUE THEN ${pick(t, e.args[1].type)} WHEN FALSE THEN ${pick(f, e.args[2].type)} END)`);
};

export const DYNAMIC: Record<string, FnEmitter> = {
  dyn_get: dynGet,
  parse_json: toDynamic,
  parsejson: toDynamic,
  todynamic: toDynamic,
  toobject: toDynamic,
  gettype: ([a], e) => (e.args[0].type === 'dynamic' ? `kql_json_typename(${a})` : str(GETTYPE[e.args[0].type] ?? e.args[0].type)),
  array_length: ([a]) => `(CASE WHEN json_type(${a}) = 'ARRAY' THEN CAST(json_array_length(${a}) AS BIGINT) END)`,
  pack,
  bag_pack: pack,
  pack_dictionary: pack,
  pack_array: (args, e) => arrayOf(`[${args.map((a, i) => `CAST(${toJsonSql(a, e.args[i].type)} AS JSON)`).join(', ')}]::JSON[]`),
  bag_keys: ([a]) => `(CASE WHEN json_type(${a}) = 'OBJECT' THEN to_json(json_keys(${a})) END)`,
  bag_has_key: ([bag, key], e) => {
    const k = e.args[1];
    const steps = k.k === 'lit' && typeof k.value === 'string' && k.value.startsWith('$') ? jsonPathSteps(k.value) : undefined;
    if (steps) return `coalesce(${walk(bag, steps)} IS NOT NULL, FALSE)`;
    return `coalesce(json_type(${bag}) = 'OBJECT' AND list_contains(json_keys(${bag}), ${key}), FALSE)`;
  },
  bag_merge: args => `kql_obj_entries(kql_dedupe_entries(list_concat(${args.map(a => `kql_entries(${a})`).join(', ')})))`,
  bag_remove_keys: bagRemoveKeys,
  set_has_element: ([a, v], e) => `(CASE WHEN json_type(${a}) = 'ARRAY' THEN len(list_filter(${items(a)}, ${matches(v, e.args[1].type)})) > 0 END)`,
  array_index_of: ([a, v, start, length, occ], e) =>
    `kql_index_of(${items(a)}, list_transform(${items(a)}, ${matches(v, e.args[1].type)}), ${start ?? '0'}, ${length ?? '-1'}, ${occ ?? '1'})`,
  set_union: args => arrayOf(`kql_distinct(list_concat(${args.map(a => `coalesce(${items(a)}, []::JSON[])`).join(', ')}))`),
  set_intersect: ([first, ...rest]) =>
    arrayOf(`list_filter(kql_distinct(${items(first)}), lambda x: ${rest.map(r => `list_contains(${items(r)}, x)`).join(' AND ') || 'TRUE'})`),
  set_difference: ([first, ...rest]) =>
    arrayOf(`list_filter(kql_distinct(${items(first)}), lambda x: NOT (${rest.map(r => `coalesce(list_contains(${items(r)}, x), FALSE)`).join(' OR ') || 'FALSE'}))`),
  jaccard_index: ([a, b]) =>
    `(CAST(len(list_filter(kql_distinct(${items(a)}), lambda x: list_contains(${items(b)}, x))) AS DOUBLE)
      / len(kql_distinct(list_concat(${items(a)}, ${items(b)}))))`,
  array_iff: arrayIff,
  array_iif: arrayIff,
  array_concat: args => arrayOf(`list_concat(${args.map(a => `coalesce(${items(a)}, []::JSON[])`).join(', ')})`),
  array_slice: ([a, s, t]) => arrayOf(`kql_slice(${items(a)}, ${s}, ${t})`),
  array_reverse: ([a]) => arrayOf(`list_reverse(${items(a)})`),
  array_sort_asc: sortArray(false),
  array_sort_desc: sortArray(true),
  array_sum: ([a]) => `kql_array_sum(${items(a)})`,
  array_rotate_left: ([a, n]) => arrayOf(`kql_rotate(${items(a)}, ${n})`),
  array_rotate_right: ([a, n]) => arrayOf(`kql_rotate(${items(a)}, -(${n}))`),
  array_shift_left: ([a, n, fill], e) => arrayOf(`kql_shift(${items(a)}, ${n}, ${fill ? toJsonSql(fill, e.args[2].type) : 'NULL::JSON'})`),
  array_shift_right: ([a, n, fill], e) => arrayOf(`kql_shift(${items(a)}, -(${n}), ${fill ? toJsonSql(fill, e.args[2].type) : 'NULL::JSON'})`),
  zip: args => `(CASE WHEN ${args.map(a => `json_type(${a}) = 'ARRAY'`).join(' AND ')} THEN to_json(list_transform(
      range(1, greatest(${args.map(a => `len(${items(a)})`).join(', ')}) + 1),
      lambda i: to_json([${args.map(a => `${items(a)}[i]`).join(', ')}]::JSON[]))) END)`,
  extract_json: extractJson,
  extractjson: extractJson,
  range: rangeArray,
  dynamic_to_json: ([a]) => `coalesce(CAST(kql_canonical4(${a}) AS VARCHAR), 'null')`,
  ...DYNAMIC_BAGS,
};

/** DuckDB macros this family's emitters call (created on every query connection). */
export const DYNAMIC_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO kql_ptr(k) AS '/' || replace(replace(k, '~', '~0'), '/', '~1')`,
  // d[i]: from the end when negative
  `CREATE OR REPLACE TEMP MACRO kql_at(j, i) AS json_extract(j, CASE WHEN i < 0 THEN '$[#' || CAST(i AS VARCHAR) || ']' ELSE '$[' || CAST(i AS VARCHAR) || ']' END)`,
  // datetime ticks -> the ISO text Kusto keeps inside dynamic values (7 fraction digits)
  `CREATE OR REPLACE TEMP MACRO kql_dt_iso(t) AS strftime(kql_ts(t), '%Y-%m-%dT%H:%M:%S') || '.' || kql_frac7(t) || 'Z'`,
  // parse_json(text): invalid JSON stays a string; empty text is null
  `CREATE OR REPLACE TEMP MACRO kql_parse_json(s) AS CASE WHEN s IS NULL OR s = '' THEN NULL
     WHEN json_valid(s) THEN json(s) ELSE to_json(s) END`,
  `CREATE OR REPLACE TEMP MACRO kql_json_typename(j) AS CASE WHEN j IS NULL THEN 'null' ELSE CASE json_type(j)
     WHEN 'NULL' THEN 'null' WHEN 'BOOLEAN' THEN 'bool' WHEN 'BIGINT' THEN 'long' WHEN 'UBIGINT' THEN 'long'
     WHEN 'DOUBLE' THEN 'double' WHEN 'VARCHAR' THEN 'string' WHEN 'ARRAY' THEN 'array' WHEN 'OBJECT' THEN 'dictionary' END END`,
  // the elements of a JSON array as a list (null for anything else)
  `CREATE OR REPLACE TEMP MACRO kql_items(j) AS CASE WHEN json_type(j) = 'ARRAY' THEN json_extract(j, '$[*]') END`,
  // a bag's entries as a list of {k, v}; anything but a bag has none
  `CREATE OR REPLACE TEMP MACRO kql_entries(j) AS CASE WHEN json_type(j) = 'OBJECT'
     THEN list_transform(list_zip(json_keys(j), json_extract(j, '$.*')), lambda p: {'k': p[1], 'v': p[2]}) ELSE [] END`,
  // a bag from entries, in order, values embedded as they are
  `CREATE OR REPLACE TEMP MACRO kql_obj_entries(es) AS CAST('{' || array_to_string(list_transform(es,
     lambda p: CAST(to_json(p.k) AS VARCHAR) || ':' || coalesce(CAST(p.v AS VARCHAR), 'null')), ',') || '}' AS JSON)`,
  // the first entry of each key
  `CREATE OR REPLACE TEMP MACRO kql_dedupe_entries(es) AS list_filter(es,
     lambda p, i: list_position(list_transform(es, lambda q: q.k), p.k) = i)`,
  `CREATE OR REPLACE TEMP MACRO kql_bag_without(j, ks) AS CASE WHEN json_type(j) = 'OBJECT'
     THEN kql_obj_entries(list_filter(kql_entries(j), lambda p: NOT list_contains(ks, p.k))) ELSE j END`,
  `CREATE OR REPLACE TEMP MACRO kql_bag_put(j, key, val) AS CASE WHEN json_type(j) = 'OBJECT'
     THEN kql_obj_entries(list_transform(kql_entries(j), lambda p: CASE WHEN p.k = key AND val IS NOT NULL THEN {'k': p.k, 'v': val} ELSE p END)) ELSE j END`,
  // distinct elements in order of first appearance
  `CREATE OR REPLACE TEMP MACRO kql_distinct(l) AS list_filter(l, lambda x, i: list_position(l, x) = i)`,
  // array_slice: inclusive end, negative positions count from the end, out-of-range ends are clipped
  `CREATE OR REPLACE TEMP MACRO kql_slice_at(l, s, t) AS CASE WHEN t < s THEN []::JSON[] ELSE l[s + 1:t + 1] END`,
  `CREATE OR REPLACE TEMP MACRO kql_slice(l, s, t) AS kql_slice_at(l,
     CASE WHEN s < 0 THEN greatest(len(l) + s, 0) ELSE s END,
     CASE WHEN t < 0 THEN len(l) + t ELSE least(t, len(l) - 1) END)`,
  `CREATE OR REPLACE TEMP MACRO kql_rotate(l, n) AS CASE WHEN len(l) = 0 THEN l
     ELSE list_transform(range(0, len(l)), lambda i: l[((i + n) % len(l) + len(l)) % len(l) + 1]) END`,
  `CREATE OR REPLACE TEMP MACRO kql_shift(l, n, fill) AS list_transform(range(0, len(l)),
     lambda i: CASE WHEN i + n >= 0 AND i + n < len(l) THEN l[i + n + 1] ELSE fill END)`,
  // array_sum: null unless every element is a number
  `CREATE OR REPLACE TEMP MACRO kql_array_sum(l) AS CASE WHEN len(l) > 0 AND list_bool_and(list_transform(l, lambda x: json_type(x) IN ${NUMERIC_JSON}))
     THEN list_sum(list_transform(l, lambda x: TRY_CAST(x AS DOUBLE))) END`,
  // array_index_of over precomputed matches: a start (negative from the end), a length (-1: to the end), the n-th match
  `CREATE OR REPLACE TEMP MACRO kql_index_of_at(m, s, e, occ) AS coalesce(list_filter(range(s, e), lambda i: m[i + 1])[occ], -1)`,
  `CREATE OR REPLACE TEMP MACRO kql_index_of(l, m, start, n, occ) AS CASE WHEN l IS NULL OR occ < 0 OR n < -1 THEN NULL
     ELSE CAST(kql_index_of_at(m, CASE WHEN start < 0 THEN greatest(len(l) + start, 0) ELSE start END,
       CASE WHEN n = -1 THEN len(l) ELSE least(len(l), CASE WHEN start < 0 THEN greatest(len(l) + start, 0) ELSE start END + n) END,
       greatest(occ, 1)) AS BIGINT) END`,
  // array_sort: numbers first, then strings, then everything else; nulls first or last as asked
  `CREATE OR REPLACE TEMP MACRO kql_sort_key(x, nulls_rank) AS {
     'r': CASE WHEN x IS NULL OR json_type(x) = 'NULL' THEN nulls_rank WHEN json_type(x) IN ${NUMERIC_JSON} THEN 1
       WHEN json_type(x) = 'VARCHAR' THEN 2 ELSE 3 END,
     'n': CASE WHEN json_type(x) IN ${NUMERIC_JSON} THEN TRY_CAST(x AS DOUBLE) END,
     's': CASE WHEN json_type(x) = 'VARCHAR' THEN json_extract_string(x, '$') END,
     'v': CAST(x AS VARCHAR), 'x': x}`,
  `CREATE OR REPLACE TEMP MACRO kql_sort(j, dir, nulls_last) AS CASE WHEN json_type(j) = 'ARRAY' THEN to_json(list_transform(
     list_sort(list_transform(kql_items(j), lambda x: kql_sort_key(x, CASE WHEN nulls_last = (dir = 'ASC') THEN 9 ELSE 0 END)), dir),
     lambda k: k.x)) END`,
  // an aggregate's contribution from one dynamic value: an array's elements, or the value itself
  `CREATE OR REPLACE TEMP MACRO kql_spread(j) AS CASE WHEN json_type(j) = 'ARRAY' THEN json_extract(j, '$[*]') ELSE [j] END`,
  // mv-expand: the elements one value expands to (bags by property, as one-entry bags or [key, value] pairs)
  `CREATE OR REPLACE TEMP MACRO kql_mv_items(j, as_array) AS CASE WHEN j IS NULL OR json_type(j) = 'NULL' THEN [NULL::JSON]
     WHEN json_type(j) = 'ARRAY' THEN json_extract(j, '$[*]')
     WHEN json_type(j) = 'OBJECT' THEN list_transform(kql_entries(j),
       lambda p: CASE WHEN as_array THEN to_json([to_json(p.k), p.v]::JSON[]) ELSE kql_obj_entries([p]) END)
     ELSE [j] END`,
  // dynamic_to_json: keys sorted at every level (to a fixed depth)
  `CREATE OR REPLACE TEMP MACRO kql_canonical0(j) AS j`,
  ...[1, 2, 3, 4].map(n => `CREATE OR REPLACE TEMP MACRO kql_canonical${n}(j) AS CASE json_type(j)
     WHEN 'OBJECT' THEN kql_obj_entries(list_transform(list_sort(kql_entries(j)), lambda p: {'k': p.k, 'v': kql_canonical${n - 1}(p.v)}))
     WHEN 'ARRAY' THEN to_json(list_transform(kql_items(j), lambda x: kql_canonical${n - 1}(x))) ELSE j END`),
  ...DYNAMIC_BAGS_MACROS,
];

/**
 * The JSON elements an aggregate collects. Scalars skip nulls (unless asked to keep them); a dynamic array
 * contributes its elements, as Kusto's make_list/make_set do, and other dynamic values themselves (a null one
 * too, for lists: Kusto keeps it).
 */
function collect(value: string, type: KType, pred: string | undefined, keepNulls: boolean): string {
  const where = (conds: string[]) => (conds.length ? ` FILTER (WHERE ${conds.join(' AND ')})` : '');
  const p = pred ? [`(${pred})`] : [];
  if (type === 'dynamic') {
    const notNull = keepNulls ? [] : [`${value} IS NOT NULL`, `json_type(${value}) <> 'NULL'`];
    return `flatten(list(kql_spread(${value}))${where([...notNull, ...p])})`;
  }
  return `list(CAST(${toJsonSql(value, type)} AS JSON))${where([...(keepNulls ? [] : [`${value} IS NOT NULL`]), ...p])}`;
}

/** make_list(x [, max]) and friends: `max` caps the size (the legacy makelist/makeset default to 128). */
function capped(list: string, max: string | undefined): string {
  return max ? `${list}[1:${max}]` : list;
}

type Shape = { withIf: boolean; legacy?: boolean };
function parts(args: string[], { withIf, legacy }: Shape): [string, string | undefined, string | undefined] {
  const [v, p, max] = withIf ? args : [args[0], undefined, args[1]];
  return [v, p, max ?? (legacy ? '128' : undefined)];
}

const makeList = (shape: Shape, keepNulls: 'dynamic' | 'all'): FnEmitter => (args, e) => {
  const [v, p, max] = parts(args, shape);
  const t = e.args[0].type;
  const list = collect(v, t, p, keepNulls === 'all' || t === 'dynamic');
  return `coalesce(to_json(${capped(list, max)}), CAST('[]' AS JSON))`;
};

const makeSet = (shape: Shape): FnEmitter => (args, e) => {
  const [v, p, max] = parts(args, shape);
  return `coalesce(to_json(${capped(`kql_distinct(${collect(v, e.args[0].type, p, false)})`, max)}), CAST('[]' AS JSON))`;
};

const makeBag = (shape: Shape): FnEmitter => args => {
  const [v, p, max] = parts(args, shape);
  const bags = `list(${v}) FILTER (WHERE json_type(${v}) = 'OBJECT'${p ? ` AND (${p})` : ''})`;
  return `kql_obj_entries(${capped(`kql_dedupe_entries(flatten(list_transform(coalesce(${bags}, []), lambda b: kql_entries(b))))`, max)})`;
};

/** Aggregates that build dynamic values. */
export const DYNAMIC_AGGREGATES: Record<string, FnEmitter> = {
  make_list: makeList({ withIf: false }, 'dynamic'),
  makelist: makeList({ withIf: false, legacy: true }, 'dynamic'),
  make_list_if: makeList({ withIf: true }, 'dynamic'),
  make_list_with_nulls: makeList({ withIf: false }, 'all'),
  make_set: makeSet({ withIf: false }),
  makeset: makeSet({ withIf: false, legacy: true }),
  make_set_if: makeSet({ withIf: true }),
  make_bag: makeBag({ withIf: false }),
  make_bag_if: makeBag({ withIf: true }),
};
