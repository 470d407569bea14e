/**
 * More string functions with Kusto's semantics: repeat, indexof_regex, replace_strings, has_any_index, parse_csv,
 * parse_version. Registered through STRINGS / STRING_MACROS in strings.ts (which is full).
 * format_bytes is deliberately absent: the docs leave its rounding and its trailing zeros open (see the report).
 */
import { KqlError } from '../../../errors.js';
import type { CallExpr, FnEmitter } from '../emit.js';
import { str } from '../sql-text.js';
import { toJsonSql } from './dynamic.js';
import { text } from './string-operators.js';

const arg = (args: string[], e: CallExpr, i: number) => text(args[i], e.args[i]);

/** repeat(value, count): an array of count copies; a negative count gives null. */
const repeat: FnEmitter = (args, e) => {
  const item = toJsonSql(args[0], e.args[0].type);
  return `(CASE WHEN ${args[1]} >= 0 THEN to_json(list_transform(range(CAST(${args[1]} AS BIGINT)), __rep -> ${item})) END)`;
};

/**
 * indexof_regex(s, re [, start [, length [, occurrence]]]). Every match of `gap(re)` captures the text skipped before
 * the match of re, so positions follow from the lengths of the gaps and of the matches. The regex is a constant
 * (Kusto requires it), so the pattern is built here and compiled once.
 */
const indexofRegex: FnEmitter = (args, e) => {
  const re = e.args[1];
  if (re.k !== 'lit' || typeof re.value !== 'string') {
    throw new KqlError('PK001', 'Not supported yet: indexof_regex() with a regular expression that is not a constant string', e.span);
  }
  const pattern = str(`((?s:.*?))(?:${re.value})`);
  return `kql_indexof_regex(${arg(args, e, 0)}, ${pattern}, ${args[2] ?? '0'}, ${args[3] ?? '-1'}, ${args[4] ?? '1'})`;
};

/** A constant dynamic array argument, parsed; undefined when the argument is not a literal. */
function literalArray(e: CallExpr, i: number): unknown[] | null | undefined {
  const a = e.args[i];
  if (a.k !== 'lit') return undefined;
  if (a.value === null) return null;
  const v = JSON.parse(String(a.value)) as unknown;
  return Array.isArray(v) ? v : undefined;
}

/**
 * replace_strings(text, lookups, rewrites): an earlier lookup wins over a later one, wherever it is in the text
 * (the docs' "Thwas" example). So the text is split on the first lookup, the pieces between its matches are handled
 * with the remaining lookups, and the pieces are joined with its rewrite. A rewrite that is not a string keeps the
 * matched text, and the match still shields that text from later lookups.
 */
const replaceStrings: FnEmitter = (args, e) => {
  const lookups = literalArray(e, 1);
  const rewrites = literalArray(e, 2);
  if (lookups === undefined || rewrites === undefined) {
    throw new KqlError('PK001', 'Not supported yet: replace_strings() with lookups or rewrites that are not constant arrays', e.span);
  }
  const pairs = (lookups ?? []).flatMap((l, i) => {
    if (typeof l !== 'string' || l === '') return [];
    const r = rewrites?.[i];
    return [{ lookup: l, joiner: typeof r === 'string' ? r : l }];
  });
  const build = (sql: string, i: number): string => {
    if (i >= pairs.length) return sql;
    const { lookup, joiner } = pairs[i];
    if (i === pairs.length - 1) return `replace(${sql}, ${str(lookup)}, ${str(joiner)})`;
    const v = `__rs${i}`;
    return `array_to_string(list_transform(string_split(${sql}, ${str(lookup)}), ${v} -> ${build(v, i + 1)}), ${str(joiner)})`;
  };
  return build(arg(args, e, 0), 0);
};

/** has_any_index(source, values): the index of the first value the source `has` (as a whole term), else -1. */
const hasAnyIndex: FnEmitter = (args, e) => {
  const h = `lower(${arg(args, e, 0)})`;
  const found = `list_transform(json_extract(${args[1]}, '$[*]'),
    __t -> json_type(__t) <> 'NULL' AND kql_term_match(${h}, lower(kql_conv_dynamic_text(__t)), 'has'))`;
  return `CAST(coalesce(list_position(${found}, TRUE) - 1, -1) AS BIGINT)`;
};

/**
 * format_bytes(size [, precision [, units]]): the size in the unit asked for (Bytes, KB … EB, in any case; powers of
 * 1024), else in the largest unit it reaches one of; rounded half to even at `precision` decimals (.NET's Math.Round)
 * and printed without trailing zeros. Units Kusto does not know give ''.
 */
const formatBytes: FnEmitter = (args, e) => {
  if (args.length > 3) throw new KqlError('PK001', 'Not supported yet: format_bytes with a base', e.span);
  return `kql_format_bytes(CAST(${args[0]} AS DOUBLE), ${args[1] ?? '0'}, ${args[2] ? `lower(${arg(args, e, 2)})` : "''"})`;
};

export const STRINGS_MORE: Record<string, FnEmitter> = {
  repeat,
  indexof_regex: indexofRegex,
  replace_strings: replaceStrings,
  has_any_index: hasAnyIndex,
  parse_csv: (args, e) => `kql_parse_csv(${arg(args, e, 0)})`,
  format_bytes: formatBytes,
  parse_version: (args, e) => `kql_parse_version(${arg(args, e, 0)})`,
};

