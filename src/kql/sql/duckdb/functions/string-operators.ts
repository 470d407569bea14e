/**
 * Kusto's string predicates: =~, has (whole terms), hasprefix, hassuffix, contains, startswith, endswith, in, in~,
 * has_any, has_all, matches regex, with their !, _cs and ~ forms. Case-insensitive forms compare lower-cased text.
 */
import type { Expr } from '../../../ir/types.js';
import type { ExprEmitter, FnEmitter } from '../emit.js';
import { str } from '../sql-text.js';
import { toStringSql } from './convert.js';

/** A Kusto string as SQL text; a stored NULL string reads as '' (Kusto strings are never null). */
export function text(sql: string, e: Expr): string {
  if (e.type !== 'string') return toStringSql(sql, e.type);
  return e.k === 'lit' ? sql : `coalesce(${sql}, '')`;
}

/** The literal string value of an argument, when it is one. */
export function litString(e: Expr): string | undefined {
  return e.k === 'lit' && typeof e.value === 'string' ? e.value : undefined;
}

/** A negated predicate; a NULL (non-string operand) counts as a non-match, so its negation is true. */
const not = (f: FnEmitter): FnEmitter => (a, e, cx) => `(NOT coalesce(${f(a, e, cx)}, FALSE))`;

/** Both operands as text, lower-cased for case-insensitive operators. */
function operands(ci: boolean): (a: string[], e: Expr & { args: Expr[] }) => [string, string] {
  return ([a, b], e) => {
    const x = text(a, e.args[0]);
    const y = text(b, e.args[1]);
    return ci ? [`lower(${x})`, `lower(${y})`] : [x, y];
  };
}

function simple(sqlFn: string, ci: boolean): FnEmitter {
  const ops = operands(ci);
  return (a, e) => {
    const [x, y] = ops(a, e);
    return `${sqlFn}(${x}, ${y})`;
  };
}

const eqCi: FnEmitter = (a, e) => {
  const [x, y] = operands(true)(a, e);
  return `(${x} = ${y})`;
};

// Kusto terms are maximal runs of letters and digits (any script); a term boundary is the text's edge or any
// other character.
const TERM_CHAR = /^[\p{L}\p{N}]$/u;
const BEFORE = '(?:^|[^\\pL\\pN])';
const AFTER = '(?:$|[^\\pL\\pN])';

