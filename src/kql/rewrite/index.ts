/** Rewrite passes over the IR, applied in order after lowering. Each pass is a named, pure function. */
import type { Rel } from '../ir/types.js';
import { foldTimeConstants } from './fold-time-constants.js';
import { foldDynamicPaths } from './fold-dynamic-paths.js';
import { mergeFilters } from './merge-filters.js';
import { planRowFunctionsPass } from '../lower/operators/row-functions.js';

export interface Pass { name: string; run(rel: Rel): Rel }

/** Row functions are planned first: later passes never merge projections, which would undo the plan. */
export const PASSES: Pass[] = [planRowFunctionsPass, foldTimeConstants, foldDynamicPaths, mergeFilters];

export function rewrite(rel: Rel, passes: Pass[] = PASSES): Rel {
  return passes.reduce((r, p) => p.run(r), rel);
}
