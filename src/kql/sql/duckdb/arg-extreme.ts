/**
 * summarize arg_max(by, cols…) by keys, when every aggregate reads the same extreme row: one window pass
 * that keeps the top row of each group, instead of one arg_max per column.
 * `summarize arg_max(T, A, B) by K` => `SELECT K, T, A, B … QUALIFY row_number() OVER (PARTITION BY K ORDER BY T DESC) = 1`
 * It also takes every column from one row, as Kusto does. Groups exist only with keys (without keys an empty
 * input still yields one row), so this applies to summarize … by only.
 */
import type { Expr, Rel } from '../../ir/types.js';

type Aggregate = Extract<Rel, { k: 'aggregate' }>;

function sameExpr(a: Expr, b: Expr): boolean {
  return JSON.stringify(a, (_k, v) => (typeof v === 'bigint' ? `${v}n` : _k === 'span' ? undefined : v))
    === JSON.stringify(b, (_k, v) => (typeof v === 'bigint' ? `${v}n` : _k === 'span' ? undefined : v));
}

/** The extreme's direction and expression when the aggregate has the shape above; null otherwise. */
export function argExtremeShape(rel: Aggregate): { desc: boolean; by: Expr } | null {
  if (!rel.keys.length || !rel.aggs.length) return null;
  let dir: 'max' | 'min' | undefined;
  let by: Expr | undefined;
  let sawValue = false;
  for (const { expr } of rel.aggs) {
    if (expr.k !== 'agg') return null;
    const m = /^(?:value_at_)?(max|min)$/.exec(expr.fn);
    if (!m) return null;
    const b = expr.fn.startsWith('value_at_') ? expr.args[1] : expr.args[0];
    if (expr.fn.startsWith('value_at_')) sawValue = true;
    if (!b || b.type === 'real' || b.type === 'decimal' || b.type === 'dynamic') return null; // NaN and JSON order differ
    if ((dir && dir !== m[1]) || (by && !sameExpr(by, b))) return null;
    dir = m[1] as 'max' | 'min';
    by = b;
  }
  return sawValue && by && dir ? { desc: dir === 'max', by } : null;
}