/** Escapes a literal for use inside an RE2 pattern. */
export function regexQuote(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

type TermMode = 'has' | 'prefix' | 'suffix';

/**
 * The needle must sit on term boundaries: a needle that starts with a letter or digit must start a term (for has and
 * hasprefix), one that ends with a letter or digit must end a term (for has and hassuffix). A needle of separators
 * only is a plain substring test, and the empty needle always matches.
 */
function termSql(hay: string, needle: Expr, needleSql: string, cs: boolean, mode: TermMode): string {
  const h = cs ? hay : `lower(${hay})`;
  const lit = litString(needle);
  if (lit === undefined) return `kql_term_match(${h}, ${cs ? needleSql : `lower(${needleSql})`}, ${str(mode)})`;
  if (lit === '') return 'TRUE';
  const chars = [...lit];
  const left = mode !== 'suffix' && TERM_CHAR.test(chars[0]);
  const right = mode !== 'prefix' && TERM_CHAR.test(chars[chars.length - 1]);
  // The pattern must be a plain constant so DuckDB compiles it once. A case-insensitive needle is lower-cased here
  // (the text by DuckDB's lower()); outside ASCII the two may differ, so the regex also ignores case there.
  const needleText = cs ? lit : lit.toLowerCase();
  const n = str(needleText);
  // contains() is a fast prefilter (it runs on every row of big tables); the regex then checks the boundaries.
  if (!left && !right) return `contains(${h}, ${n})`;
  const flags = !cs && /[^\x00-\x7f]/.test(lit) ? ", 'i'" : '';
  const re = str(`${left ? BEFORE : ''}${regexQuote(needleText)}${right ? AFTER : ''}`);
  if (flags) return `regexp_matches(${h}, ${re}${flags})`;
  // CASE, not AND: DuckDB keeps short-circuiting a CASE even inside NOT/coalesce, so the regex runs only on hits.
  return `(CASE WHEN contains(${h}, ${n}) THEN regexp_matches(${h}, ${re}) ELSE FALSE END)`;
}

function term(cs: boolean, mode: TermMode): FnEmitter {
  return ([a, b], e) => termSql(text(a, e.args[0]), e.args[1], text(b, e.args[1]), cs, mode);
}

/** has_any / has_all: the needles may be scalars, dynamic arrays or a one-column table. */
function termSet(all: boolean, cs: boolean): FnEmitter {
  return (args, e, cx) => {
    const hay = text(args[0], e.args[0]);
    const parts: string[] = [];
    e.args.slice(1).forEach((arg, i) => {
      const sql = args[i + 1];
      if (arg.k === 'subquery') parts.push(subquerySet(hay, arg, cx, all, cs));
      else if (arg.type === 'dynamic' && arg.k === 'lit') {
        for (const v of jsonItems(arg.value)) parts.push(termSql(hay, { k: 'lit', value: v, type: 'string' }, str(v), cs, 'has'));
        if (all && arg.value !== null && jsonItems(arg.value).length === 0) parts.push('TRUE');
      } else if (arg.type === 'dynamic') {
        const list = `json_extract_string(${sql}, '$[*]')`;
        const h = cs ? hay : `lower(${hay})`;
        const needle = cs ? 'coalesce(t, \'\')' : 'lower(coalesce(t, \'\'))';
        parts.push(`coalesce(list_bool_${all ? 'and' : 'or'}(list_transform(${list}, t -> kql_term_match(${h}, ${needle}, 'has'))), ${all ? 'TRUE' : 'FALSE'})`);
      } else parts.push(termSql(hay, arg, text(sql, arg), cs, 'has'));
    });
    if (!parts.length) return all ? 'TRUE' : 'FALSE';
    return `(${parts.join(all ? ' AND ' : ' OR ')})`;
  };
}

function subquerySet(hay: string, arg: Expr, cx: ExprEmitter, all: boolean, cs: boolean): string {
  const h = cs ? hay : `lower(${hay})`;
  const needle = cs ? `coalesce(CAST(v AS VARCHAR), '')` : `lower(coalesce(CAST(v AS VARCHAR), ''))`;
  const set = `${cx.setOf(arg)} AS _hs(v)`;
  const match = `kql_term_match(${h}, ${needle}, 'has')`;
  return all ? `NOT EXISTS (SELECT 1 FROM ${set} WHERE NOT ${match})` : `EXISTS (SELECT 1 FROM ${set} WHERE ${match})`;
}

/** The string items of a dynamic literal (an array, or a single value). */
function jsonItems(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  let v: unknown;
  try { v = JSON.parse(String(value)); } catch { return [String(value)]; }
  const items = Array.isArray(v) ? v : [v];
  return items.filter(x => x !== null && x !== undefined)
    .map(x => (typeof x === 'string' ? x : typeof x === 'object' ? JSON.stringify(x) : String(x)));
}

/** x in (a, b, ...), with dynamic arrays and one-column tables among the candidates. */
function inList(ci: boolean): FnEmitter {
  return (args, e) => {
    const [x, ...rest] = args;
    const left = e.args[0];
    const stringy = left.type === 'string' || e.args.slice(1).some(a => a.type === 'string');
    const norm = (v: string) => (ci ? `lower(${v})` : v);
    const lhs = stringy || ci ? norm(text(x, left)) : x;
    const scalars: string[] = [];
    const sets: string[] = [];
    rest.forEach((v, i) => {
      const a = e.args[i + 1];
      if (a.k === 'subquery') {
        const col = stringy || ci ? norm(`coalesce(CAST(v AS VARCHAR), '')`) : 'v';
        sets.push(`${lhs} IN (SELECT ${col} FROM ${v} AS _s(v))`);
      } else if (a.type === 'dynamic') {
        const items = `json_extract_string(${v}, '$[*]')`;
        const target = stringy || ci ? lhs : norm(text(x, left));
        sets.push(`list_contains(${ci ? `list_transform(${items}, z -> lower(z))` : items}, ${target})`);
      } else scalars.push(stringy || ci ? norm(text(v, a)) : v);
    });
    const parts = [...(scalars.length ? [`${lhs} IN (${scalars.join(', ')})`] : []), ...sets];
    // SQL's IN yields NULL when a candidate is NULL; Kusto's in is simply false then.
    return parts.length ? `coalesce((${parts.join(' OR ')}), FALSE)` : 'FALSE';
  };
}

const matchesRegex: FnEmitter = ([a, b], e) => `regexp_matches(${text(a, e.args[0])}, ${b})`;

const has = term(false, 'has');
const hasCs = term(true, 'has');
const hasPrefix = term(false, 'prefix');
const hasPrefixCs = term(true, 'prefix');
const hasSuffix = term(false, 'suffix');
const hasSuffixCs = term(true, 'suffix');
const contains = simple('contains', true);
const containsCs = simple('contains', false);
const startsWith = simple('starts_with', true);
const startsWithCs = simple('starts_with', false);
const endsWith = simple('ends_with', true);
const endsWithCs = simple('ends_with', false);
const hasAny = termSet(false, false);
const hasAll = termSet(true, false);
const inCs = inList(false);
const inCi = inList(true);

export const STRING_OPERATORS: Record<string, FnEmitter> = {
  '=~': eqCi, '!~': not(eqCi),
  has, '!has': not(has), has_cs: hasCs, '!has_cs': not(hasCs),
  hasprefix: hasPrefix, '!hasprefix': not(hasPrefix), hasprefix_cs: hasPrefixCs, '!hasprefix_cs': not(hasPrefixCs),
  hassuffix: hasSuffix, '!hassuffix': not(hasSuffix), hassuffix_cs: hasSuffixCs, '!hassuffix_cs': not(hasSuffixCs),
  contains, '!contains': not(contains), contains_cs: containsCs, '!contains_cs': not(containsCs),
  startswith: startsWith, '!startswith': not(startsWith), startswith_cs: startsWithCs, '!startswith_cs': not(startsWithCs),
  endswith: endsWith, '!endswith': not(endsWith), endswith_cs: endsWithCs, '!endswith_cs': not(endsWithCs),
  has_any: hasAny, has_all: hasAll, has_any_cs: termSet(false, true), has_all_cs: termSet(true, true),
  in: inCs, '!in': not(inCs), 'in~': inCi, '!in~': not(inCi),
  'matches regex': matchesRegex,
};

/** Runtime term matching for needles that are not literals (the same rules as termSql). */
export const TERM_MACROS: readonly string[] = [
  `CREATE OR REPLACE TEMP MACRO kql_term_pattern(n, mode) AS
     (CASE WHEN mode <> 'suffix' AND regexp_matches(n, '^[\\pL\\pN]') THEN '(?:^|[^\\pL\\pN])' ELSE '' END)
     || regexp_escape(n)
     || (CASE WHEN mode <> 'prefix' AND regexp_matches(n, '[\\pL\\pN]$') THEN '(?:$|[^\\pL\\pN])' ELSE '' END)`,
  `CREATE OR REPLACE TEMP MACRO kql_term_match(h, n, mode) AS
     CASE WHEN n IS NULL OR n = '' THEN TRUE WHEN contains(h, n) THEN regexp_matches(h, kql_term_pattern(n, mode)) ELSE FALSE END`,
];
