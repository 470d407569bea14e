/**
 * mv-apply: expands one or more arrays of each row (as mv-expand does) into a small table, runs the subquery on
 * it, and joins the row with what the subquery returned. The subquery sees the row's columns with the expanded
 * ones, then the item index; lowered as an apply whose leaf is that row, mv-expanded.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';
import type { Column, KType, Rel } from '../../ir/types.js';
import { columnsOf, ktype, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';
import { parameter } from './join.js';

/** The name Kusto gives an expanded item: its own, its column's, or a fresh one from the output. */
function itemName(e: Bridged, fresh: string[]): string {
  if (kindOf(e) === 'SimpleNamedExpression') return e.Name.SimpleName as string;
  if (kindOf(e) === 'NameReference' && e.ReferencedSymbol && kindOf(e.ReferencedSymbol) === 'ColumnSymbol') return e.ReferencedSymbol.Name as string;
  return fresh.shift() ?? `Column${fresh.length + 1}`;
}

export const lowerMvApply: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const cols = columnsOf(op);
  const mode = parameter(op, 'bagexpansion')?.toLowerCase();
  if (mode && mode !== 'bag' && mode !== 'array') throw lw.error(`Not supported yet: mv-apply bagexpansion=${mode}`, op);
  if (op.ContextIdClause) throw lw.error('Not supported yet: mv-apply with a context id', op.ContextIdClause);
  const indexName = parameter(op, 'with_itemindex');

  const items = listOf(op.Expressions);
  const named = new Set(items.map(it => it.Expression).filter(e => kindOf(e) === 'SimpleNamedExpression').map(e => e.Name.SimpleName as string));
  const inputNames = new Set(rel.cols.map(c => c.name));
  const fresh = cols.map(c => c.name).filter(n => !inputNames.has(n) && !named.has(n) && n !== indexName);
  const columns = items.map(it => {
    const e = it.Expression;
    const name = itemName(e, fresh);
    const declared = it.ToTypeOf?.TypeOf?.ReferencedSymbol;
    const type: KType = declared ? ktype(declared, it) : 'dynamic';
    return { name, expr: lw.lowerExpr(kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e, scope), type };
  });

  // the subquery's table: the row's columns (expanded ones retyped in place), new expanded columns, the index
  const byName = new Map(columns.map(c => [c.name, c.type]));
  const expandedCols: Column[] = [
    ...rel.cols.map(c => ({ name: c.name, type: byName.get(c.name) ?? c.type })),
    ...columns.filter(c => !inputNames.has(c.name)).map(c => ({ name: c.name, type: c.type })),
    ...(indexName ? [{ name: indexName, type: 'long' as KType }] : []),
  ];
  let limit: number | undefined;
  const limitNode = op.RowLimitClause?.RowLimit;
  if (limitNode) {
    const e = lw.lowerExpr(limitNode, scope);
    if (e.k !== 'lit' || e.value === null || typeof e.value === 'string' || typeof e.value === 'boolean') {
      throw lw.error('The mv-apply limit must be a constant number', limitNode);
    }
    limit = Number(e.value);
  }
  const alias = lw.freshName('lo');
  const row: Rel = { k: 'outer', cols: rel.cols, alias };
  const expanded: Rel = { k: 'mvexpand', cols: expandedCols, input: row, columns, index: indexName, limit, bagExpansion: mode === 'array' ? 'array' : 'bag' };
  const sub = lw.lowerOnto(op.Subquery.Expression, expanded, scope);
  return { k: 'apply', cols, input: rel, sub, alias };
};
