/** datatable(a:long, b:string) [1, "x", …]: literal rows, read left to right into the schema's columns. */
import { columnsOf, listOf } from '../context.js';
import type { Expr } from '../../ir/types.js';
import type { OperatorLowering } from './types.js';

export const lowerDataTable: OperatorLowering = (op, _input, lw, scope) => {
  const cols = columnsOf(op);
  const values = listOf(op.Values).map(v => lw.lowerExpr(v, scope));
  const rows: Expr[][] = [];
  if (cols.length) for (let i = 0; i + cols.length <= values.length; i += cols.length) rows.push(values.slice(i, i + cols.length));
  return { k: 'values', cols, rows };
};
