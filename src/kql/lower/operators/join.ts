/**
 * join kind=… (R) on key, $left.a == $right.b. The analyser gives the output columns: the left's, then the
 * right's (renamed on collision, DeviceId1), or one side's only for semi and anti joins.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';
import type { Column, Expr, JoinKind, NamedExpr, Rel } from '../../ir/types.js';
import { columnsOf, listOf, type Scope } from '../context.js';
import type { Lowerer } from '../lowerer.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

const KINDS = new Set<JoinKind>(['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter', 'leftsemi', 'rightsemi', 'leftanti', 'rightanti']);
const ALIASES: Record<string, JoinKind> = {
  anti: 'leftanti', leftantisemi: 'leftanti', rightantisemi: 'rightanti', semi: 'leftsemi',
  leftsemi: 'leftsemi', rightsemi: 'rightsemi',
};

/** A named parameter's text (kind=inner, withsource=T); hints and other parameters are read the same way. */
export function parameter(op: Bridged, name: string): string | undefined {
  for (const p of listOf(op.Parameters)) {
    if ((p.Name?.SimpleName as string)?.toLowerCase() === name) return (p.Expression?.ToString?.() ?? p.Expression?.Token?.Text)?.trim();
  }
  return undefined;
}

export function joinKind(op: Bridged, fallback: JoinKind, lw: Lowerer): JoinKind {
  const raw = parameter(op, 'kind')?.toLowerCase();
  if (!raw) return fallback;
  const kind = (ALIASES[raw] ?? raw) as JoinKind;
  if (!KINDS.has(kind)) throw lw.error(`Not supported yet: join kind=${raw}`, op);
  return kind;
}

export type KeyPair = { left: Expr; right: Expr };

/** The equality pairs of an `on` clause: `on a, b` (same name on both sides) and `$left.x == $right.y`. */
export function joinKeys(clause: Bridged, left: Rel, right: Rel, lw: Lowerer, scope: Scope): KeyPair[] {
  const pairs: KeyPair[] = [];
  for (const e of listOf(clause?.Expressions)) {
    if (kindOf(e) === 'NameReference') {
      const name = e.ReferencedSymbol?.Name ?? e.SimpleName;
      const l = left.cols.find(c => c.name === name);
      const r = right.cols.find(c => c.name === name);
      if (!l || !r) throw lw.error(`The column '${name}' must exist on both sides of the join`, e);
      pairs.push({ left: { k: 'col', name, type: l.type, side: 'left' }, right: { k: 'col', name, type: r.type, side: 'right' } });
      continue;
    }
    collectEqualities(e, lw, scope, pairs);
  }
  if (!pairs.length) throw lw.error('A join needs at least one key in its on clause', clause);
  return pairs;
}

/** `$left.a == $right.b and …`: walks the syntax (the analyser leaves `and` here unbound) and lowers each side. */
function collectEqualities(e: Bridged, lw: Lowerer, scope: Scope, out: KeyPair[]): void {
  const kind = kindOf(e);
  if (kind === 'ParenthesizedExpression') { collectEqualities(e.Expression, lw, scope, out); return; }
  const op = kind === 'BinaryExpression' ? (e.Operator?.Text as string | undefined)?.toLowerCase() : undefined;
  if (op === 'and') { collectEqualities(e.Left, lw, scope, out); collectEqualities(e.Right, lw, scope, out); return; }
  if (op !== '==') throw lw.error('Not supported yet: join conditions other than equalities', e);
  const a = lw.lowerExpr(e.Left, scope);
  const b = lw.lowerExpr(e.Right, scope);
  const sideOf = (v: Expr) => (v.k === 'col' ? v.side : undefined);
  out.push(sideOf(a) === 'right' || sideOf(b) === 'left' ? { left: b, right: a } : { left: a, right: b });
}

/** A column of one join input; outer joins may leave it empty, and an empty string is '' in Kusto, never null. */
export function sideColumn(src: Column, side: 'left' | 'right', nullable: boolean): Expr {
  const e: Expr = { k: 'col', name: src.name, type: src.type, side };
  return nullable && src.type === 'string' ? { k: 'call', fn: 'coalesce', args: [e, { k: 'lit', value: '', type: 'string' }], type: 'string' } : e;
}

export const lowerJoin: OperatorLowering = (op, input, lw, scope) => {
  const left = needInput(input, op);
  const right = lw.lowerTable(op.Expression, scope);
  const kind = joinKind(op, 'innerunique', lw);
  const on = joinKeys(op.ConditionClause, left, right, lw, scope);
  const cols = columnsOf(op);
  const leftNullable = kind === 'rightouter' || kind === 'fullouter';
  const rightNullable = kind === 'leftouter' || kind === 'fullouter';
  let items: NamedExpr[];
  if (kind === 'leftsemi' || kind === 'leftanti') items = cols.map((c, i) => ({ name: c.name, expr: sideColumn(left.cols[i], 'left', false) }));
  else if (kind === 'rightsemi' || kind === 'rightanti') items = cols.map((c, i) => ({ name: c.name, expr: sideColumn(right.cols[i], 'right', false) }));
  else {
    if (cols.length !== left.cols.length + right.cols.length) throw lw.error('Not supported yet: this join output', op);
    items = cols.map((c, i) => {
      const fromLeft = i < left.cols.length;
      return { name: c.name, expr: fromLeft ? sideColumn(left.cols[i], 'left', leftNullable) : sideColumn(right.cols[i - left.cols.length], 'right', rightNullable) };
    });
  }
  return { k: 'join', cols, kind, left, right, on, items };
};
