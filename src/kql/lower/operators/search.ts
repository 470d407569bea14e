/**
 * search: a filter whose bare string terms match any column, plus a leading `$table` column naming the source.
 * A term's wildcards pick the operator, as Kusto documents: "x" has, "x*" hasprefix, "*x" hassuffix,
 * "*x*" contains, "a*b" matches regex \ba.*b\b; `col:"x"` limits a term to one column; `*` matches every row.
 * kind=case_sensitive makes every string operator of the predicate case-sensitive.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';
import type { Expr, NamedExpr, Rel } from '../../ir/types.js';
import { call, col, lit } from '../../ir/types.js';
import { mapExpr } from '../../ir/walk.js';
import { unsupported } from '../../errors.js';
import { columnsOf, listOf, type Scope } from '../context.js';
import type { Lowerer } from '../lowerer.js';
import type { OperatorLowering } from './types.js';
import { needInput, passThrough } from './types.js';
import { escapeRegex } from './parse.js';
import { empty, ownColumn, sourcesOf } from './table-sources.js';

/** The case-sensitive form of each case-insensitive string operator. */
const CASE_SENSITIVE: Record<string, string> = {
  has: 'has_cs', '!has': '!has_cs', hasprefix: 'hasprefix_cs', '!hasprefix': '!hasprefix_cs',
  hassuffix: 'hassuffix_cs', '!hassuffix': '!hassuffix_cs', contains: 'contains_cs', '!contains': '!contains_cs',
  startswith: 'startswith_cs', '!startswith': '!startswith_cs', endswith: 'endswith_cs', '!endswith': '!endswith_cs',
  has_any: 'has_any_cs', has_all: 'has_all_cs', 'in~': 'in', '!in~': '!in', '=~': '==', '!~': '!=',
};

/** One column's text matched against a search term, with the operator its wildcards call for. */
export function termMatch(target: Expr, term: string, caseSensitive: boolean): Expr {
  const text = target.type === 'string' ? target : call('tostring', 'string', target);
  const inner = term.replace(/^\*+|\*+$/g, '');
  const lead = term.startsWith('*');
  const trail = term.endsWith('*') && term.length > 1;
  const cs = (fn: string) => (caseSensitive ? CASE_SENSITIVE[fn] ?? fn : fn);
  if (inner.includes('*')) {
    // a wildcard spans characters of one column, never the separator of a joined row
    const body = inner.split('*').map(escapeRegex).join('[^\\x01]*');
    const re = `${caseSensitive ? '' : '(?i)'}${lead ? '' : '\\b'}${body}${trail ? '' : '\\b'}`;
    return call('matches regex', 'bool', text, lit(re, 'string'));
  }
  const fn = lead && trail ? 'contains' : lead ? 'hassuffix' : trail ? 'hasprefix' : 'has';
  return call(cs(fn), 'bool', text, lit(inner, 'string'));
}

/**
 * A term in any column: matched once against the row's columns joined by a control character, which is never part
 * of a term, so a match cannot span two columns. One match per row instead of one per column: a search over every
 * table checks thousands of columns, and each separate match would cost its own regular expression.
 */
const SEPARATOR = '\u0001';

function anyColumn(rel: Rel, term: string, caseSensitive: boolean): Expr {
  if (term === '*') return lit(true, 'bool');
  if (!rel.cols.length) return lit(false, 'bool');
  if (rel.cols.length === 1) return termMatch(col(rel.cols[0].name, rel.cols[0].type), term, caseSensitive);
  const row = call('strcat_delim', 'string', lit(SEPARATOR, 'string'), ...rel.cols.map(c => col(c.name, c.type)));
  return termMatch(row, term, caseSensitive);
}

function stringValue(node: Bridged): string | undefined {
  const k = kindOf(node);
  if (k !== 'LiteralExpression' && k !== 'CompoundStringLiteralExpression') return undefined;
  return typeof node.ConstantValue === 'string' ? node.ConstantValue : undefined;
}

