/**
 * hll / hll_merge / dcount_hll, exactly rather than approximately: Picket's "hll" value is the dynamic array of the
 * distinct non-null values seen (as make_set builds it; the accuracy argument is accepted and ignored), hll_merge
 * unions such arrays (as an aggregate over a column, or as a scalar of several), and dcount_hll counts the elements,
 * so dcount_hll(hll(x)) equals dcount(x). dcount_hll of something that is not an array is null.
 */
import type { FnEmitter } from '../emit.js';
import { DYNAMIC_AGGREGATES } from './dynamic.js';

/** A dynamic value's elements as a list (NULL for a non-array). */
const elements = (h: string) => `CASE WHEN json_type(${h}) = 'ARRAY' THEN CAST(${h} AS JSON[]) END`;

export const HLL_AGGREGATES: Record<string, FnEmitter> = {
  hll: (args, e, cx) => DYNAMIC_AGGREGATES.make_set([args[0]], { ...e, args: [e.args[0]] }, cx),
  hll_merge: ([h]) => `coalesce(to_json(list_distinct(flatten(list(${elements(h)})))), CAST('[]' AS JSON))`,
};

export const HLL: Record<string, FnEmitter> = {
  dcount_hll: ([h]) => `CAST(json_array_length(CASE WHEN json_type(${h}) = 'ARRAY' THEN ${h} END) AS BIGINT)`,
  hll_merge: args => `to_json(list_distinct(flatten([${args.map(h => `coalesce(${elements(h)}, [])`).join(', ')}])))`,
};
