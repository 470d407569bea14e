/** The contract every operator lowering implements. */
import type { Bridged } from '../../analyzer/bridge.js';
import type { Column, Expr, NamedExpr, Rel } from '../../ir/types.js';
import { unsupported } from '../../errors.js';
import type { Scope } from '../context.js';
import type { Lowerer } from '../lowerer.js';

/** Lowers one operator node; `input` is the piped-in relation, absent for source operators (print, range…). */
export type OperatorLowering = (op: Bridged, input: Rel | undefined, lw: Lowerer, scope: Scope) => Rel;

export function needInput(input: Rel | undefined, op: Bridged): Rel {
  if (!input) throw unsupported('this operator at the start of a query', op);
  return input;
}

/** A projection onto `cols` where each column is its override, or else the input column of the same name. */
export function passThrough(input: Rel, cols: Column[], overrides: Map<string, Expr> = new Map()): Rel {
  // A column the analyser lists that is neither computed here nor in the input (scan's match_id, which Kusto only
  // adds with with_match_id) is left out rather than referenced.
  const have = new Set(input.cols.map(c => c.name));
  const kept = cols.filter(c => overrides.has(c.name) || have.has(c.name));
  const items: NamedExpr[] = kept.map(c => ({ name: c.name, expr: overrides.get(c.name) ?? { k: 'col', name: c.name, type: c.type } }));
  return { k: 'project', cols: kept, input, items };
}
