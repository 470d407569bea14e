/**
 * fold-dynamic-paths: a chain of constant element accesses becomes one path lookup.
 * `dyn_get(dyn_get(d, "a"), 0)` => `dyn_path(d, "a", 0)`, which the store reads with a single JSON path
 * instead of materialising every intermediate value.
 */
import type { Expr } from '../ir/types.js';
import { mapExprsInRel } from '../ir/walk.js';
import type { Pass } from './index.js';

/** Only property names and non-negative indexes fold: a negative index counts from the end, per array. */
function isStep(e: Expr | undefined): boolean {
  return e?.k === 'lit' && (typeof e.value === 'string' || ((typeof e.value === 'bigint' || typeof e.value === 'number') && e.value >= 0));
}

function fold(e: Expr): Expr {
  if (e.k !== 'call' || e.fn !== 'dyn_get' || !isStep(e.args[1])) return e;
  const base = e.args[0];
  if (base.k === 'call' && (base.fn === 'dyn_path' || (base.fn === 'dyn_get' && isStep(base.args[1])))) {
    return { ...e, fn: 'dyn_path', args: [...base.args, e.args[1]] };
  }
  return e;
}

export const foldDynamicPaths: Pass = { name: 'fold-dynamic-paths', run: rel => mapExprsInRel(rel, fold) };
