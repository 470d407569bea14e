/**
 * union [kind=inner|outer] [withsource=Col] T1, T2, … (piped or as the first operator). The analyser gives the
 * output columns: every input's columns by name (outer, the default) or only the shared ones (inner); a name
 * with several types becomes one column per type (x_long, x_string), and withsource adds the source's name.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf, items } from '../../analyzer/bridge.js';
import type { Column, Expr, NamedExpr, Rel } from '../../ir/types.js';
import { columnsOf, ktype, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { parameter } from './join.js';

interface Source { rel: Rel; name?: string }

export const lowerUnion: OperatorLowering = (op, input, lw, scope) => {
  const sources: Source[] = input ? [{ rel: input }] : [];
  for (const e of listOf(op.Expressions)) {
    const sym = kindOf(e) === 'NameReference' ? e.ReferencedSymbol : undefined;
    if (sym && kindOf(sym) === 'GroupSymbol') {
      // a wildcard (Device*Events) that the analyser resolved into several tables
      for (const t of items(sym.Members)) sources.push({ rel: { k: 'scan', table: t.Name, cols: tableColumns(t, e) }, name: t.Name });
      continue;
    }
    const rel = lw.lowerTable(e, scope);
    sources.push({ rel, name: rel.k === 'scan' ? rel.table : undefined });
  }
  const source = parameter(op, 'withsource');
  let cols = columnsOf(op);
  if (parameter(op, 'kind')?.toLowerCase() === 'inner') {
    // the analyser lists every column; kind=inner keeps those that every input has (with the same type)
    cols = cols.filter(c => c.name === source || sources.every(s => ownColumn(s.rel, c)));
  }
  const sourceAt = source === undefined ? -1 : cols.findIndex(c => c.name === source);
  const inputs = sources.map((s, i) => align(s.rel, cols, sourceAt, s.name ?? `union_arg${i}`));
  return { k: 'union', cols, inputs };
};

/** The input's column that feeds the union's column `c`: same name, or the typed column a suffix names. */
function ownColumn(rel: Rel, c: Column): Column | undefined {
  return rel.cols.find(r => r.name === c.name) ?? rel.cols.find(r => `${r.name}_${r.type}` === c.name && r.type === c.type);
}

function tableColumns(table: Bridged, node: Bridged): Column[] {
  return [...items(table.Columns)].map((c: Bridged) => ({ name: c.Name as string, type: ktype(c.Type, node) }));
}

/**
 * One input projected onto the union's columns: its own column of that name, or the column of the type that
 * a suffixed name stands for (x_long from x:long), or an empty value. The dialect casts where types differ.
 */
function align(rel: Rel, cols: Column[], sourceAt: number, sourceName: string): Rel {
  const out: NamedExpr[] = cols.map((c, i) => {
    if (i === sourceAt) {
      return { name: c.name, expr: { k: 'lit', value: sourceName, type: 'string' } };
    }
    const own = ownColumn(rel, c);
    const expr: Expr = own ? { k: 'col', name: own.name, type: own.type } : { k: 'lit', value: c.type === 'string' ? '' : null, type: c.type };
    return { name: c.name, expr };
  });
  return { k: 'project', cols: out.map(i => ({ name: i.name, type: i.expr.type })), input: rel, items: out };
}
