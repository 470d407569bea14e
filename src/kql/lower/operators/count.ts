/** count: one row with the number of input rows, in a column named Count. */
import { columnsOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

export const lowerCount: OperatorLowering = (op, input) => {
  const rel = needInput(input, op);
  const cols = columnsOf(op);
  return { k: 'aggregate', cols, input: rel, keys: [], aggs: [{ name: cols[0].name, expr: { k: 'agg', fn: 'count', args: [], type: 'long' } }] };
};
