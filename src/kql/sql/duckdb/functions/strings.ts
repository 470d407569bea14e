/**
 * String functions with Kusto's semantics: lengths, substring, concatenation, split, case, regex-based trim, replace,
 * extract, indexof, countof, reverse, base64, hashes, strcmp, translate, URL encoding; more in strings-more.ts.
 * Positions and lengths count Unicode code points, as Kusto does; non-string arguments are converted with tostring().
 */
import type { Expr, KType } from '../../../ir/types.js';
import { KqlError } from '../../../errors.js';
import type { CallExpr, FnEmitter } from '../emit.js';
import { SQL_TYPES, str } from '../sql-text.js';
import { CONVERT } from './convert.js';
import { litString, text, TERM_MACROS } from './string-operators.js';
import { STRINGS_MORE, STRINGS_MORE_MACROS } from './strings-more.js';

/** The i-th argument as Kusto text. */
const arg = (args: string[], e: CallExpr, i: number) => text(args[i], e.args[i]);

function litInt(e: Expr | undefined): number | undefined {
  if (!e || e.k !== 'lit' || e.value === null || typeof e.value === 'string' || typeof e.value === 'boolean') return undefined;
  return Number(e.value);
}

const asLong = (sql: string) => `CAST(${sql} AS BIGINT)`;

/** Converts extracted text to the requested type, as extract(..., typeof(T)) does. */
function convertText(sql: string, type: KType, cx: Parameters<FnEmitter>[2]): string {
  const fn: Partial<Record<KType, string>> = {
    int: 'toint', long: 'tolong', real: 'todouble', decimal: 'todecimal', bool: 'tobool', datetime: 'todatetime',
    timespan: 'totimespan', guid: 'toguid', dynamic: 'todynamic',
  };
  const name = fn[type];
  if (!name) return sql;
  const probe: CallExpr = { k: 'call', fn: name, args: [{ k: 'lit', value: '', type: 'string' }], type };
  return CONVERT[name]([sql], probe, cx);
}

/** Whether a literal needle can overlap itself (then counting needs a scan instead of replace()). */
function selfOverlaps(s: string): boolean {
  const c = [...s];
  for (let k = 1; k < c.length; k++) if (c.slice(0, k).join('') === c.slice(c.length - k).join('')) return true;
  return false;
}

const countof: FnEmitter = (args, e) => {
  const s = arg(args, e, 0);
  const needle = arg(args, e, 1);
  const kind = e.args[2] ? litString(e.args[2]) : 'normal';
  const regex = asLong(`len(regexp_extract_all(${s}, ${args[1]}, 0))`);
  const lit = litString(e.args[1]);
  let normal = `kql_countof(${s}, ${needle})`;
  if (lit === '') normal = 'CAST(0 AS BIGINT)';
  else if (lit !== undefined && !selfOverlaps(lit)) {
    normal = asLong(`(length(${s}) - length(replace(${s}, ${needle}, ''))) // ${[...lit].length}`);
  }
  if (kind === undefined) return `(CASE WHEN lower(${args[2]}) = 'regex' THEN ${regex} ELSE ${normal} END)`;
  return kind.toLowerCase() === 'regex' ? regex : normal;
};

/** Capture groups of an RE2 pattern, in order: their names (or undefined for unnamed ones). */
export function captureGroups(re: string): (string | undefined)[] {
  const groups: (string | undefined)[] = [];
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const ch = re[i];
    if (ch === '\\') { i++; continue; }
    if (inClass) { if (ch === ']') inClass = false; continue; }
    if (ch === '[') { inClass = true; if (re[i + 1] === ']') i++; else if (re[i + 1] === '^' && re[i + 2] === ']') i += 2; continue; }
    if (ch !== '(') continue;
    if (re[i + 1] !== '?') { groups.push(undefined); continue; }
    const named = /^\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/.exec(re.slice(i));
    if (named) groups.push(named[1]);
  }
  return groups;
}

