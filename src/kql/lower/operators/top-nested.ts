/**
 * top-nested N1 of k1 by a1, top-nested N2 of k2 by a2, …: a hierarchy of top-N aggregates. Level i groups the
 * input by k1…ki, computes ai, keeps only the groups whose parent (k1…k(i-1)) survived level i-1, and within each
 * parent keeps the Ni best by ai (descending unless `asc`; all when N is omitted). The output has, per level, the
 * key then the aggregate, ordered level by level by the aggregates.
 *
 * Planned as: per level an aggregate, an inner join to the previous level's survivors on the parent keys, and a
 * rank within the parent (`__rank_in`, a window) filtered to N. `with others` is not supported yet.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';
import type { Column, Expr, NamedExpr, Rel, SortKey } from '../../ir/types.js';
import { call, col, lit } from '../../ir/types.js';
import { columnsOf, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

const valueOf = (e: Bridged): Bridged => (kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e);

export const lowerTopNested: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const cols = columnsOf(op);
  const clauses: Bridged[] = listOf(op.Clauses);
  if (cols.length !== clauses.length * 2) throw lw.error('Not supported yet: this form of top-nested', op);
  const ref = (c: Column): Expr => col(c.name, c.type);

  let survivors: Rel | undefined;
  const order: SortKey[] = [];
  clauses.forEach((clause, i) => {
    if (clause.WithOthersClause) throw lw.error('Not supported yet: top-nested … with others', clause.WithOthersClause);
    const keyCol = cols[2 * i];
    const aggCol = cols[2 * i + 1];
    const by = clause.ByExpression;
    const ordered = kindOf(by) === 'OrderedExpression';
    const dir = ((ordered ? by.Ordering?.AscOrDescKeyword?.Text : undefined) as string | undefined)?.toLowerCase() === 'asc' ? 'asc' : 'desc';
    const aggExpr = lw.lowerExpr(valueOf(ordered ? by.Expression : by), scope);
    const parentCols = cols.slice(0, 2 * i);
    const parentKeys = parentCols.filter((_, j) => j % 2 === 0);

    // the aggregate by all keys so far (parent keys recomputed from the input rows)
    const keyExprs: NamedExpr[] = clauses.slice(0, i + 1).map((c, j) => ({ name: cols[2 * j].name, expr: lw.lowerExpr(valueOf(c.OfExpression), scope) }));
    const aggCols = [...parentKeys, keyCol, aggCol];
    let level: Rel = { k: 'aggregate', cols: aggCols, input: rel, keys: keyExprs, aggs: [{ name: aggCol.name, expr: aggExpr }] };

    // only the children of the parents that survived, with the parents' aggregates
    if (survivors) {
      const joinCols = [...parentCols, keyCol, aggCol];
      const items: NamedExpr[] = joinCols.map(c => ({
        name: c.name,
        expr: { ...ref(c), side: parentCols.includes(c) ? 'right' : 'left' } as Expr,
      }));
      level = {
        k: 'join', kind: 'inner', cols: joinCols, left: level, right: survivors, items,
        on: parentKeys.map(k => ({ left: col(k.name, k.type, 'left'), right: col(k.name, k.type, 'right') })),
      };
    }

    // the best N within each parent
    const n = clause.Expression ? lw.lowerExpr(clause.Expression, scope) : undefined;
    if (n) {
      const RANK = '__tn_rank';
      const rankExpr: Expr = { k: 'win', fn: '__rank_in', type: 'long', args: [ref(aggCol), lit(dir, 'string'), ...parentKeys.map(ref)] };
      const ranked: Rel = {
        k: 'project', cols: [...level.cols, { name: RANK, type: 'long' }], input: level,
        items: [...level.cols.map(c => ({ name: c.name, expr: ref(c) })), { name: RANK, expr: rankExpr }],
      };
      const kept: Rel = { k: 'filter', cols: ranked.cols, input: ranked, pred: call('<=', 'bool', col(RANK, 'long'), n) };
      level = { k: 'project', cols: level.cols, input: kept, items: level.cols.map(c => ({ name: c.name, expr: ref(c) })) };
    }
    survivors = level;
    order.push({ expr: ref(aggCol), desc: dir === 'desc', nullsFirst: false });
  });
  const result = survivors!;
  return { k: 'sort', cols: result.cols, input: result, keys: order };
};
