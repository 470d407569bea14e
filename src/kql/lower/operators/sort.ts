/** sort / order by: Kusto sorts descending by default; nulls go last when descending and first when ascending. */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';
import type { SortKey } from '../../ir/types.js';
import { listOf, type Scope } from '../context.js';
import type { Lowerer } from '../lowerer.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

export function sortKey(e: Bridged, lw: Lowerer, scope: Scope): SortKey {
  const ordered = kindOf(e) === 'OrderedExpression';
  const expr = lw.lowerExpr(ordered ? e.Expression : e, scope);
  const ordering = ordered ? e.Ordering : null;
  const dir = (ordering?.AscOrDescKeyword?.Text as string | undefined)?.toLowerCase();
  const desc = dir !== 'asc';
  const nulls = (ordering?.NullsClause?.FirstOrLastKeyword?.Text as string | undefined)?.toLowerCase();
  return { expr, desc, nullsFirst: nulls ? nulls === 'first' : !desc };
}

export const lowerSort: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  return { k: 'sort', cols: rel.cols, input: rel, keys: listOf(op.Expressions).map(e => sortKey(e, lw, scope)) };
};