export const STRINGS_MORE_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO kql_format_bytes(s, p, u) AS list_transform([CASE WHEN u <> ''
       THEN list_position(['bytes', 'kb', 'mb', 'gb', 'tb', 'pb', 'eb'], u) - 1
       ELSE ${[6, 5, 4, 3, 2, 1].map(i => `CASE WHEN abs(s) >= ${1024n ** BigInt(i)} THEN ${i} ELSE`).join(' ')} 0 ${'END '.repeat(6)}END],
     __u -> CASE WHEN s IS NULL OR p IS NULL OR __u IS NULL OR __u < 0 THEN ''
       ELSE kql_real_str(round_even(s / pow(1024, __u), CAST(p AS INTEGER))) || ' ' || ['Bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'][__u + 1] END)[1]`,
  // The combined matches (gap + match) of the window, and the start of the k-th match of re: the lengths before it,
  // plus one for every empty match (the search steps past it), plus its own gap.
  `CREATE OR REPLACE TEMP MACRO kql_regex_pos(w, pat, k) AS list_transform(
     [{'ms': regexp_extract_all(w, pat, 0), 'gs': regexp_extract_all(w, pat, 1)}],
     __z -> CASE WHEN len(__z.ms) < k THEN -1 ELSE coalesce(list_sum(list_transform(__z.ms[1:k - 1],
       __x -> length(__x) + CASE WHEN __x = '' THEN 1 ELSE 0 END)), 0) + length(__z.gs[k]) END)[1]`,
  // A negative start or occurrence, or a length below -1, gives null (as the docs' example shows for start = -1).
  `CREATE OR REPLACE TEMP MACRO kql_indexof_regex(s, pat, st, ln, occ) AS CAST(CASE
     WHEN st IS NULL OR ln IS NULL OR occ IS NULL OR st < 0 OR occ < 0 OR ln < -1 THEN NULL
     WHEN st > length(s) THEN -1
     ELSE list_transform([kql_regex_pos(substr(s, CAST(st AS BIGINT) + 1, CAST(CASE WHEN ln = -1 THEN length(s) ELSE ln END AS BIGINT)),
       pat, greatest(occ, 1))], __p -> CASE WHEN __p < 0 THEN -1 ELSE st + __p END)[1] END AS BIGINT)`,
  // parse_csv: one step of a CSV reader over a character. m: 0 field start, 1 plain field, 2 inside quotes,
  // 3 a quote seen inside quotes (a second one is an escaped quote, anything else ends the quoted part).
  // The first line break outside quotes ends the record.
  `CREATE OR REPLACE TEMP MACRO kql_csv_step(a, ch) AS CASE
     WHEN a.d THEN a
     WHEN a.m = 2 AND ch = '"' THEN {'f': a.f, 'c': a.c, 'm': 3, 'd': FALSE}
     WHEN a.m = 2 THEN {'f': a.f, 'c': a.c || ch, 'm': 2, 'd': FALSE}
     WHEN a.m = 3 AND ch = '"' THEN {'f': a.f, 'c': a.c || ch, 'm': 2, 'd': FALSE}
     WHEN ch = ',' THEN {'f': list_append(a.f, a.c), 'c': '', 'm': 0, 'd': FALSE}
     WHEN ch = chr(10) OR ch = chr(13) THEN {'f': a.f, 'c': a.c, 'm': a.m, 'd': TRUE}
     WHEN a.m = 0 AND ch = '"' THEN {'f': a.f, 'c': '', 'm': 2, 'd': FALSE}
     ELSE {'f': a.f, 'c': a.c || ch, 'm': 1, 'd': FALSE} END`,
  // list_reduce wants the accumulator and the items of one type, so every character travels in a state of its own.
  `CREATE OR REPLACE TEMP MACRO kql_parse_csv_state(s) AS list_reduce(
     list_transform(string_split(s, ''), __ch -> {'f': CAST([] AS VARCHAR[]), 'c': __ch, 'm': 0, 'd': FALSE}),
     (__a, __x) -> kql_csv_step(__a, __x.c), {'f': CAST([] AS VARCHAR[]), 'c': '', 'm': 0, 'd': FALSE})`,
  `CREATE OR REPLACE TEMP MACRO kql_parse_csv(s) AS list_transform([kql_parse_csv_state(s)], __r -> to_json(list_append(__r.f, __r.c)))[1]`,
  // parse_version: one to four dot-separated parts of up to eight digits, each part eight decimal digits of the result.
  // DECIMAL(38,0) holds all 32 digits exactly, as Kusto's 38-digit decimal does (a DOUBLE would not).
  `CREATE OR REPLACE TEMP MACRO kql_parse_version_parts(p) AS CAST(lpad(p[1], 8, '0') || lpad(coalesce(p[2], '0'), 8, '0')
     || lpad(coalesce(p[3], '0'), 8, '0') || lpad(coalesce(p[4], '0'), 8, '0') AS DECIMAL(38, 0))`,
  `CREATE OR REPLACE TEMP MACRO kql_parse_version(s) AS CASE WHEN regexp_full_match(s, '[0-9]{1,8}(\\.[0-9]{1,8}){0,3}')
     THEN kql_parse_version_parts(string_split(s, '.')) END`,
];
