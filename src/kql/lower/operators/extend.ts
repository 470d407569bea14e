/** extend: adds computed columns, replacing in place a column of the same name. */
import type { Expr } from '../../ir/types.js';
import { kindOf } from '../../analyzer/bridge.js';
import { columnsOf, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput, passThrough } from './types.js';
import { assignNames } from './naming.js';

export const lowerExtend: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const cols = columnsOf(op);
  const exprs = listOf(op.Expressions);
  const inputNames = new Set(rel.cols.map(c => c.name));
  const names = assignNames(exprs, cols.map(c => c.name).filter(n => !inputNames.has(n)));
  const overrides = new Map<string, Expr>();
  exprs.forEach((e, i) => {
    const value = kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e;
    overrides.set(names[i], lw.lowerExpr(value, scope));
  });
  return passThrough(rel, cols, overrides);
};
