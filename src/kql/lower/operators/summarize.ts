/**
 * summarize: groups by key expressions and computes aggregates. Output columns are the keys, then each
 * aggregate's columns (arg_max/arg_min yield several: the extreme value, then the columns taken from its row).
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf, items } from '../../analyzer/bridge.js';
import type { Column, Expr, NamedExpr, Rel } from '../../ir/types.js';
import { columnsOf, listOf } from '../context.js';
import type { Lowerer } from '../lowerer.js';
import type { Scope } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

export const lowerSummarize: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const cols = columnsOf(op);
  const byExprs = op.ByClause ? listOf(op.ByClause.Expressions) : [];
  const keys: NamedExpr[] = byExprs.map((e, i) => ({
    name: cols[i].name,
    expr: lw.lowerExpr(kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e, scope),
  }));
  const aggs: NamedExpr[] = [];
  let at = byExprs.length;
  for (const e of listOf(op.Aggregates)) {
    at = lowerAggregateItem(e, rel, cols, at, aggs, lw, scope);
  }
  if (at !== cols.length) throw lw.error('Not supported yet: this combination of aggregates', op);
  return { k: 'aggregate', cols, input: rel, keys, aggs };
};

/** Adds the aggregate columns of one summarize item, starting at output position `at`; returns the next position. */
export function lowerAggregateItem(e: Bridged, input: Rel, cols: Column[], at: number, out: NamedExpr[], lw: Lowerer, scope: Scope): number {
  const named = kindOf(e) === 'SimpleNamedExpression';
  const value = named ? e.Expression : e;
  const tuple = value.ResultType && kindOf(value.ResultType) === 'TupleSymbol' ? [...items(value.ResultType.Columns)] : null;
  const fn = kindOf(value) === 'FunctionCallExpression' ? (value.ReferencedSymbol?.Name as string) : '';
  if (!/^arg_?(max|min)$/.test(fn)) {
    out.push({ name: cols[at].name, expr: lw.lowerExpr(value, scope) });
    return at + 1;
  }
  // arg_max(by, c1, c2 | *): the extreme of `by`, then each column's value at that row.
  const which = fn.includes('max') ? 'max' : 'min';
  const args = listOf(value.ArgumentList.Expressions);
  const by = lw.lowerExpr(args[0], scope);
  out.push({ name: cols[at].name, expr: { k: 'agg', fn: which, args: [by], type: by.type } });
  if (named || !tuple) return at + 1;
  const explicit = args.slice(1).filter(a => kindOf(a) !== 'StarExpression');
  const star = args.slice(1).some(a => kindOf(a) === 'StarExpression');
  for (let j = 1; j < tuple.length; j++) {
    const tc: Bridged = tuple[j];
    let source: Expr;
    if (!star && explicit[j - 1]) {
      const a = explicit[j - 1];
      source = lw.lowerExpr(kindOf(a) === 'SimpleNamedExpression' ? a.Expression : a, scope);
    } else {
      const c = input.cols.find(ic => ic.name === tc.Name);
      if (!c) throw lw.error(`Not supported yet: the column '${tc.Name}' of ${fn}`, e);
      source = { k: 'col', name: c.name, type: c.type };
    }
    out.push({ name: cols[at + j].name, expr: { k: 'agg', fn: `value_at_${which}`, args: [source, by], type: source.type } });
  }
  return at + tuple.length;
}
