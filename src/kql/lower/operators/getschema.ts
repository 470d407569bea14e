/** getschema: one row per input column with its name, position, .NET type and Kusto type; the rows are not read. */
import type { Expr, KType } from '../../ir/types.js';
import { columnsOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

/** The .NET type Kusto reports for each of its types (bool is stored as a signed byte). */
const DOTNET: Record<KType, string> = {
  bool: 'System.SByte', int: 'System.Int32', long: 'System.Int64', real: 'System.Double',
  decimal: 'System.Data.SqlTypes.SqlDecimal', string: 'System.String', datetime: 'System.DateTime',
  timespan: 'System.TimeSpan', dynamic: 'System.Object', guid: 'System.Guid',
};

export const lowerGetSchema: OperatorLowering = (op, input) => {
  const rel = needInput(input, op);
  const rows: Expr[][] = rel.cols.map((c, i) => [
    { k: 'lit', value: c.name, type: 'string' }, { k: 'lit', value: BigInt(i), type: 'long' },
    { k: 'lit', value: DOTNET[c.type], type: 'string' }, { k: 'lit', value: c.type, type: 'string' },
  ]);
  return { k: 'values', cols: columnsOf(op), rows };
};