const extractAll: FnEmitter = (args, e) => {
  const three = e.args.length === 3;
  const reExpr = e.args[0];
  const re = args[0];
  const s = arg(args, e, three ? 2 : 1);
  const pattern = litString(reExpr);
  const groups = pattern === undefined ? [undefined] : captureGroups(pattern);
  let wanted: number[] = groups.length ? groups.map((_, i) => i + 1) : [0];
  if (three) {
    const sel = e.args[1];
    if (sel.k !== 'lit' || typeof sel.value !== 'string') {
      throw new KqlError('PK001', 'Not supported yet: extract_all() with capture groups that are not a constant array');
    }
    const picked = JSON.parse(sel.value) as unknown;
    wanted = (Array.isArray(picked) ? picked : [picked]).map(g => {
      const idx = typeof g === 'string' ? groups.indexOf(g) + 1 : Number(g);
      if (!(idx >= 1 && idx <= Math.max(groups.length, 1))) {
        throw new KqlError('PK001', `extract_all(): capture group ${JSON.stringify(g)} is not in the regular expression`);
      }
      return idx;
    });
  }
  const lists = wanted.map(g => `regexp_extract_all(${s}, ${re}, ${g})`);
  // Groups that did not take part in a match read as ''; no match at all gives null.
  const value = lists.length === 1
    ? `list_transform(${lists[0]}, x -> coalesce(x, ''))`
    : `list_transform(list_zip(${lists.join(', ')}), z -> [${wanted.map((_, i) => `coalesce(z[${i + 1}], '')`).join(', ')}])`;
  return `kql_json_or_null(${value})`;
};

const extract: FnEmitter = (args, e, cx) => {
  const group = litInt(e.args[1]);
  if (group === undefined) throw new KqlError('PK001', 'Not supported yet: extract() with a capture group that is not a constant');
  const s = arg(args, e, 2);
  const got = `regexp_extract(${s}, ${args[0]}, ${group})`;
  if (e.type === 'string') return got;
  // typed: no match (or a failed conversion) is null
  return `(CASE WHEN regexp_matches(${s}, ${args[0]}) THEN ${convertText(got, e.type, cx)} END)`;
};

/** A Kusto regex removed once from the start and/or the end of the text. */
function trimmer(start: boolean, end: boolean): FnEmitter {
  return (args, e) => {
    const lit = litString(e.args[0]);
    const group = lit !== undefined ? str(`(?:${lit})`) : `('(?:' || ${args[0]} || ')')`;
    let s = arg(args, e, 1);
    if (start) s = `regexp_replace(${s}, '^' || ${group}, '')`;
    if (end) s = `regexp_replace(${s}, ${group} || '$', '')`;
    return s;
  };
}

const split: FnEmitter = (args, e) => {
  const s = arg(args, e, 0);
  const d = arg(args, e, 1);
  const lit = litString(e.args[1]);
  // An empty delimiter leaves the text whole.
  const parts = lit !== undefined && lit !== '' ? `string_split(${s}, ${d})` : `kql_split(${s}, ${d})`;
  if (e.args.length < 3) return `to_json(${parts})`;
  return `kql_split_index(${parts}, ${args[2]})`;
};

const indexof: FnEmitter = (args, e) => {
  const s = arg(args, e, 0);
  const m = arg(args, e, 1);
  // An empty lookup has no position: null.
  const lit = litString(e.args[1]);
  if (e.args.length === 2 && lit !== undefined && lit !== '') return asLong(`strpos(${s}, ${m}) - 1`);
  if (e.args.length === 2) return `(CASE WHEN ${m} <> '' THEN ${asLong(`strpos(${s}, ${m}) - 1`)} END)`;
  const [st, ln, occ] = [args[2], args[3] ?? '-1', args[4] ?? '1'];
  return `kql_indexof(${s}, ${m}, ${st}, ${ln}, ${occ})`;
};

/** strcat_delim and strcat: every argument as text; nulls of other types read as ''. */
const strcat: FnEmitter = (args, e) => `concat(${args.map((_, i) => arg(args, e, i)).join(', ')})`;
const strcatDelim: FnEmitter = (args, e) =>
  `concat_ws(${arg(args, e, 0)}, ${args.slice(1).map((_, i) => `coalesce(${arg(args, e, i + 1)}, '')`).join(', ')})`;

