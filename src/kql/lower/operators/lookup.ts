/**
 * lookup [kind=leftouter|inner] (R) on key, $left.a == $right.b: extends each left row with the columns of the
 * matching right rows. Unlike join, the right's key columns are not repeated; the analyser names the rest.
 */
import type { NamedExpr } from '../../ir/types.js';
import { columnsOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';
import { joinKind, joinKeys, sideColumn } from './join.js';

export const lowerLookup: OperatorLowering = (op, input, lw, scope) => {
  const left = needInput(input, op);
  const right = lw.lowerTable(op.Expression, scope);
  const kind = joinKind(op, 'leftouter', lw);
  if (kind !== 'leftouter' && kind !== 'inner') throw lw.error(`lookup supports kind=leftouter and kind=inner, not kind=${kind}`, op);
  const on = joinKeys(op.LookupClause ?? op.ConditionClause ?? op.OnClause, left, right, lw, scope);
  const keys = new Set(on.map(p => (p.right.k === 'col' ? p.right.name : '')));
  const rest = right.cols.filter(c => !keys.has(c.name));
  const cols = columnsOf(op);
  if (cols.length !== left.cols.length + rest.length) throw lw.error('Not supported yet: this lookup output', op);
  const items: NamedExpr[] = cols.map((c, i) => ({
    name: c.name,
    expr: i < left.cols.length ? sideColumn(left.cols[i], 'left', false) : sideColumn(rest[i - left.cols.length], 'right', kind === 'leftouter'),
  }));
  return { k: 'join', cols, kind, left, right, on, items };
};
