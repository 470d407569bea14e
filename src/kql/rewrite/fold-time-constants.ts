/**
 * fold-time-constants: arithmetic on datetime/timespan literals becomes one literal.
 * `now - 1h` (what ago(1h) lowers to) => `datetime(…)`, so the store compares a column with a constant
 * and can skip row groups by their min/max.
 */
import type { Expr } from '../ir/types.js';
import { mapExprsInRel } from '../ir/walk.js';
import type { Pass } from './index.js';

const TICKS = new Set(['datetime', 'timespan']);
/** Kusto's datetime range in ticks since 1970: 0001-01-01T00:00:00 to 9999-12-31T23:59:59.9999999. */
const MIN_DATETIME = -621355968000000000n;
const MAX_DATETIME = 2534023007999999999n;

function fold(e: Expr): Expr {
  if (e.k !== 'call' || (e.fn !== '+' && e.fn !== '-') || !TICKS.has(e.type)) return e;
  const [a, b] = e.args;
  if (a?.k !== 'lit' || b?.k !== 'lit' || typeof a.value !== 'bigint' || typeof b.value !== 'bigint') return e;
  if (!TICKS.has(a.type) || !TICKS.has(b.type)) return e;
  const value = e.fn === '+' ? a.value + b.value : a.value - b.value;
  // a datetime outside 0001-01-01 … 9999-12-31 is null in Kusto, as the runtime operators make it
  if (e.type === 'datetime' && (value < MIN_DATETIME || value > MAX_DATETIME)) return { k: 'lit', value: null, type: 'datetime' };
  return { k: 'lit', value, type: e.type };
}

export const foldTimeConstants: Pass = { name: 'fold-time-constants', run: rel => mapExprsInRel(rel, fold) };
