/**
 * More dynamic functions: bag_set_key, bag_zip, set_equals, array_split, the legacy arraylength, and pack_row,
 * the IR function that pack_all() and bag_pack_columns() are lowered to (their columns are known only when
 * lowering, so the lowerer passes them as name/value pairs). Spread into DYNAMIC; macros into DYNAMIC_MACROS.
 */
import { KqlError } from '../../../errors.js';
import type { FnEmitter } from '../emit.js';
import { str } from '../sql-text.js';
import { jsonPathSteps, toJsonSql } from './dynamic.js';

/**
 * bag_set_key(bag, key, value): a root key, or a JSONPath ($.a.b) into nested bags, which are created where
 * missing; the value keeps its key's place when the key exists, else comes last. Not a bag: null.
 */
const bagSetKey: FnEmitter = ([bag, , value], e) => {
  const k = e.args[1];
  if (k.k !== 'lit' || typeof k.value !== 'string') {
    throw new KqlError('PK001', 'Not supported yet: bag_set_key with a key that is not a constant', e.span);
  }
  const steps = k.value.startsWith('$') ? jsonPathSteps(k.value) : [k.value];
  if (!steps || !steps.length || steps.some(s => typeof s !== 'string')) {
    throw new KqlError('PK001', `Not supported yet: bag_set_key with the key '${k.value}' (array indexes or a root path)`, e.span);
  }
  const val = `CAST(${toJsonSql(value, e.args[2].type)} AS JSON)`;
  const set = (b: string, keys: string[]): string => {
    if (keys.length === 1) return `kql_bag_set(${b}, ${str(keys[0])}, ${val})`;
    const inner = `kql_as_bag(json_extract(${b}, ${str(pointer(keys[0]))}))`;
    return `kql_bag_set(${b}, ${str(keys[0])}, ${set(inner, keys.slice(1))})`;
  };
  return set(bag, steps as string[]);
};

function pointer(key: string): string {
  return '/' + key.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** pack_row(ignoreNullEmpty, name1, value1, …): a bag of the named values, in order. */
const packRow: FnEmitter = ([flag, ...rest], e) => {
  const entries: string[] = [];
  for (let i = 0; i + 1 < rest.length; i += 2) {
    entries.push(`{'k': ${rest[i]}, 'v': CAST(${toJsonSql(rest[i + 1], e.args[i + 2].type)} AS JSON)}`);
  }
  if (!entries.length) return `CAST('{}' AS JSON)`;
  const list = `[${entries.join(', ')}]`;
  const f = e.args[0];
  if (f.k === 'lit' && !f.value) return `kql_obj_entries(${list})`;
  // pack_all(true) leaves out null values and empty strings (a dynamic "" too: isempty holds for it)
  return `kql_obj_entries(list_filter(${list}, lambda p: NOT coalesce(${flag}, FALSE)
    OR NOT (p.v IS NULL OR json_type(p.v) = 'NULL' OR (json_type(p.v) = 'VARCHAR' AND json_extract_string(p.v, '$') = ''))))`;
};

/** array_split(array, index | indices): the parts between the split points; negative points count from the end. */
const arraySplit: FnEmitter = ([a, idx], e) => {
  const t = e.args[1].type;
  const points = t === 'dynamic'
    ? `(CASE WHEN json_type(${idx}) = 'ARRAY' THEN list_transform(json_extract(${idx}, '$[*]'), lambda x: TRY_CAST(x AS BIGINT))
        WHEN json_type(${idx}) IN ('BIGINT', 'UBIGINT') THEN [TRY_CAST(${idx} AS BIGINT)] END)`
    : `[CAST(${idx} AS BIGINT)]`;
  return `kql_array_split(${a}, ${points})`;
};

export const DYNAMIC_BAGS: Record<string, FnEmitter> = {
  arraylength: ([a]) => `(CASE WHEN json_type(${a}) = 'ARRAY' THEN CAST(json_array_length(${a}) AS BIGINT) END)`,
  bag_set_key: bagSetKey,
  // keys that are not strings are skipped; missing values are null; a later duplicate key wins
  bag_zip: ([keys, values]) => `(CASE WHEN json_type(${keys}) = 'ARRAY' THEN kql_obj_entries(kql_last_entries(list_filter(
    list_transform(json_extract(${keys}, '$[*]'), lambda k, i: {'k': CASE WHEN json_type(k) = 'VARCHAR' THEN json_extract_string(k, '$') END,
      'v': CASE WHEN json_type(${values}) = 'ARRAY' THEN json_extract(${values}, CAST(i - 1 AS BIGINT)) END}),
    lambda p: p.k IS NOT NULL))) END)`,
  // the same distinct elements, in any order and number
  set_equals: ([a, b]) => `(CASE WHEN json_type(${a}) = 'ARRAY' AND json_type(${b}) = 'ARRAY' THEN
    list_sort(kql_distinct(CAST(json_extract(${a}, '$[*]') AS VARCHAR[]))) = list_sort(kql_distinct(CAST(json_extract(${b}, '$[*]') AS VARCHAR[]))) END)`,
  array_split: arraySplit,
  pack_row: packRow,
};

export const DYNAMIC_BAGS_MACROS: readonly string[] = [
  // the value at key replaced (in place) or appended; anything but a bag gives null
  `CREATE OR REPLACE TEMP MACRO kql_bag_set(j, key, val) AS CASE WHEN json_type(j) = 'OBJECT' THEN kql_obj_entries(
     CASE WHEN list_contains(json_keys(j), key) THEN list_transform(kql_entries(j), lambda p: CASE WHEN p.k = key THEN {'k': p.k, 'v': val} ELSE p END)
     ELSE list_append(kql_entries(j), {'k': key, 'v': val}) END) END`,
  `CREATE OR REPLACE TEMP MACRO kql_as_bag(j) AS CASE WHEN json_type(j) = 'OBJECT' THEN j ELSE CAST('{}' AS JSON) END`,
  // the last entry of each key, at the place of its first
  `CREATE OR REPLACE TEMP MACRO kql_last_entries(es) AS list_transform(kql_dedupe_entries(es),
     lambda p: list_filter(es, lambda q: q.k = p.k)[-1])`,
  // points normalised (negative from the end, clipped to the array), then the slices between them
  `CREATE OR REPLACE TEMP MACRO kql_split_at(l, pts) AS list_transform(range(1, len(pts)), lambda i: l[pts[i] + 1:pts[i + 1]])`,
  `CREATE OR REPLACE TEMP MACRO kql_array_split(j, points) AS CASE WHEN json_type(j) = 'ARRAY' AND points IS NOT NULL
     AND NOT list_contains(list_transform(points, lambda p: p IS NULL), TRUE) THEN to_json(list_transform(
       kql_split_at(json_extract(j, '$[*]'), list_concat([0], list_transform(points,
         lambda p: least(greatest(CASE WHEN p < 0 THEN json_array_length(j) + p ELSE p END, 0), json_array_length(j))), [json_array_length(j)])),
       lambda part: to_json(part))) END`,
];
