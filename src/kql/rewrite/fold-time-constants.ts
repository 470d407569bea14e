/**
 * fold-time-constants: arithmetic on datetime/timespan literals becomes one literal.
 * `now - 1h` (what ago(1h) lowers to) => `datetime(…)`, so the store compares a column with a constant
 * and can skip row groups by their min/max.
 */
import type { Expr } from '../ir/types.js';
import { mapExprsInRel } from '../ir/walk.js';
import type { Pass } from './index.js';

const TICKS = new Set(['datetime', 'timespan']);

function fold(e: Expr): Expr {
  if (e.k !== 'call' || (e.fn !== '+' && e.fn !== '-') || !TICKS.has(e.type)) return e;
  const [a, b] = e.args;
  if (a?.k !== 'lit' || b?.k !== 'lit' || typeof a.value !== 'bigint' || typeof b.value !== 'bigint') return e;
  if (!TICKS.has(a.type) || !TICKS.has(b.type)) return e;
  return { k: 'lit', value: e.fn === '+' ? a.value + b.value : a.value - b.value, type: e.type };
}

export const foldTimeConstants: Pass = { name: 'fold-time-constants', run: rel => mapExprsInRel(rel, fold) };