/** The search predicate over `rel`'s columns: bare terms match any column, other expressions as in where. */
export function predicate(node: Bridged, rel: Rel, cs: boolean, lw: Lowerer, scope: Scope): Expr {
  const k = kindOf(node);
  const term = stringValue(node);
  if (term !== undefined) return anyColumn(rel, term, cs);
  if (k === 'StarExpression') return lit(true, 'bool');
  if (k === 'LiteralExpression' && node.ResultType?.Name !== 'bool') {
    // a bare number (search 42) is a term too; the engine matches it in the string columns only
    const text = String(node.Token?.Text ?? '');
    const parts = rel.cols.filter(c => c.type === 'string').map(c => termMatch(col(c.name, c.type), text, cs));
    return parts.length ? parts.reduce((a, b) => call('or', 'bool', a, b)) : lit(false, 'bool');
  }
  if (k === 'ParenthesizedExpression') return predicate(node.Expression, rel, cs, lw, scope);
  if (k === 'BinaryExpression') {
    const op = String(node.Operator?.Text ?? '').toLowerCase();
    if (op === 'and' || op === 'or') {
      return call(op, 'bool', predicate(node.Left, rel, cs, lw, scope), predicate(node.Right, rel, cs, lw, scope));
    }
    if (op === ':') {
      const value = stringValue(node.Right);
      const target = lw.lowerExpr(node.Left, scope);
      return value !== undefined ? termMatch(target, value, cs) : call('==', 'bool', target, lw.lowerExpr(node.Right, scope));
    }
  }
  if (k === 'FunctionCallExpression' && String(node.Name?.SimpleName ?? '').toLowerCase() === 'not') {
    const args = listOf(node.ArgumentList.Expressions);
    if (args.length === 1) return call('not', 'bool', predicate(args[0], rel, cs, lw, scope));
  }
  const e = lw.lowerExpr(node, scope);
  return cs ? mapExpr(e, x => (x.k === 'call' && CASE_SENSITIVE[x.fn] ? { ...x, fn: CASE_SENSITIVE[x.fn] } : x)) : e;
}

/** The operator's predicate over one source's own row (what `*` and bare terms read). */
export function predicateOver(op: Bridged, rel: Rel, cs: boolean, lw: Lowerer, scope: Scope): Expr {
  const outerRow = lw.rowColumns;
  lw.rowColumns = rel.cols;
  try {
    return predicate(op.Condition, rel, cs, lw, scope);
  } finally {
    lw.rowColumns = outerRow;
  }
}

/** A column the source lacks reads as an empty value ('' or null). */
export function missingAsEmpty(pred: Expr, rel: Rel): Expr {
  const have = new Set(rel.cols.map(c => c.name));
  return mapExpr(pred, x => (x.k === 'col' && !have.has(x.name) ? empty(x) : x));
}

export function caseSensitive(op: Bridged): boolean {
  for (const p of listOf(op.Parameters)) {
    if (String(p.Name?.SimpleName ?? '').toLowerCase() !== 'kind') continue;
    const v = String(p.Expression?.Token?.Text ?? p.Expression?.ConstantValue ?? '').toLowerCase();
    return v === 'case_sensitive';
  }
  return false;
}

/** Kusto names the source: a table's own name, or search_arg0 for any other tabular expression. */
function sourceName(op: Bridged): string {
  const parent = op.Parent;
  const src = parent && kindOf(parent) === 'PipeExpression' ? parent.Expression : undefined;
  const sym = src && kindOf(src) === 'NameReference' ? src.ReferencedSymbol : undefined;
  return sym && kindOf(sym) === 'TableSymbol' ? String(sym.Name) : 'search_arg0';
}

export const lowerSearch: OperatorLowering = (op, input, lw, scope) => {
  if (op.InClause || !input) return searchTables(op, lw, scope);
  const rel = needInput(input, op);
  const filtered: Rel = { k: 'filter', cols: rel.cols, input: rel, pred: predicate(op.Condition, rel, caseSensitive(op), lw, scope) };
  const cols = columnsOf(op);
  const table = cols.find(c => c.name === '$table');
  const overrides = new Map<string, Expr>(table ? [[table.name, lit(sourceName(op), 'string')]] : []);
  return passThrough(filtered, cols, overrides);
};

/**
 * `search in (T1, T2, …) …` and a search that starts a query (every table of the database): each table is
 * filtered on its own columns, a column it lacks reading as empty, and its rows take the analyser's output schema
 * (`$table`, then the columns of all tables, a clash of names with different types suffixed by the type), with
 * null or '' where the table has no such column.
 */
function searchTables(op: Bridged, lw: Lowerer, scope: Scope): Rel {
  const sources = sourcesOf(op, lw, scope, 'search_arg');
  const cols = columnsOf(op);
  const cs = caseSensitive(op);
  const inputs: Rel[] = sources.map(s => {
    const filtered: Rel = { k: 'filter', cols: s.rel.cols, input: s.rel, pred: missingAsEmpty(predicateOver(op, s.rel, cs, lw, scope), s.rel) };
    // each table gives the columns it has; the union fills in the others
    const out: NamedExpr[] = cols.flatMap(c => {
      if (c.name === '$table') return [{ name: c.name, expr: lit(s.name, 'string') }];
      const own = ownColumn(s.rel, c);
      return own ? [{ name: c.name, expr: col(own.name, own.type) }] : [];
    });
    return { k: 'project', cols: out.map(o => ({ name: o.name, type: o.expr.type })), input: filtered, items: out };
  });
  if (!inputs.length) throw unsupported('search over no table', op);
  return inputs.length === 1 && inputs[0].cols.length === cols.length ? inputs[0] : { k: 'union', cols, inputs };
}
