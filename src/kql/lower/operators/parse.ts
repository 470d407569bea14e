/**
 * parse and parse-where: a pattern of string constants, typed columns and `*` becomes one regular expression
 * whose numbered groups feed the new columns (extract() per group, then a conversion per column type).
 *
 * Modes, as Kusto defines them:
 * - simple (default): constants are literal text; a string column takes the shortest text up to the next
 *   constant, or the rest of the text when it ends the pattern; typed columns must convert, or the whole
 *   match fails (every new column is then empty/null);
 * - regex: constants are regular expressions (flags=… adds inline flags), string columns are greedy `(.*)`;
 *   strict like simple;
 * - relaxed: like simple, but every column matches any text and a column that does not convert is null alone.
 * parse-where keeps only the rows that matched (strictly).
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';
import type { Expr, KType, NamedExpr, Rel } from '../../ir/types.js';
import { call, col, lit } from '../../ir/types.js';
import { unsupported } from '../../errors.js';
import { columnsOf, ktype, listOf, type Scope } from '../context.js';
import type { Lowerer } from '../lowerer.js';
import type { OperatorLowering } from './types.js';
import { needInput, passThrough } from './types.js';

type Kind = 'simple' | 'regex' | 'relaxed';

interface Capture { name: string; type: KType; group: number }

/** Conversion function (a Kusto name) that turns the captured text into each column type. */
const CONVERT: Partial<Record<KType, string>> = {
  int: 'toint', long: 'tolong', real: 'toreal', decimal: 'todecimal', bool: 'tobool', datetime: 'todatetime',
  timespan: 'totimespan', guid: 'toguid', dynamic: 'todynamic',
};

/** Regex text matching a whole value of a type, in strict modes (others match any text and convert later). */
const VALUE_PATTERN: Partial<Record<KType, string>> = {
  int: '(-?\\d+)', long: '(-?\\d+)',
  real: '(-?\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?)', decimal: '(-?\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?)',
  bool: '((?i:true|false))',
};

/** Escapes RE2 metacharacters so a simple-mode constant matches itself. */
export function escapeRegex(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** The number of capturing groups in a user regex, so our own groups are numbered after them. */
export function countGroups(re: string): number {
  let n = 0;
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') { i++; continue; }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      if (re[i + 1] === '^') i++;
      if (re[i + 1] === ']') i++; // a leading ] is a literal inside a class
      continue;
    }
    if (c !== '(') continue;
    if (re[i + 1] !== '?') n++;
    else if (re[i + 2] === 'P' && re[i + 3] === '<') n++; // (?P<name>…)
    else if (re[i + 2] === '<' && re[i + 3] !== '=' && re[i + 3] !== '!') n++; // (?<name>…)
  }
  return n;
}

function paramText(p: Bridged): string {
  const e = p.Expression;
  const v = e?.ConstantValue ?? e?.Token?.Text ?? e?.ToString?.() ?? '';
  return String(v).trim();
}

function modeOf(op: Bridged): { kind: Kind; flags: string } {
  let kind: Kind = 'simple';
  let flags = '';
  for (const p of listOf(op.Parameters)) {
    const name = String(p.Name?.SimpleName ?? '').toLowerCase();
    const value = paramText(p);
    if (name === 'kind') {
      const k = value.toLowerCase();
      if (k !== 'simple' && k !== 'regex' && k !== 'relaxed') throw unsupported(`parse kind=${value}`, p);
      kind = k;
    } else if (name === 'flags') flags = value;
  }
  return { kind, flags };
}

