/**
 * join kind=… (R) on key, $left.a == $right.b. The analyser gives the output columns: the left's, then the
 * right's (renamed on collision, DeviceId1), or one side's only for semi and anti joins.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';
import type { Expr, JoinKind, NamedExpr, Rel } from '../../ir/types.js';
import { columnsOf, listOf, type Scope } from '../context.js';
import type { Lowerer } from '../lowerer.js';
import type { OperatorLowering } from './types.js';
import { needInput } from './types.js';

const KINDS = new Set<JoinKind>(['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter', 'leftsemi', 'rightsemi', 'leftanti', 'rightanti']);
const ALIASES: Record<string, JoinKind> = { anti: 'leftanti', leftantisemi: 'leftanti', rightantisemi: 'rightanti', semi: 'leftsemi' };

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

/** The equality pairs of an `on` clause. */
export function joinKeys(clause: Bridged, left: Rel, right: Rel, lw: Lowerer, scope: Scope): { left: Expr; right: Expr }[] {
  const pairs: { left: Expr; right: Expr }[] = [];
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
  return pairs;
}

function collectEqualities(e: Bridged, lw: Lowerer, scope: Scope, out: { left: Expr; right: Expr }[]): void {
  const x = lw.lowerExpr(e, scope);
  const walk = (x: Expr) => {
    if (x.k === 'call' && x.fn === 'and') { x.args.forEach(walk); return; }
    if (x.k === 'call' && x.fn === '==') {
      const [a, b] = x.args;
      const sideOf = (v: Expr) => (v.k === 'col' ? v.side : undefined);
      if (sideOf(a) === 'right' || sideOf(b) === 'left') out.push({ left: b, right: a });
      else out.push({ left: a, right: b });
      return;
    }
    throw lw.error('Not supported yet: join conditions other than equalities', e);
  };
  walk(x);
}

export const lowerJoin: OperatorLowering = (op, input, lw, scope) => {
  const left = needInput(input, op);
  const right = lw.lowerTable(op.Expression, scope);
  const kind = joinKind(op, 'innerunique', lw);
  const on = joinKeys(op.ConditionClause, left, right, lw, scope);
  const cols = columnsOf(op);
  let items: NamedExpr[];
  if (kind === 'leftsemi' || kind === 'leftanti') items = cols.map((c, i) => ({ name: c.name, expr: { k: 'col', name: left.cols[i].name, type: c.type, side: 'left' } }));
  else if (kind === 'rightsemi' || kind === 'rightanti') items = cols.map((c, i) => ({ name: c.name, expr: { k: 'col', name: right.cols[i].name, type: c.type, side: 'right' } }));
  else {
    items = cols.map((c, i) => {
      const fromLeft = i < left.cols.length;
      const src = fromLeft ? left.cols[i] : right.cols[i - left.cols.length];
      const e: Expr = { k: 'col', name: src.name, type: src.type, side: fromLeft ? 'left' : 'right' };
      const nullable = (fromLeft && (kind === 'rightouter' || kind === 'fullouter')) || (!fromLeft && (kind === 'leftouter' || kind === 'fullouter'));
      return { name: c.name, expr: nullable && c.type === 'string' ? { k: 'call', fn: 'coalesce', args: [e], type: 'string' } : e };
    });
  }
  return { k: 'join', cols, kind, left, right, on, items };
};
