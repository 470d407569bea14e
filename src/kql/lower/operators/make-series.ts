/**
 * make-series: per group of the `by` keys, one array per aggregate over consecutive bins of the axis, and the
 * array of bin values. Planned over existing relations:
 *   1. filter the rows to the axis range (rows outside it, or with a null axis, take no part);
 *   2. aggregate by keys and bin (bin_at(axis, step, from) in the main syntax; bin(axis, step) for `in range()`
 *      or when `from` is absent);
 *   3. aggregate by keys again, collecting {bin, value} pairs (make_list), and the first and last bin when the
 *      range is open;
 *   4. project each series dense over the bins (`__ms_dense`), absent bins taking the aggregate's default (0
 *      unless `default =` says otherwise), and the axis array (`__ms_axis`).
 * `from` is inclusive and `to` exclusive (`in range(start, stop, step)`: stop inclusive). kind=nonempty gives
 * one row of defaults when the input has no rows.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';
import type { Column, Expr, KType, NamedExpr, Rel } from '../../ir/types.js';
import { call, col, lit } from '../../ir/types.js';
import { columnsOf, listOf } from '../context.js';
import { typeOf } from '../expr.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

const valueOf = (e: Bridged): Bridged => (kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e);
const and = (a: Expr | undefined, b: Expr): Expr => (a ? call('and', 'bool', a, b) : b);

export const lowerMakeSeries: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const cols = columnsOf(op);
  const byNodes: Bridged[] = op.ByClause ? listOf(op.ByClause.Expressions) : [];
  const aggNodes: Bridged[] = listOf(op.Aggregates);
  const nb = byNodes.length;
  if (cols.length !== nb + aggNodes.length + 1) throw lw.error('Not supported yet: this form of make-series', op);
  const axisCol = cols[cols.length - 1];
  const axisNode = op.OnClause.Expression;
  const axisType = typeOf(axisNode);
  const axis = lw.lowerExpr(axisNode, scope);
  const numeric = (e: Expr): Expr => e;

  // The range: main syntax (from/to optional, to exclusive) or in range(start, stop, step) (stop inclusive).
  const rc = op.RangeClause;
  let from: Expr | undefined;
  let to: Expr | undefined;
  let step: Expr;
  let inclusive = false;
  if (kindOf(rc) === 'MakeSeriesInRangeClause') {
    const args = listOf(rc.Arguments?.Expressions ?? rc.Arguments);
    if (args.length !== 3) throw lw.error('make-series … in range() needs a start, a stop and a step', rc);
    step = lw.lowerExpr(args[2], scope);
    from = call('bin', axisType, numeric(lw.lowerExpr(args[0], scope)), step);
    to = lw.lowerExpr(args[1], scope);
    inclusive = true;
  } else {
    step = lw.lowerExpr(rc.MakeSeriesStepClause.Expression, scope);
    if (rc.MakeSeriesFromClause) from = lw.lowerExpr(rc.MakeSeriesFromClause.Expression, scope);
    if (rc.MakeSeriesToClause) to = lw.lowerExpr(rc.MakeSeriesToClause.Expression, scope);
  }
  const binOf = (x: Expr): Expr =>
    from && !inclusive ? call('bin_at', axisType, x, step, from) : call('bin', axisType, x, step);

  // 1. the rows in range
  let pred: Expr | undefined = call('isnotnull', 'bool', axis);
  if (inclusive) {
    pred = and(pred, call('>=', 'bool', binOf(axis), from!));
    pred = and(pred, call('<=', 'bool', binOf(axis), to!));
  } else {
    if (from) pred = and(pred, call('>=', 'bool', axis, from));
    if (to) pred = and(pred, call('<', 'bool', axis, to));
  }
  const filtered: Rel = { k: 'filter', cols: rel.cols, input: rel, pred: pred! };

  // 2. aggregate by keys and bin
  const keyCols: Column[] = cols.slice(0, nb);
  const keys: NamedExpr[] = byNodes.map((e, i) => ({ name: keyCols[i].name, expr: lw.lowerExpr(valueOf(e), scope) }));
  const BIN = '__ms_bin';
  const aggs: NamedExpr[] = [];
  const defaults: Expr[] = [];
  const aggTypes: KType[] = [];
  aggNodes.forEach((m, i) => {
    const value = valueOf(m.Expression);
    const expr = lw.lowerExpr(value, scope);
    aggs.push({ name: `__ms_a${i}`, expr });
    aggTypes.push(expr.type);
    const d = m.DefaultExpression?.Expression;
    defaults.push(d ? lw.lowerExpr(d, scope) : lit(0n, 'long'));
  });
  const binned: Rel = {
    k: 'aggregate', input: filtered,
    cols: [...keyCols, { name: BIN, type: axisType }, ...aggs.map((a, i) => ({ name: a.name, type: aggTypes[i] }))],
    keys: [...keys, { name: BIN, expr: binOf(axis) }], aggs,
  };

  // 3. collect the {bin, value} pairs per group (and the bins' extent when the range is open)
  const keyRefs: NamedExpr[] = keyCols.map(c => ({ name: c.name, expr: col(c.name, c.type) }));
  const pairs: NamedExpr[] = aggs.map((a, i) => ({
    name: `__ms_p${i}`,
    expr: { k: 'agg', fn: 'make_list', args: [call('__ms_pair', 'dynamic', col(BIN, axisType), col(a.name, aggTypes[i]))], type: 'dynamic' },
  }));
  // (without by keys the aggregate yields a row even from no rows: the count tells it apart)
  const extent: NamedExpr[] = [{ name: '__ms_rows', expr: { k: 'agg', fn: 'count', args: [], type: 'long' } }];
  if (!from) extent.push({ name: '__ms_lo', expr: { k: 'agg', fn: 'min', args: [col(BIN, axisType)], type: axisType } });
  if (!to) extent.push({ name: '__ms_hi', expr: { k: 'agg', fn: 'max', args: [col(BIN, axisType)], type: axisType } });
  const grouped: Rel = {
    k: 'aggregate', input: binned,
    cols: [...keyCols, ...pairs.map(p => ({ name: p.name, type: 'dynamic' as KType })), ...extent.map(x => ({ name: x.name, type: x.expr.type }))],
    keys: keyRefs, aggs: [...pairs, ...extent],
  };

  // 4. dense arrays over the bins
  const start = from ?? col('__ms_lo', axisType);
  const count = to
    ? call('__ms_count', 'long', start, to, step, lit(inclusive, 'bool'))
    : call('__ms_count', 'long', start, col('__ms_hi', axisType), step, lit(true, 'bool'));
  const items: NamedExpr[] = [
    ...keyRefs,
    ...aggNodes.map((_, i) => ({
      name: cols[nb + i].name,
      expr: call('__ms_dense', 'dynamic', col(`__ms_p${i}`, 'dynamic'), start, step, count, defaults[i]),
    })),
    { name: axisCol.name, expr: call('__ms_axis', 'dynamic', start, step, count) },
  ];
  const nonEmpty: Rel = { k: 'filter', cols: grouped.cols, input: grouped, pred: call('>', 'bool', col('__ms_rows', 'long'), lit(0n, 'long')) };
  let out: Rel = { k: 'project', cols, input: nonEmpty, items };

  // kind=nonempty: a row of defaults when nothing came out (needs a closed range).
  const kind = listOf(op.Parameters).find(p => /^kind$/i.test(p.Name?.SimpleName ?? ''));
  if (kind && /nonempty/i.test(kind.Expression?.ToString?.() ?? '') && from && to) {
    const shared = lw.share(out, true);
    const n = call('__ms_count', 'long', from, to, step, lit(inclusive, 'bool'));
    const emptyPairs = lit('[]', 'dynamic');
    const row: Expr[] = [
      ...keyCols.map(c => lit(c.type === 'string' ? '' : null, c.type)),
      ...defaults.map(d => call('__ms_dense', 'dynamic', emptyPairs, from!, step, n, d)),
      call('__ms_axis', 'dynamic', from, step, n),
    ];
    const none: Expr = call('==', 'bool', {
      k: 'subquery', type: 'long',
      rel: { k: 'aggregate', cols: [{ name: 'n', type: 'long' }], input: shared, keys: [], aggs: [{ name: 'n', expr: { k: 'agg', fn: 'count', args: [], type: 'long' } }] },
    }, lit(0n, 'long'));
    const fallback: Rel = { k: 'filter', cols, input: { k: 'values', cols, rows: [row] }, pred: none };
    out = { k: 'union', cols, inputs: [shared, fallback] };
  }
  return out;
};
