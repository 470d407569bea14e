/**
 * extend: adds computed columns, replacing in place a column of the same name. A function that returns several
 * values (series_decompose_anomalies) gives one column per value: named by `(a, b, c) = f(…)`, else by the
 * analyser (f_x_ad_flag, …). Its value is lowered as a JSON array that each column indexes.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import type { Expr } from '../../ir/types.js';
import { call, lit } from '../../ir/types.js';
import { kindOf } from '../../analyzer/bridge.js';
import { unsupported } from '../../errors.js';
import { columnsOf, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput, passThrough } from './types.js';
import { assignNames } from './naming.js';
import { overRowTime } from './ingestion-time.js';

/** Functions whose several results the dialect returns as one JSON array, in the analyser's tuple order. */
const TUPLE_ARRAYS = new Set(['series_decompose_anomalies', 'series_decompose']);

function tupleSize(value: Bridged): number {
  const rt = value?.ResultType;
  return rt && kindOf(rt) === 'TupleSymbol' ? rt.Columns.Count : 0;
}

export const lowerExtend: OperatorLowering = (op, input, lw, scope) => overRowTime(needInput(input, op), lw, rel => {
  const cols = columnsOf(op);
  const exprs = listOf(op.Expressions);
  const inputNames = new Set(rel.cols.map(c => c.name));
  const fresh = cols.map(c => c.name).filter(n => !inputNames.has(n));
  const overrides = new Map<string, Expr>();
  if (!exprs.some(e => tupleSize(kindOf(e) === 'SimpleNamedExpression' || kindOf(e) === 'CompoundNamedExpression' ? e.Expression : e))) {
    const names = assignNames(exprs, fresh);
    exprs.forEach((e, i) => {
      const value = kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e;
      overrides.set(names[i], lw.lowerExpr(value, scope));
    });
    return passThrough(rel, cols, overrides);
  }
  // with tuples: names in order, a bare tuple taking as many of the analyser's new names as it has values
  const named = new Set<string>();
  for (const e of exprs) {
    if (kindOf(e) === 'SimpleNamedExpression') named.add(e.Name.SimpleName);
    if (kindOf(e) === 'CompoundNamedExpression') for (const n of listOf(e.Names.Names)) named.add(n.SimpleName);
  }
  const pool = fresh.filter(n => !named.has(n));
  for (const e of exprs) {
    const kind = kindOf(e);
    const value = kind === 'SimpleNamedExpression' || kind === 'CompoundNamedExpression' ? e.Expression : e;
    const size = tupleSize(value);
    if (!size) {
      const name = kind === 'SimpleNamedExpression' ? e.Name.SimpleName as string
        : kind === 'NameReference' && e.ReferencedSymbol && kindOf(e.ReferencedSymbol) === 'ColumnSymbol' ? e.ReferencedSymbol.Name as string
        : pool.shift() ?? lw.freshName('c');
      overrides.set(name, lw.lowerExpr(value, scope));
      continue;
    }
    const fn = kindOf(value) === 'FunctionCallExpression' ? String(value.ReferencedSymbol?.Name ?? '') : '';
    if (!TUPLE_ARRAYS.has(fn)) throw unsupported(`several values from '${fn || kindOf(value)}' in extend`, value);
    // `(a, b, c) = f(…)` names every value; `d = f(…)` names the first, and the rest keep the analyser's names
    const names: string[] = kind === 'CompoundNamedExpression' ? listOf(e.Names.Names).map((n: Bridged) => n.SimpleName as string)
      : kind === 'SimpleNamedExpression' ? [e.Name.SimpleName as string, ...pool.splice(0, size - 1)]
      : pool.splice(0, size);
    const tuple = lw.lowerExpr(value, scope);
    names.forEach((n, i) => overrides.set(n, call('dyn_get', 'dynamic', tuple, lit(BigInt(i), 'long'))));
  }
  return passThrough(rel, cols, overrides);
});
