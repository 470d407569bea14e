/** take / limit: at most N rows. */
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

export const lowerTake: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  return { k: 'limit', cols: rel.cols, input: rel, count: lw.lowerExpr(op.Expression, scope) };
};