const base64Decode: FnEmitter = (args, e) => `coalesce(try(decode(from_base64(${arg(args, e, 0)}))), '')`;
/** base64_decode_toarray: the decoded bytes as an array of numbers (null when the text is not base64). */
const base64DecodeToArray: FnEmitter = (args, e) => `to_json(list_transform([try(from_base64(${arg(args, e, 0)}))],
  __b -> list_transform(range(0, octet_length(__b)), __i -> CAST(('0x' || substr(hex(__b), 2 * __i + 1, 2)) AS INTEGER)))[1])`;
const base64Encode: FnEmitter = (args, e) => `to_base64(encode(${arg(args, e, 0)}))`;
const replaceRegex = (s: string, re: string, rw: string) => `regexp_replace(${s}, ${re}, ${rw}, 'g')`;

export const STRINGS: Record<string, FnEmitter> = {
  // make_string (unicode_codepoints_to_string) lives in encoding.ts
  ...STRINGS_MORE,
  // a random GUID, a new one for every row as in Kusto
  new_guid: () => 'CAST(uuid() AS VARCHAR)',
  strlen: (args, e) => asLong(`length(${arg(args, e, 0)})`),
  string_size: (args, e) => asLong(`strlen(${arg(args, e, 0)})`),
  substring: (args, e) => `kql_substring(${arg(args, e, 0)}, ${args[1]}, ${args[2] ?? 'NULL'})`,
  tolower: (args, e) => `lower(${arg(args, e, 0)})`,
  toupper: (args, e) => `upper(${arg(args, e, 0)})`,
  strcat,
  strcat_delim: strcatDelim,
  strcat_array: ([a, d], e) =>
    `coalesce(array_to_string(list_transform(json_extract_string(${a}, '$[*]'), x -> coalesce(x, '')), ${text(d, e.args[1])}), '')`,
  strrep: (args, e) => {
    const v = arg(args, e, 0);
    const d = e.args[2] ? arg(args, e, 2) : "''";
    return `kql_strrep(${v}, ${args[1]}, ${d})`;
  },
  split,
  trim: trimmer(true, true),
  trim_start: trimmer(true, false),
  trim_end: trimmer(false, true),
  replace_string: (args, e) => `replace(${arg(args, e, 0)}, ${arg(args, e, 1)}, ${arg(args, e, 2)})`,
  replace_regex: (args, e) => replaceRegex(arg(args, e, 0), args[1], arg(args, e, 2)),
  // the legacy replace() takes (regex, rewrite, text)
  replace: (args, e) => replaceRegex(arg(args, e, 2), args[0], arg(args, e, 1)),
  extract,
  extract_all: extractAll,
  extractall: extractAll,
  indexof,
  countof,
  reverse: (args, e) => `reverse(${arg(args, e, 0)})`,
  strcmp: (args, e) => `CAST(CASE WHEN ${arg(args, e, 0)} < ${arg(args, e, 1)} THEN -1 WHEN ${arg(args, e, 0)} > ${arg(args, e, 1)} THEN 1 ELSE 0 END AS ${SQL_TYPES[e.type]})`,
  translate: (args, e) => `kql_translate(${arg(args, e, 0)}, ${arg(args, e, 1)}, ${arg(args, e, 2)})`,
  base64_encode_tostring: base64Encode,
  base64_encodestring: base64Encode,
  base64_decode_tostring: base64Decode,
  base64_decodestring: base64Decode,
  base64_decode_toarray: base64DecodeToArray,
  hash_sha256: (args, e) => `sha256(${arg(args, e, 0)})`,
  hash_sha1: (args, e) => `sha1(${arg(args, e, 0)})`,
  hash_md5: (args, e) => `md5(${arg(args, e, 0)})`,
  url_encode: (args, e) => `kql_url_encode(${arg(args, e, 0)}, '+')`,
  url_encode_component: (args, e) => `kql_url_encode(${arg(args, e, 0)}, '%20')`,
  url_decode: (args, e) => `coalesce(try(url_decode(replace(${arg(args, e, 0)}, '+', ' '))), '')`,
  regex_quote: (args, e) => `regexp_escape(${arg(args, e, 0)})`,
};

