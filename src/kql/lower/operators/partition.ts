/**
 * partition by Column ( subquery ): runs the subquery on the rows of each distinct value of the column and
 * unions the results. Lowered as an apply over the distinct values, whose leaf is the shared input's rows of
 * that value. The `{ … }` form (a context-free subquery per value) is not supported.
 */
import { kindOf } from '../../analyzer/bridge.js';
import type { Rel } from '../../ir/types.js';
import { columnsOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

export const lowerPartition: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const by = op.ByExpression;
  const key = by && kindOf(by) === 'NameReference' ? rel.cols.find(c => c.name === by.ReferencedSymbol?.Name) : undefined;
  if (!key) throw lw.error('Not supported yet: partition by anything but a column', by ?? op);
  if (op.Scope) throw lw.error('Not supported yet: partition … in (…)', op.Scope);
  const operand = op.Operand;
  if (!operand || kindOf(operand) !== 'PartitionSubquery') throw lw.error('Not supported yet: this form of partition (only `( subquery )` is)', operand ?? op);
  const shared = lw.share(rel, false);
  const values: Rel = { k: 'distinct', cols: [key], input: { k: 'project', cols: [key], input: shared, items: [{ name: key.name, expr: { k: 'col', name: key.name, type: key.type } }] } };
  const alias = lw.freshName('lo');
  const rows: Rel = { k: 'outer', cols: shared.cols, alias, from: shared, keys: [key.name] };
  const sub = lw.lowerOnto(operand.Subquery, rows, scope);
  return { k: 'apply', cols: columnsOf(op), input: values, sub, alias };
};
