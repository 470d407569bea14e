/**
 * find [withsource=Col] [in (T1, T2, …)] where Predicate [project-smart | project c1[:type], … [, pack_all()]]
 * (and `find Predicate …`, which searches every table of the database). Kusto documents its output schema, which
 * the analyser computes: the source column (source_ unless withsource names it), then with project-smart the
 * columns the predicate names and those common to all searched tables, then `pack_`, a bag of the row's other
 * columns; with project the listed columns (null where a table lacks one), and with pack_all() `pack_` holding
 * every column of the row.
 *
 * Each table is filtered on its own: a table that has none of the columns the predicate uses is not searched; in
 * a table that has some of them, a missing column is an empty value (so `A == x or B == y` over a table without B
 * keeps its rows where A == x, as Kusto's example shows). Bare terms (`find "x"`) match any column, as in search.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf, items } from '../../analyzer/bridge.js';
import type { Column, Expr, NamedExpr, Rel } from '../../ir/types.js';
import { call, col, lit } from '../../ir/types.js';
import { mapExpr } from '../../ir/walk.js';
import { unsupported } from '../../errors.js';
import { columnsOf, ktype, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { caseSensitive, predicate } from './search.js';

interface Source { rel: Rel; name: string }

function tableScan(table: Bridged, node: Bridged): Rel {
  return { k: 'scan', table: String(table.Name), cols: [...items(table.Columns)].map((c: Bridged) => ({ name: String(c.Name), type: ktype(c.Type, node) })) };
}

/** The column names an expression reads. */
function columnsRead(e: Expr, out = new Set<string>()): Set<string> {
  mapExpr(e, x => { if (x.k === 'col') out.add(x.name); return x; });
  return out;
}

/** The input's column feeding output column `c`: same name, or the typed column a suffix names (x_long). */
function ownColumn(rel: Rel, c: Column): Column | undefined {
  return rel.cols.find(r => r.name === c.name) ?? rel.cols.find(r => `${r.name}_${r.type}` === c.name && r.type === c.type);
}

const empty = (c: Column): Expr => lit(c.type === 'string' ? '' : null, c.type);

export const lowerFind: OperatorLowering = (op, input, lw, scope) => {
  if (input) throw unsupported('find after a pipe', op);
  const sources: Source[] = [];
  if (op.InClause) {
    listOf(op.InClause.Expressions).forEach((e: Bridged, i: number) => {
      const sym = kindOf(e) === 'NameReference' ? e.ReferencedSymbol : undefined;
      if (sym && kindOf(sym) === 'GroupSymbol') {
        for (const t of items(sym.Members)) sources.push({ rel: tableScan(t, e), name: String(t.Name) });
        return;
      }
      const rel = lw.lowerTable(e, scope);
      sources.push({ rel, name: rel.k === 'scan' ? rel.table : `find_arg${i}` });
    });
  } else {
    for (const t of lw.tables) sources.push({ rel: tableScan(t, op), name: String(t.Name) });
  }
  const cols = columnsOf(op);
  const sourceCol = cols[0];
  const projectText = op.Project ? String(op.Project.ToString?.() ?? '') : '';
  const packAll = /\bpack_all\s*\(/i.test(projectText);
  const packAt = cols.findIndex(c => c.name === 'pack_' && c.type === 'dynamic');
  const named = new Set(cols.filter((_, i) => i !== 0 && i !== packAt).map(c => c.name));
  const cs = caseSensitive(op);

  const inputs: Rel[] = [];
  for (const s of sources) {
    const have = new Set(s.rel.cols.map(c => c.name));
    const outerRow = lw.rowColumns;
    lw.rowColumns = s.rel.cols;
    let pred: Expr;
    try {
      pred = predicate(op.Condition, s.rel, cs, lw, scope);
    } finally {
      lw.rowColumns = outerRow;
    }
    const used = columnsRead(pred);
    if (used.size && ![...used].some(n => have.has(n))) continue; // none of the predicate's columns: not searched
    pred = mapExpr(pred, x => (x.k === 'col' && !have.has(x.name) ? empty(x) : x));
    const filtered: Rel = { k: 'filter', cols: s.rel.cols, input: s.rel, pred };
    const out: NamedExpr[] = cols.map((c, i) => {
      if (i === 0) return { name: c.name, expr: lit(s.name, 'string') };
      if (i === packAt) {
        const packed = s.rel.cols.filter(r => packAll || !named.has(r.name));
        return { name: c.name, expr: call('bag_pack', 'dynamic', ...packed.flatMap(r => [lit(r.name, 'string'), col(r.name, r.type)])) };
      }
      const own = ownColumn(s.rel, c);
      return { name: c.name, expr: own ? col(own.name, own.type) : empty(c) };
    });
    inputs.push({ k: 'project', cols: out.map(o => ({ name: o.name, type: o.expr.type })), input: filtered, items: out });
  }
  if (!inputs.length) {
    // no table has a column the predicate reads: an empty result of the analyser's schema
    return { k: 'filter', cols, input: { k: 'values', cols, rows: [cols.map(c => (c === sourceCol ? lit('', 'string') : empty(c)))] }, pred: lit(false, 'bool') };
  }
  return inputs.length === 1 ? inputs[0] : { k: 'union', cols, inputs };
};
