/** top N by expr: a sort followed by a limit. */
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';
import { sortKey } from './sort.js';

export const lowerTop: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const sorted = { k: 'sort' as const, cols: rel.cols, input: rel, keys: [sortKey(op.ByExpression, lw, scope)] };
  return { k: 'limit', cols: rel.cols, input: sorted, count: lw.lowerExpr(op.Expression, scope) };
};
