/**
 * Row functions over serialized input, as DuckDB window functions. The order is the input's known order
 * (ExprEmitter.order); with none, rows count in arrival order. The `*_in` forms and `__segment`, `__change`,
 * `__session`, `__rank_min` are the primitives that lower/operators/row-functions.ts plans restarts and ranks into: their
 * last argument (or first, for `__rank_min`) is a segment number that restarts the computation.
 */
import type { CallExpr, ExprEmitter, FnEmitter } from './emit.js';
import { orderBy } from './emit.js';
import { KqlError } from '../../errors.js';

const RUNNING = 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';

function over(cx: ExprEmitter, opts: { partition?: string[]; frame?: string } = {}): string {
  const parts: string[] = [];
  if (opts.partition?.length) parts.push(`PARTITION BY ${opts.partition.join(', ')}`);
  if (cx.order.length) parts.push(`ORDER BY ${orderBy(cx.order, cx)}`);
  if (opts.frame) parts.push(opts.frame);
  return `OVER (${parts.join(' ')})`;
}

/** Kusto strings are never null: the rows before the first (or after the last) read as ''. */
function notNullString(sql: string, e: CallExpr): string {
  return e.type === 'string' ? `coalesce(${sql}, '')` : sql;
}

/** prev/next: the offset defaults to 1; the default value to null ('' for strings). */
function shift(fn: 'lag' | 'lead'): FnEmitter {
  return ([x, n, d], e, cx) => {
    const dflt = d !== undefined ? `, CAST(${d} AS ${cx.sqlType(e)})` : '';
    return notNullString(`${fn}(${x}, ${n ?? '1'}${dflt}) ${over(cx)}`, e);
  };
}

/** Sums come back as HUGEINT or DECIMAL in DuckDB; Kusto keeps the argument's type. */
function cumsum(x: string, e: CallExpr, cx: ExprEmitter, partition?: string): string {
  return `CAST(sum(${x}) ${over(cx, { partition: partition ? [partition] : [], frame: RUNNING })} AS ${cx.sqlType(e)})`;
}

/** A restart argument must have been planned into a segment (row-functions.ts); never ignore one silently. */
function noRestart(e: CallExpr): void {
  const r = e.args[1];
  if (r && !(r.k === 'lit' && (r.value === false || r.value === null))) {
    throw new KqlError('PK001', `Not supported yet: ${e.fn}() with a restart argument outside serialize`);
  }
}

export const WINDOWS: Record<string, FnEmitter> = {
  row_number: ([start], e, cx) => {
    noRestart(e);
    return `(row_number() ${over(cx)} + ${start ?? '1'} - 1)`;
  },
  row_number_in: ([start, seg], _e, cx) => `(row_number() ${over(cx, { partition: [seg] })} + ${start} - 1)`,
  prev: shift('lag'),
  next: shift('lead'),
  row_cumsum: ([x], e, cx) => {
    noRestart(e);
    return cumsum(x, e, cx);
  },
  row_cumsum_in: ([x, seg], e, cx) => cumsum(x, e, cx, seg),
  /** The number of restarts so far: rows between two restarts share it. */
  __segment: ([restart], _e, cx) => `CAST(sum(CASE WHEN ${restart} THEN 1 ELSE 0 END) ${over(cx, { frame: RUNNING })} AS BIGINT)`,
  /** 1 on a row that starts a segment or whose value differs from the previous row's, else 0. */
  __change: ([x, seg], _e, cx) =>
    `(CASE WHEN (lag(${seg}) ${over(cx)}) IS DISTINCT FROM ${seg} OR (lag(${x}) ${over(cx)}) IS DISTINCT FROM ${x} THEN 1 ELSE 0 END)`,
  /** row_rank_min: the position (within the segment) of the first row of the current run of equal values. */
  __rank_min: ([seg, dense], _e, cx) =>
    `(count(*) ${over(cx, { partition: [seg], frame: RUNNING })} - row_number() ${over(cx, { partition: [seg, dense] })} + 1)`,
  /**
   * row_window_session within one chain (row-functions.ts): walking the chain's values so far, a value at least
   * `first` past the session's first value starts a new session. The walk is sequential, so each row folds over
   * its chain's earlier rows: exact, but quadratic in the length of a chain. The chain's list is built once
   * (whole-partition frame) and sliced per row, which measured about twice as fast and half the memory of a
   * running-frame list.
   */
  __session: ([x, first, chain], _e, cx) => {
    const whole = `list(${x}) ${over(cx, { partition: [chain], frame: 'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING' })}`;
    const upTo = `(${whole})[1:row_number() ${over(cx, { partition: [chain] })}]`;
    return `list_reduce(${upTo}, lambda __s, __v: CASE WHEN __v >= __s + ${first} THEN __v ELSE __s END)`;
  },
  /**
   * Ranking within groups, for operators planned in lowering (top-nested): `__rank_in(key, 'asc'|'desc', p1, …)`
   * is the row's position in its partition (p1, …) ordered by key (nulls last); it ignores the serialized order.
   */
  __rank_in: ([key, , ...partition], e) => {
    const dir = e.args[1]?.k === 'lit' && e.args[1].value === 'asc' ? 'ASC' : 'DESC';
    const by = partition.length ? `PARTITION BY ${partition.join(', ')} ` : '';
    return `row_number() OVER (${by}ORDER BY ${key} ${dir} NULLS LAST)`;
  },
};
