/** print: one row of computed values. */
import { kindOf } from '../../analyzer/bridge.js';
import { columnsOf, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';

export const lowerPrint: OperatorLowering = (op, _input, lw, scope) => {
  const cols = columnsOf(op);
  const exprs = listOf(op.Expressions);
  const items = exprs.map((e, i) => ({
    name: cols[i].name,
    expr: lw.lowerExpr(kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e, scope),
  }));
  return { k: 'project', cols, input: { k: 'values', cols: [], rows: [[]] }, items };
};
