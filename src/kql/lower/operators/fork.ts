/**
 * fork [name=](subquery) …: Kusto returns one result table per subquery. A Picket query returns one table, the
 * primary result, as for a query of several statements (the first table): here the first subquery's, run on the
 * input. The other subqueries are checked by the analyser but not run. An operator piped after fork (whose result
 * is a set of tables) is refused.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';
import { listOf } from '../context.js';
import type { Lowerer } from '../lowerer.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

/** Refuses an operator piped after one whose result is several tables (fork, facet). */
export function mustBeLast(op: Bridged, name: string, lw: Lowerer): void {
  const pipe = op.Parent;
  const outer = pipe && kindOf(pipe) === 'PipeExpression' ? pipe.Parent : undefined;
  if (outer && kindOf(outer) === 'PipeExpression' && outer.Expression === pipe) {
    throw lw.error(`Not supported: an operator after ${name}, whose result is several tables (Picket returns the first one)`, outer.Operator);
  }
}

export const lowerFork: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  mustBeLast(op, 'fork', lw);
  const first = listOf(op.Expressions)[0];
  if (!first) throw lw.error('fork needs at least one subquery', op);
  return lw.lowerOnto(first.Expression, rel, scope);
};
