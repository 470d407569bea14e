/** Row functions over serialized input: row_number, prev, next, row_cumsum. Order is the input's known order. */
import type { ExprEmitter, FnEmitter } from './emit.js';
import { orderBy } from './emit.js';

function over(cx: ExprEmitter, frame = ''): string {
  const order = cx.order.length ? `ORDER BY ${orderBy(cx.order, cx)}` : '';
  return `OVER (${[order, frame].filter(Boolean).join(' ')})`;
}

export const WINDOWS: Record<string, FnEmitter> = {
  row_number: (args, _e, cx) => `(row_number() ${over(cx)} + ${args[0] ?? '1'} - 1)`,
  prev: ([x, n, d], _e, cx) => `lag(${x}, ${n ?? '1'}${d ? `, ${d}` : ''}) ${over(cx)}`,
  next: ([x, n, d], _e, cx) => `lead(${x}, ${n ?? '1'}${d ? `, ${d}` : ''}) ${over(cx)}`,
  row_cumsum: ([x], _e, cx) => `sum(${x}) ${over(cx, 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW')}`,
};
