/** What find and search read from several tables: a table's scan, and a row's value for a column of the combined schema. */
import type { Bridged } from '../../analyzer/bridge.js';
import { items, kindOf } from '../../analyzer/bridge.js';
import type { Column, Expr, Rel } from '../../ir/types.js';
import { lit } from '../../ir/types.js';
import { ktype, listOf, type Scope } from '../context.js';
import type { Lowerer } from '../lowerer.js';

export interface Source { rel: Rel; name: string }

/**
 * The tables an operator's `in (…)` names (a table group such as fork's counts as its members; any other tabular
 * expression is named `<prefix><position>`), or every table of the database when it has none.
 */
export function sourcesOf(op: Bridged, lw: Lowerer, scope: Scope, prefix: string): Source[] {
  if (!op.InClause) return lw.tables.map(t => ({ rel: tableScan(t, op), name: String(t.Name) }));
  const sources: Source[] = [];
  listOf(op.InClause.Expressions).forEach((e: Bridged, i: number) => {
    const sym = kindOf(e) === 'NameReference' ? e.ReferencedSymbol : undefined;
    if (sym && kindOf(sym) === 'GroupSymbol') {
      for (const t of items(sym.Members)) sources.push({ rel: tableScan(t, e), name: String(t.Name) });
      return;
    }
    const rel = lw.lowerTable(e, scope);
    sources.push({ rel, name: rel.k === 'scan' ? rel.table : `${prefix}${i}` });
  });
  return sources;
}

export function tableScan(table: Bridged, node: Bridged): Rel {
  return { k: 'scan', table: String(table.Name), cols: [...items(table.Columns)].map((c: Bridged) => ({ name: String(c.Name), type: ktype(c.Type, node) })) };
}

/** The input's column feeding output column `c`: same name, or the typed column a suffix names (x_long). */
export function ownColumn(rel: Rel, c: Column): Column | undefined {
  return rel.cols.find(r => r.name === c.name) ?? rel.cols.find(r => `${r.name}_${r.type}` === c.name && r.type === c.type);
}

export const empty = (c: Column): Expr => lit(c.type === 'string' ? '' : null, c.type);
