/**
 * serialize [Name = Expr, …]: marks the rows as ordered (the order they arrive in, usually from a sort) so row
 * functions may run, and adds columns like extend does. Row functions are planned into window steps here.
 */
import type { Expr } from '../../ir/types.js';
import { kindOf } from '../../analyzer/bridge.js';
import { columnsOf, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput, passThrough } from './types.js';
import { assignNames } from './naming.js';
import { planRowFunctions } from './row-functions.js';

export const lowerSerialize: OperatorLowering = (op, input, lw, scope) => {
  const rel = needInput(input, op);
  const exprs = listOf(op.Expressions);
  if (!exprs.length) return rel;
  const cols = columnsOf(op);
  const inputNames = new Set(rel.cols.map(c => c.name));
  const names = assignNames(exprs, cols.map(c => c.name).filter(n => !inputNames.has(n)));
  const overrides = new Map<string, Expr>();
  exprs.forEach((e, i) => {
    overrides.set(names[i], lw.lowerExpr(kindOf(e) === 'SimpleNamedExpression' ? e.Expression : e, scope));
  });
  const project = passThrough(rel, cols, overrides);
  return project.k === 'project' ? planRowFunctions(project) : project;
};
