/**
 * project-away, project-keep, project-reorder and project-rename: column selection by name or wildcard.
 * The analyser has already resolved wildcards into the output columns; renames map new names to old ones.
 */
import type { Expr } from '../../ir/types.js';
import { kindOf } from '../../analyzer/bridge.js';
import { columnsOf, listOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { needInput, passThrough } from './types.js';

export const lowerProjectByNames: OperatorLowering = (op, input) => {
  const rel = needInput(input, op);
  return passThrough(rel, columnsOf(op));
};

export const lowerProjectRename: OperatorLowering = (op, input) => {
  const rel = needInput(input, op);
  const overrides = new Map<string, Expr>();
  for (const e of listOf(op.Expressions)) {
    if (kindOf(e) !== 'SimpleNamedExpression') continue;
    const source = e.Expression.ReferencedSymbol;
    overrides.set(e.Name.SimpleName, { k: 'col', name: source.Name, type: rel.cols.find(c => c.name === source.Name)?.type ?? 'string' });
  }
  return passThrough(rel, columnsOf(op), overrides);
};
