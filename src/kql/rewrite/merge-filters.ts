/**
 * merge-filters: consecutive where operators become one.
 * `T | where a | where b` => `T | where a and b`, one scan with one predicate in the SQL.
 */
import { mapRels } from '../ir/walk.js';
import type { Pass } from './index.js';

export const mergeFilters: Pass = {
  name: 'merge-filters',
  run: rel => mapRels(rel, r => {
    if (r.k !== 'filter' || r.input.k !== 'filter') return r;
    return { ...r, input: r.input.input, pred: { k: 'call', fn: 'and', args: [r.input.pred, r.pred], type: 'bool' } };
  }),
};
