/** range x from A to B step S: a single column of values, both ends included. */
import { columnsOf } from '../context.js';
import type { OperatorLowering } from './types.js';

export const lowerRange: OperatorLowering = (op, _input, lw, scope) => ({
  k: 'range',
  cols: columnsOf(op),
  from: lw.lowerExpr(op.From, scope),
  to: lw.lowerExpr(op.To, scope),
  step: lw.lowerExpr(op.Step, scope),
});
