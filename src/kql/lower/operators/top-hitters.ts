/**
 * top-hitters N of key [by weight]: the N keys with the largest count (or sum of weight). Kusto estimates them
 * with an approximate sketch; Picket computes them exactly (the same answer when the counts are not tied).
 * Columns: the key, then approximate_count_<key> or approximate_sum_<weight> (named by the analyser).
 */
import { kindOf } from '../../analyzer/bridge.js';
import type { Expr, Rel } from '../../ir/types.js';
import { col } from '../../ir/types.js';
import { columnsOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

export const lowerTopHitters: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const cols = columnsOf(op);
  if (cols.length !== 2) throw lw.error('Not supported yet: this form of top-hitters', op);
  const of = op.OfExpression;
  const key = lw.lowerExpr(kindOf(of) === 'SimpleNamedExpression' ? of.Expression : of, scope);
  const weight = op.ByClause ? lw.lowerExpr(op.ByClause.Expression, scope) : undefined;
  const agg: Expr = weight
    ? { k: 'agg', fn: 'sum', args: [weight], type: cols[1].type }
    : { k: 'agg', fn: 'count', args: [], type: cols[1].type };
  const grouped: Rel = { k: 'aggregate', cols, input: rel, keys: [{ name: cols[0].name, expr: key }], aggs: [{ name: cols[1].name, expr: agg }] };
  const sorted: Rel = { k: 'sort', cols, input: grouped, keys: [{ expr: col(cols[1].name, cols[1].type), desc: true, nullsFirst: false }] };
  return { k: 'limit', cols, input: sorted, count: lw.lowerExpr(op.Expression, scope) };
};
