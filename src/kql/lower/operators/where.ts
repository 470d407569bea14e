/**
 * where / filter: keeps the rows whose predicate is true (null counts as false); `*` in it stands for every
 * column. A predicate with row functions (`serialize | where row_number() == 3`) is computed in a projection
 * first, since SQL allows no window function in WHERE: T | where p(w) => T | extend __w = p(w) | where __w | project-away __w.
 */
import type { Expr, Rel } from '../../ir/types.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

const hasWindow = (e: Expr): boolean => e.k === 'win' || ((e.k === 'call' || e.k === 'agg') && e.args.some(hasWindow));

export const lowerWhere: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const outerRow = lw.rowColumns;
  lw.rowColumns = rel.cols;
  let pred: Expr;
  try {
    pred = lw.lowerExpr(op.Condition, scope);
  } finally {
    lw.rowColumns = outerRow;
  }
  if (!hasWindow(pred)) return { k: 'filter', cols: rel.cols, input: rel, pred };
  const flag = lw.freshName('w');
  const keep = rel.cols.map(c => ({ name: c.name, expr: { k: 'col', name: c.name, type: c.type } as Expr }));
  const flagged: Rel = { k: 'project', cols: [...rel.cols, { name: flag, type: 'bool' }], input: rel, items: [...keep, { name: flag, expr: pred }] };
  const kept: Rel = { k: 'filter', cols: flagged.cols, input: flagged, pred: { k: 'col', name: flag, type: 'bool' } };
  return { k: 'project', cols: rel.cols, input: kept, items: keep };
};
