/**
 * parse-kv: one column per listed key, holding the value of the key's first appearance in the text.
 * Each key becomes a regular expression anchored at a pair boundary (the start of the text or a pair
 * delimiter): `key kv_delimiter value`, the value running (lazily) to the next pair delimiter or the end,
 * or sitting between quotes. Keys and values are trimmed. A missing key gives '' (strings) or null.
 * Without delimiters, any non-alphanumeric character separates keys and values and a value is a run of word
 * characters. The regex= and greedy=true forms are not supported yet.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import type { Expr, KType } from '../../ir/types.js';
import { call, lit } from '../../ir/types.js';
import { unsupported } from '../../errors.js';
import { columnsOf, ktype, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput, passThrough } from './types.js';
import { escapeRegex } from './parse.js';

const CONVERT: Partial<Record<KType, string>> = {
  int: 'toint', long: 'tolong', real: 'toreal', decimal: 'todecimal', bool: 'tobool', datetime: 'todatetime',
  timespan: 'totimespan', guid: 'toguid', dynamic: 'todynamic',
};

interface Options { pair?: string; kv?: string; quotes: [string, string][] }

function options(op: Bridged): Options {
  const out: Options = { quotes: [] };
  for (const p of listOf(op.WithClause?.Properties)) {
    const name = String(p.Name?.SimpleName ?? '').toLowerCase();
    const value = p.Expression?.ConstantValue;
    if (name === 'pair_delimiter') out.pair = String(value ?? '');
    else if (name === 'kv_delimiter') out.kv = String(value ?? '');
    else if (name === 'quote') {
      const q = String(value ?? '');
      if (q.length) out.quotes.push([q[0], q[1] ?? q[0]]);
    } else if (name === 'escape') continue; // escaped quotes inside quoted values are rare; read them verbatim
    else if (name === 'greedy' && String(p.Expression?.ToString?.() ?? value).trim().toLowerCase() === 'false') continue;
    else throw unsupported(`parse-kv with ${name}=…`, p);
  }
  return out;
}

/** Character class (without brackets) excluding the given characters. */
function classOf(chars: string): string {
  return [...new Set(chars)].map(c => (/[\\\]^[-]/.test(c) ? `\\${c}` : c)).join('');
}

/** The regex whose groups hold a key's value: one group per quote pair, then the unquoted form. */
function keyRegex(key: string, o: Options): { regex: string; groups: number } {
  const k = escapeRegex(key);
  const quoted = o.quotes.map(([open, close]) => `${escapeRegex(open)}([^${classOf(close)}]*)${escapeRegex(close)}`);
  if (o.pair === undefined && o.kv === undefined) {
    // No delimiters: any non-word character separates; a value is a run of word characters.
    const value = [...quoted, '(\\w*)'].join('|');
    return { regex: `(?:^|\\W)${k}\\W+?\\s*(?:${value})`, groups: o.quotes.length + 1 };
  }
  const pair = escapeRegex(o.pair ?? ' ');
  const kv = escapeRegex(o.kv ?? '=');
  const keyPart = [k, ...o.quotes.map(([a, b]) => `${escapeRegex(a)}${k}${escapeRegex(b)}`)].join('|');
  const value = [...quoted.map(q => `${q}\\s*`), '(.*?)\\s*'].join('|');
  return { regex: `(?s)(?:^|${pair})\\s*(?:${keyPart})\\s*${kv}\\s*(?:${value})(?:${pair}|$)`, groups: o.quotes.length + 1 };
}

export const lowerParseKv: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const o = options(op);
  let src = lw.lowerExpr(op.Expression, scope);
  if (src.type !== 'string') src = call('tostring', 'string', src);
  const overrides = new Map<string, Expr>();
  for (const el of listOf(op.Keys?.Columns)) {
    const decl = el.Name;
    const name = String(decl.SimpleName);
    const type = ktype(decl.ResultType, el);
    const { regex, groups } = keyRegex(name, o);
    const re = lit(regex, 'string');
    const parts = Array.from({ length: groups }, (_, g) => call('extract', 'string', re, lit(BigInt(g + 1), 'long'), src));
    // Only one alternative takes part in a match; the others extract ''.
    const text = parts.length === 1 ? parts[0] : call('strcat', 'string', ...parts);
    const fn = CONVERT[type];
    overrides.set(name, fn ? call(fn, type, text) : text);
  }
  return passThrough(rel, columnsOf(op), overrides);
};
