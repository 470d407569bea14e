/** project: exactly the listed columns and computed expressions, in order. */
import type { NamedExpr } from '../../ir/types.js';
import { kindOf } from '../../analyzer/bridge.js';
import { columnsOf, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';
import { overRowTime } from './ingestion-time.js';

export const lowerProject: OperatorLowering = (op, input, lw, scope) => overRowTime(needInput(input, op), lw, rel => {
  const cols = columnsOf(op);
  const exprs = listOf(op.Expressions);
  if (exprs.length !== cols.length) throw lw.error('Not supported yet: this form of project', op);
  const items: NamedExpr[] = exprs.map((e, i) => ({
    name: cols[i].name,
    expr: lw.lowerExpr(kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e, scope),
  }));
  return { k: 'project', cols, input: rel, items };
});
