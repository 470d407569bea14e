/**
 * summarize: groups by key expressions and computes aggregates. Output columns are the keys, then each
 * aggregate's columns. Some aggregates yield several (the analyser types them as tuples): arg_max/arg_min (the
 * extreme, then the columns taken from its row), percentiles (one per percentile), take_any(a, b, …).
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

/** The value of `name = expr`, `(a, b) = expr` or a bare expr. */
function valueOf(e: Bridged): Bridged {
  const kind = kindOf(e);
  return kind === 'SimpleNamedExpression' || kind === 'CompoundNamedExpression' ? e.Expression : e;
}

/** Adds the aggregate columns of one summarize item, starting at output position `at`; returns the next position. */
export function lowerAggregateItem(e: Bridged, input: Rel, cols: Column[], at: number, out: NamedExpr[], lw: Lowerer, scope: Scope): number {
  const value = valueOf(e);
  const tuple: Bridged[] | null = value.ResultType && kindOf(value.ResultType) === 'TupleSymbol' ? [...items(value.ResultType.Columns)] : null;
  const fn = kindOf(value) === 'FunctionCallExpression' ? (value.ReferencedSymbol?.Name as string) : '';
  if (!tuple && /^arg_?(max|min)$/.test(fn)) {
    // name = arg_max(by, *): only the extreme itself.
    const by = lw.lowerExpr(valueOf(listOf(value.ArgumentList.Expressions)[0]), scope);
    out.push({ name: cols[at].name, expr: { k: 'agg', fn: fn.includes('max') ? 'max' : 'min', args: [by], type: cols[at].type } });
    return at + 1;
  }
  if (!tuple) {
    out.push({ name: cols[at].name, expr: lw.lowerExpr(value, scope) });
    return at + 1;
  }
  const args = listOf(value.ArgumentList.Expressions);
  const arg = (a: Bridged) => lw.lowerExpr(valueOf(a), scope);
  const push = (j: number, expr: Expr) => out.push({ name: cols[at + j].name, expr });
  const typeAt = (j: number) => cols[at + j].type;

  if (/^arg_?(max|min)$/.test(fn)) {
    // arg_max(by, c1, c2 | *): the extreme of `by`, then each column's value at that row.
    const which = fn.includes('max') ? 'max' : 'min';
    const by = arg(args[0]);
    push(0, { k: 'agg', fn: which, args: [by], type: typeAt(0) });
    const explicit = args.slice(1).filter(a => kindOf(a) !== 'StarExpression');
    const star = args.slice(1).some(a => kindOf(a) === 'StarExpression');
    for (let j = 1; j < tuple.length; j++) {
      const source = star ? inputColumn(tuple[j], input, lw, e) : explicit[j - 1] ? arg(explicit[j - 1]) : inputColumn(tuple[j], input, lw, e);
      push(j, { k: 'agg', fn: `value_at_${which}`, args: [source, by], type: typeAt(j) });
    }
    return at + tuple.length;
  }
  if (fn === 'percentiles' || fn === 'percentilesw') {
    // percentiles(x, 5, 50, 95): one column per percentile; percentilesw(x, w, …) carries the weight too.
    const fixed = fn === 'percentiles' ? 1 : 2;
    const lead = args.slice(0, fixed).map(arg);
    tuple.forEach((_, j) => push(j, { k: 'agg', fn: fn === 'percentiles' ? 'percentile' : 'percentilew', args: [...lead, arg(args[fixed + j])], type: typeAt(j) }));
    return at + tuple.length;
  }
  if (fn === 'take_any' || fn === 'any') {
    // take_any(a, b | *): every column from one same row.
    const star = args.some(a => kindOf(a) === 'StarExpression');
    tuple.forEach((tc, j) => push(j, { k: 'agg', fn: 'take_any_row', args: [star ? inputColumn(tc, input, lw, e) : arg(args[j])], type: typeAt(j) }));
    return at + tuple.length;
  }
  throw lw.error(`Not supported yet: the aggregate '${fn}' with several result columns`, e);
}

/** The input column a tuple column of `*` stands for (matched by name). */
function inputColumn(tc: Bridged, input: Rel, lw: Lowerer, e: Bridged): Expr {
  const c = input.cols.find(ic => ic.name === tc.Name);
  if (!c) throw lw.error(`Not supported yet: the column '${tc.Name}' here`, e);
  return { k: 'col', name: c.name, type: c.type };
}
