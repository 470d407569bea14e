/**
 * as [hint.materialized=true] Name: names the piped table so that later parts of the query can use it again;
 * the rows pass through unchanged. The table becomes a shared subquery (materialized when hinted).
 */
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';
import { parameter } from './join.js';

export const lowerAs: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const name: string = op.Name?.SimpleName ?? op.Name?.Name?.SimpleName;
  if (!name) throw lw.error('Not supported yet: this form of as', op);
  const shared = lw.share(rel, parameter(op, 'hint.materialized')?.toLowerCase() === 'true');
  scope.set(name, { k: 'table', rel: shared });
  return shared;
};
