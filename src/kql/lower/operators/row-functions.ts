/**
 * Plans row functions (row_number, prev, next, row_cumsum, row_rank_dense, row_rank_min, row_window_session)
 * in a projection.
 * SQL cannot nest window functions, and restarts and ranks need several window steps, so a projection whose
 * row functions nest is split into stacked projections, each computing one level in hidden columns.
 *
 * Restarts become segment numbers: `__segment(restart)` counts the restarts so far, and the `*_in` forms
 * compute within one segment (PARTITION BY it). When the plan has several levels, a hidden ordinal fixes the
 * serialized order once, so rows that tie on the sort keys keep one order across levels.
 */
import type { Expr, NamedExpr, Rel, SortKey } from '../../ir/types.js';
import { call, col, lit } from '../../ir/types.js';
import { mapExpr, mapRels } from '../../ir/walk.js';
import { orderOf } from '../../sql/duckdb/emit.js';

type Project = Extract<Rel, { k: 'project' }>;

const win = (fn: string, type: Expr['type'], ...args: Expr[]): Expr => ({ k: 'win', fn, args, type });

function isFalse(e: Expr | undefined): boolean {
  return !e || (e.k === 'lit' && (e.value === false || e.value === null));
}

/** Rewrites the row functions that need several steps into the primitive forms window.ts emits. */
function desugar(e: Expr): Expr {
  if (e.k !== 'win') return e;
  const [a, b, c] = e.args;
  switch (e.fn) {
    case 'row_number':
      return isFalse(b) ? e : win('row_number_in', 'long', a ?? lit(1n, 'long'), win('__segment', 'long', b));
    case 'row_cumsum':
      return isFalse(b) ? e : win('row_cumsum_in', e.type, a, win('__segment', 'long', b));
    case 'row_rank_dense': case 'row_rank_min': {
      const seg = isFalse(b) ? lit(0n, 'long') : win('__segment', 'long', b);
      const dense = win('row_cumsum_in', 'long', win('__change', 'long', a, seg), seg);
      return e.fn === 'row_rank_dense' ? dense : win('__rank_min', 'long', seg, dense);
    }
    case 'row_window_session': {
      // A chain of rows breaks where a session must start whatever came before: at the first row, at a restart,
      // at a null value or the row after one, and where the gap to the previous value reaches the neighbour limit.
      // Within a chain only the distance from the session's first value decides (__session, window.ts).
      const [x, first, neighbours, restart] = e.args;
      const px = win('prev', x.type, x);
      const breaks: Expr[] = [call('isnull', 'bool', x), call('isnull', 'bool', px), call('>=', 'bool', x, call('+', x.type, px, neighbours))];
      if (!isFalse(restart)) breaks.push(restart);
      const chain = win('__segment', 'long', breaks.reduce((l, r) => call('or', 'bool', l, r)));
      return win('__session', e.type, x, first, chain);
    }
    default:
      void c;
      return e;
  }
}

const hasWin = (e: Expr): boolean => e.k === 'win' || ((e.k === 'call' || e.k === 'agg') && e.args.some(hasWin));

/** Row functions that sit inside another row function's arguments and contain none themselves. */
function innermostNested(e: Expr, insideWin: boolean, out: Map<string, Expr>): void {
  if (e.k === 'win') {
    if (insideWin && !e.args.some(hasWin)) out.set(JSON.stringify(e, big), e);
    else e.args.forEach(a => innermostNested(a, true, out));
  } else if (e.k === 'call' || e.k === 'agg') e.args.forEach(a => innermostNested(a, insideWin, out));
}

function big(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}

function replace(e: Expr, found: Map<string, string>): Expr {
  return mapExpr(e, x => {
    if (x.k !== 'win') return x;
    const name = found.get(JSON.stringify(x, big));
    return name ? col(name, x.type) : x;
  });
}

let counter = 0;
const fresh = (p: string) => `__${p}${counter++}`;

function sortBy(input: Rel, keys: SortKey[]): Rel {
  return { k: 'sort', cols: input.cols, input, keys };
}

/** Splits one projection whose row functions nest into stacked projections; others come back unchanged. */
export function planRowFunctions(rel: Project): Rel {
  let items: NamedExpr[] = rel.items.map(i => ({ ...i, expr: mapExpr(i.expr, desugar) }));
  const nested = new Map<string, Expr>();
  items.forEach(i => innermostNested(i.expr, false, nested));
  if (!nested.size) return { ...rel, items };

  // Level 0: a hidden ordinal in the known order (or the arrival order), so every level sorts alike.
  const order = orderOf(rel.input);
  const ord = fresh('ord');
  const ordKey: SortKey[] = [{ expr: col(ord, 'long'), desc: false, nullsFirst: false }];
  const passAll = (r: Rel): NamedExpr[] => r.cols.map(c => ({ name: c.name, expr: col(c.name, c.type) }));
  let below: Rel = {
    k: 'project', cols: [...rel.input.cols, { name: ord, type: 'long' }], input: rel.input,
    items: [...passAll(rel.input), { name: ord, expr: win('row_number', 'long') }],
  };
  while (true) {
    const level = new Map<string, Expr>();
    items.forEach(i => innermostNested(i.expr, false, level));
    if (!level.size) break;
    const names = new Map<string, string>();
    const hidden: NamedExpr[] = [];
    for (const [key, e] of level) {
      const name = fresh('w');
      names.set(key, name);
      hidden.push({ name, expr: e });
    }
    const input = sortBy(below, ordKey);
    below = {
      k: 'project', cols: [...below.cols, ...hidden.map(h => ({ name: h.name, type: h.expr.type }))], input,
      items: [...passAll(below), ...hidden],
    };
    items = items.map(i => ({ ...i, expr: replace(i.expr, names) }));
  }
  const top: Project = { ...rel, input: sortBy(below, ordKey), items };
  // Keep the serialized order known downstream when the sort keys pass through unchanged.
  const kept = new Set(items.filter(i => i.expr.k === 'col' && i.expr.name === i.name).map(i => i.name));
  const keep = order.length > 0 && order.every(k => k.expr.k === 'col' && kept.has(k.expr.name));
  return keep ? sortBy(top, order) : top;
}

/** The same planning as a rewrite pass over every projection of a query (for extend, project…). */
export const planRowFunctionsPass = {
  name: 'plan-row-functions',
  run: (rel: Rel): Rel => mapRels(rel, r => (r.k === 'project' && r.items.some(i => hasWin(i.expr)) ? planRowFunctions(r) : r)),
};
