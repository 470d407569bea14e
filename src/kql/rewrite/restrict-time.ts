/**
 * restrict-time: every scan of a table with a datetime Timestamp column only sees rows of a time window.
 * `T` => `T | where Timestamp >= from and Timestamp <= to`. Detection rules use it so their query needs no time
 * filter of its own: the window comes from the rule's frequency (Defender's lookback), not from the query text.
 * Applied before the standard passes, so merge-filters folds it into the query's own first `where`.
 */
import type { Rel } from '../ir/types.js';
import { call, col, lit } from '../ir/types.js';
import { mapExprsInRel, mapRels } from '../ir/walk.js';
import type { Pass } from './index.js';

/** The window in ticks since 1970 (100 ns), both ends included. */
export interface TimeWindow { from: bigint; to: bigint }

function wrapScans(rel: Rel, window: TimeWindow): Rel {
  return mapRels(rel, (r): Rel => {
    if (r.k !== 'scan' || !r.cols.some(c => c.name === 'Timestamp' && c.type === 'datetime')) return r;
    const ts = col('Timestamp', 'datetime');
    const pred = call('and', 'bool',
      call('>=', 'bool', ts, lit(window.from, 'datetime')),
      call('<=', 'bool', ts, lit(window.to, 'datetime')));
    return { k: 'filter', cols: r.cols, input: r, pred };
  });
}

/** Scans inside scalar subqueries (toscalar, `in (T)`) are restricted too: mapRels does not reach them. */
export function restrictTime(window: TimeWindow): Pass {
  return {
    name: 'restrict-time',
    run: rel => mapExprsInRel(wrapScans(rel, window), e => e.k === 'subquery' ? { ...e, rel: wrapScans(e.rel, window) } : e),
  };
}
