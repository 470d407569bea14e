/** Rewrite passes over the IR, applied in order after lowering. Each pass is a named, pure function. */
import type { Rel } from '../ir/types.js';

export interface Pass { name: string; run(rel: Rel): Rel }

export const PASSES: Pass[] = [];

export function rewrite(rel: Rel, passes: Pass[] = PASSES): Rel {
  return passes.reduce((r, p) => p.run(r), rel);
}
