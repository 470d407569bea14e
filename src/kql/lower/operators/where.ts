/**
 * where / filter: keeps the rows whose predicate is true (null counts as false); `*` in it stands for every
 * column. A predicate with row functions (`serialize | where row_number() == 3`) is computed in a projection
 * first, since SQL allows no window function in WHERE: T | where p(w) => T | extend __w = p(w) | where __w | project-away __w.
 */
import type { Column, Expr, Rel } from '../../ir/types.js';
import { INGESTION_TIME } from '../../analyzer/schema.js';
import { columnsRead } from '../../ir/walk.js';
import { withIngestionTime } from './ingestion-time.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

const hasWindow = (e: Expr): boolean => e.k === 'win' || ((e.k === 'call' || e.k === 'agg') && e.args.some(hasWindow));

export const lowerWhere: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  // on a table (through other wheres), the rows also carry when they were stored, for ingestion_time()
  const timed = lw.callsIngestionTime ? withIngestionTime(rel) : undefined;
  const outerRow = lw.rowColumns;
  const outerTimed = lw.ingestionTimeRow;
  lw.rowColumns = rel.cols;
  lw.ingestionTimeRow = timed !== undefined;
  let pred: Expr;
  try {
    pred = lw.lowerExpr(op.Condition, scope);
  } finally {
    lw.rowColumns = outerRow;
    lw.ingestionTimeRow = outerTimed;
  }
  const base = timed && columnsRead(pred).has(INGESTION_TIME) ? timed : rel;
  const pass = (cols: Column[]) => cols.map(c => ({ name: c.name, expr: { k: 'col', name: c.name, type: c.type } as Expr }));
  const keep = pass(rel.cols);
  if (!hasWindow(pred)) {
    const filtered: Rel = { k: 'filter', cols: base.cols, input: base, pred };
    return base === rel ? filtered : { k: 'project', cols: rel.cols, input: filtered, items: keep };
  }
  const flag = lw.freshName('w');
  const flagged: Rel = { k: 'project', cols: [...base.cols, { name: flag, type: 'bool' }], input: base, items: [...pass(base.cols), { name: flag, expr: pred }] };
  const kept: Rel = { k: 'filter', cols: flagged.cols, input: flagged, pred: { k: 'col', name: flag, type: 'bool' } };
  return { k: 'project', cols: rel.cols, input: kept, items: keep };
};