/** The regular expression for a pattern and the group that feeds each new column. */
export function buildPattern(op: Bridged, kind: Kind, flags: string): { regex: string; captures: Capture[] } {
  const elements = listOf(op.Patterns);
  const parts: string[] = [];
  const captures: Capture[] = [];
  let groups = 0;
  elements.forEach((el, i) => {
    const k = kindOf(el);
    const last = i === elements.length - 1;
    if (k === 'StarExpression') {
      parts.push('.*?');
    } else if (k === 'LiteralExpression' || k === 'CompoundStringLiteralExpression') {
      const text = String(el.ConstantValue ?? '');
      if (kind === 'regex') {
        parts.push(`(?:${text})`);
        groups += countGroups(text);
      } else parts.push(escapeRegex(text));
    } else if (k === 'NameDeclaration' || k === 'NameAndTypeDeclaration') {
      const decl = k === 'NameDeclaration' ? el : el.Name;
      const name = String(decl.SimpleName ?? decl.Name?.SimpleName);
      const type = ktype(decl.ResultType, el);
      const strict = kind !== 'relaxed' && VALUE_PATTERN[type];
      parts.push(strict || (kind === 'regex' || last ? '(.*)' : '(.*?)'));
      captures.push({ name, type, group: ++groups });
    } else throw unsupported(`'${k}' in a parse pattern`, el);
  });
  const inline = kind === 'regex' ? [...new Set(flags.replace(/[^imsU]/g, ''))].join('') : '';
  return { regex: (inline ? `(?${inline})` : '') + parts.join(''), captures };
}

interface Lowered { rel: Rel; matched: Expr }

function lowerPattern(op: Bridged, input: Rel, lw: Lowerer, scope: Scope, forWhere: boolean): Lowered {
  const { kind, flags } = modeOf(op);
  const { regex, captures } = buildPattern(op, kind, flags);
  let src = lw.lowerExpr(op.Expression, scope);
  if (src.type !== 'string') src = call('tostring', 'string', src);
  const re = lit(regex, 'string');
  const cols = columnsOf(op);

  // Stage 1: the raw text of every group, once per row, in hidden columns.
  const raw = captures.map(() => lw.freshName('parse'));
  const stage1Items: NamedExpr[] = [
    ...input.cols.map(c => ({ name: c.name, expr: col(c.name, c.type) })),
    ...captures.map((c, i) => ({ name: raw[i], expr: call('extract', 'string', re, lit(BigInt(c.group), 'long'), src) })),
  ];
  const stage1: Rel = {
    k: 'project', cols: [...input.cols, ...raw.map(name => ({ name, type: 'string' as KType }))], input, items: stage1Items,
  };
  const converted = (c: Capture, i: number): Expr => {
    const text = col(raw[i], 'string');
    const fn = CONVERT[c.type];
    return fn ? call(fn, c.type, text) : text;
  };
  const typed = captures.map((c, i) => ({ c, i })).filter(x => x.c.type !== 'string');
  const strict = kind !== 'relaxed' && typed.length > 0;
  const matched = call('matches regex', 'bool', src, re);

  if (!strict) {
    const rel = passThrough(stage1, cols, new Map(captures.map((c, i) => [c.name, converted(c, i)])));
    return { rel, matched };
  }
  // Strict: compute the typed values in hidden columns, then blank the whole match when one did not convert.
  const conv = captures.map(() => lw.freshName('parsev'));
  const stage2: Rel = {
    k: 'project',
    cols: [...stage1.cols, ...captures.map((c, i) => ({ name: conv[i], type: c.type }))],
    input: stage1,
    items: [...stage1.cols.map(c => ({ name: c.name, expr: col(c.name, c.type) })),
      ...captures.map((c, i) => ({ name: conv[i], expr: converted(c, i) }))],
  };
  const ok = typed.map(({ c, i }) => call('isnotnull', 'bool', col(conv[i], c.type)))
    .reduce((a, b) => call('and', 'bool', a, b));
  const overrides = new Map(captures.map((c, i) => {
    const v = col(conv[i], c.type);
    if (forWhere) return [c.name, v];
    return [c.name, call('iff', c.type, ok, v, c.type === 'string' ? lit('', 'string') : lit(null, c.type))];
  }));
  return { rel: passThrough(stage2, cols, overrides), matched: call('and', 'bool', matched, ok) };
}

export const lowerParse: OperatorLowering = (op, input, lw, scope) =>
  lowerPattern(op, needInput(input, op), lw, scope, false).rel;

/** parse-where: parse, keeping only rows that matched; the filter runs before the hidden columns are dropped. */
export const lowerParseWhere: OperatorLowering = (op, input, lw, scope) => {
  const { rel, matched } = lowerPattern(op, needInput(input, op), lw, scope, true);
  if (rel.k !== 'project') return rel;
  const filtered: Rel = { k: 'filter', cols: rel.input.cols, input: rel.input, pred: matched };
  return { ...rel, input: filtered };
};
