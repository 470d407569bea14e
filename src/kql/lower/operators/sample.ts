/**
 * sample N: N rows picked at random (uniformly, without repetition); sample-distinct N of col: up to N distinct
 * values of col (Kusto picks which ones; any N distinct values are a valid answer).
 */
import { kindOf } from '../../analyzer/bridge.js';
import type { Rel } from '../../ir/types.js';
import { call } from '../../ir/types.js';
import { columnsOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

export const lowerSample: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const shuffled: Rel = { k: 'sort', cols: rel.cols, input: rel, keys: [{ expr: call('__sample_key', 'real'), desc: false, nullsFirst: false }] };
  return { k: 'limit', cols: rel.cols, input: shuffled, count: lw.lowerExpr(op.Expression, scope) };
};

export const lowerSampleDistinct: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const cols = columnsOf(op);
  const of = op.OfExpression;
  const value = lw.lowerExpr(kindOf(of) === 'SimpleNamedExpression' ? of.Expression : of, scope);
  const values: Rel = { k: 'aggregate', cols, input: rel, keys: [{ name: cols[0].name, expr: value }], aggs: [] };
  return { k: 'limit', cols, input: values, count: lw.lowerExpr(op.Expression, scope) };
};
