/** where / filter: keeps the rows whose predicate is true (null counts as false). */
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

export const lowerWhere: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  return { k: 'filter', cols: rel.cols, input: rel, pred: lw.lowerExpr(op.Condition, scope) };
};
