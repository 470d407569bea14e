/** distinct: unique combinations of the listed columns (or of every column with `*`). */
import { kindOf } from '../../analyzer/bridge.js';
import { columnsOf, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput, passThrough } from './types.js';
import type { Expr } from '../../ir/types.js';

export const lowerDistinct: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const cols = columnsOf(op);
  const overrides = new Map<string, Expr>();
  listOf(op.Expressions).forEach((e, i) => {
    if (kindOf(e) === 'StarExpression') return;
    overrides.set(cols[i].name, lw.lowerExpr(kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e, scope));
  });
  return { k: 'distinct', cols, input: passThrough(rel, cols, overrides) };
};