/** DuckDB macros this family's emitters call (created on every query connection). */
export const STRING_MACROS: readonly string[] = [
  ...TERM_MACROS,
  ...STRINGS_MORE_MACROS,
  // substring(s, start, length): a negative start counts from the end; out-of-range parts give ''
  `CREATE OR REPLACE TEMP MACRO kql_substring(s, st, n) AS coalesce(CASE
     WHEN (CASE WHEN st < 0 THEN length(s) + st ELSE st END) < 0 OR n < 0 THEN ''
     ELSE substring(s, CAST(CASE WHEN st < 0 THEN length(s) + st ELSE st END AS BIGINT) + 1,
                    CAST(coalesce(n, length(s)) AS BIGINT)) END, '')`,
  `CREATE OR REPLACE TEMP MACRO kql_json_or_null(l) AS CASE WHEN len(l) = 0 THEN NULL ELSE to_json(l) END`,
  `CREATE OR REPLACE TEMP MACRO kql_split(s, d) AS CASE WHEN d = '' THEN [s] ELSE string_split(s, d) END`,
  // split(s, d, i): the i-th part as a one-element array, or null when there is none
  `CREATE OR REPLACE TEMP MACRO kql_split_index(parts, i) AS
     CASE WHEN i >= 0 AND i < len(parts) THEN to_json([parts[CAST(i AS BIGINT) + 1]]) END`,
  // Overlapping occurrences of a needle, as countof() counts them.
  `CREATE OR REPLACE TEMP MACRO kql_countof(s, n) AS CASE WHEN n = '' THEN 0 ELSE
     CAST(len(list_filter(range(1, length(s) - length(n) + 2), i -> substring(s, i, length(n)) = n)) AS BIGINT) END`,
  // The first match of m within `ln` characters from position f (ln = -1: to the end); -1 when there is none.
  `CREATE OR REPLACE TEMP MACRO kql_find(s, m, f, ln) AS CASE WHEN f > length(s) THEN -1 ELSE
     (CASE WHEN strpos(substring(s, f + 1, CASE WHEN ln = -1 THEN length(s) ELSE ln END), m) = 0 THEN -1
      ELSE f + strpos(substring(s, f + 1, CASE WHEN ln = -1 THEN length(s) ELSE ln END), m) - 1 END) END`,
  // indexof(s, m, start, length, occurrence): each further occurrence is searched from one past the previous one
  `CREATE OR REPLACE TEMP MACRO kql_indexof(s, m, st, ln, occ) AS CAST(CASE
     WHEN st IS NULL OR ln IS NULL OR occ IS NULL OR occ < 0 OR ln < -1 OR m = '' THEN NULL
     WHEN (CASE WHEN st < 0 THEN length(s) + st ELSE st END) < 0 THEN NULL
     WHEN occ <= 1 THEN kql_find(s, m, CASE WHEN st < 0 THEN length(s) + st ELSE st END, ln)
     ELSE list_reduce(range(CAST(occ AS BIGINT) - 1), (acc, x) -> CASE WHEN acc < 0 THEN acc ELSE kql_find(s, m, acc + 1, ln) END,
                      kql_find(s, m, CASE WHEN st < 0 THEN length(s) + st ELSE st END, ln)) END AS BIGINT)`,
  // translate(search, replacement, s): a short replacement list repeats its last character; an empty one deletes
  `CREATE OR REPLACE TEMP MACRO kql_translate(search, repl, s) AS translate(s, search,
     CASE WHEN repl = '' THEN '' ELSE rpad(CAST(repl AS VARCHAR), CAST(greatest(length(search), length(repl)) AS INTEGER), right(repl, 1)) END)`,
  `CREATE OR REPLACE TEMP MACRO kql_strrep(v, n, d) AS CASE WHEN n IS NULL OR n < 1 THEN '' ELSE
     repeat(v || d, CAST(least(n, 1024) AS BIGINT) - 1) || v END`,
  // URL encoding as .NET's UrlEncode: letters, digits and -_.!*() stay; other bytes are %xx in lower case
  `CREATE OR REPLACE TEMP MACRO kql_url_encode(s, space) AS coalesce(list_aggregate(list_transform(string_split(s, ''),
     c -> CASE WHEN regexp_full_match(c, '[A-Za-z0-9_.!*()-]') THEN c WHEN c = ' ' THEN space ELSE lower(url_encode(c)) END),
     'string_agg', ''), '')`,
];
