/** Which KQL function names are aggregates and which are row (window) functions over serialized input. */

export const AGGREGATES = new Set([
  'count', 'countif', 'dcount', 'dcountif', 'sum', 'sumif', 'avg', 'avgif', 'min', 'max', 'minif', 'maxif',
  'arg_max', 'arg_min', 'argmax', 'argmin', 'make_set', 'make_set_if', 'make_list', 'make_list_if', 'makeset', 'makelist',
  'make_list_with_nulls', 'make_bag', 'make_bag_if', 'percentile', 'percentiles', 'percentiles_array', 'percentilew',
  'percentilesw', 'stdev', 'stdevif', 'stdevp', 'variance', 'varianceif', 'variancep', 'take_any', 'take_anyif', 'any',
  'anyif', 'hll', 'hll_merge', 'tdigest', 'tdigest_merge', 'binary_all_and', 'binary_all_or', 'binary_all_xor',
  'buildschema', 'count_distinct', 'count_distinctif', 'percentilesw_array', 'covariance', 'covarianceif',
  'covariancep', 'covariancepif', 'hll_if', 'variancepif',
]);

export const WINDOW_FUNCTIONS = new Set([
  'row_number', 'prev', 'next', 'row_cumsum', 'row_rank_dense', 'row_rank_min', 'row_window_session',
]);
