/**
 * facet by c1, c2, … [with (subquery)]: Kusto returns several tables: the `with` subquery's result first (when
 * there is one), then per column its distinct values with their counts (c1, count_c1). A Picket query returns
 * one table, the primary result, as for a query of several statements (the first table): the `with` table when there
 * is one, else the first column's counts. An operator piped after facet is refused.
 */
import { kindOf } from '../../analyzer/bridge.js';
import type { Rel } from '../../ir/types.js';
import { col } from '../../ir/types.js';
import { listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';
import { mustBeLast } from './fork.js';

export const lowerFacet: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  mustBeLast(op, 'facet', lw);
  if (op.WithClause) return lw.lowerOnto(op.WithClause.Expression, rel, scope);
  const first = listOf(op.Expressions)[0];
  const name = first && kindOf(first) === 'NameReference' ? String(first.ReferencedSymbol?.Name ?? first.SimpleName) : undefined;
  const key = rel.cols.find(c => c.name === name);
  if (!key) throw lw.error('Not supported yet: facet by anything but a column', first ?? op);
  const count = `count_${key.name}`;
  const agg: Rel = {
    k: 'aggregate', cols: [key, { name: count, type: 'long' }], input: rel,
    keys: [{ name: key.name, expr: col(key.name, key.type) }], aggs: [{ name: count, expr: { k: 'agg', fn: 'count', args: [], type: 'long' } }],
  };
  return agg;
};
