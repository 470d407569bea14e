/**
 * evaluate ipv4_lookup(LookupTable, SourceIPv4Key, IPv4LookupKey [, ExtraKey …] [, return_unmatched]): each input
 * row joined with the lookup rows whose IPv4 key (an address or a CIDR block) holds the row's address and whose
 * extra keys (columns of both tables) equal the row's; with return_unmatched = true the rows that match none stay,
 * with empty lookup columns. Overlapping ranges give one row per range that holds the address.
 */
import type { Bridged } from '../../analyzer/bridge.js';
import { kindOf } from '../../analyzer/bridge.js';
import type { Column, Expr, NamedExpr, Rel } from '../../ir/types.js';
import { call, lit } from '../../ir/types.js';
import { columnsOf, listOf } from '../context.js';
import type { Lowerer } from '../lowerer.js';
import type { OperatorLowering } from '../operators/types.js';
import { needInput } from '../operators/types.js';
import { sideColumn } from '../operators/join.js';

/** The column an argument names (the analyser has bound it to one of the two tables). */
function columnName(node: Bridged, lw: Lowerer): string {
  if (kindOf(node) !== 'NameReference') throw lw.error('ipv4_lookup: this argument must name a column', node);
  return String(node.ReferencedSymbol?.Name ?? node.SimpleName);
}

export const lowerIpv4Lookup: OperatorLowering = (op, input, lw, scope) => {
  const left = needInput(input, op);
  const args: Bridged[] = listOf(op.FunctionCall.ArgumentList.Expressions)
    .map((a: Bridged) => (kindOf(a) === 'SimpleNamedExpression' ? a.Expression : a)); // return_unmatched = true
  const right = lw.lowerTable(args[0], scope);
  const last = args.at(-1);
  const flag = args.length > 3 && last && last.ResultType?.Name === 'bool' ? lw.lowerExpr(last, scope) : undefined;
  if (flag && flag.k !== 'lit') throw lw.error('ipv4_lookup: return_unmatched must be a constant', last);
  const keep = flag?.value === true;
  const [source, range] = [columnName(args[1], lw), columnName(args[2], lw)];
  const extra = args.slice(3, flag ? -1 : undefined).map(a => columnName(a, lw));
  const find = (rel: Rel, what: string) => (name: string, node: Bridged): Column => {
    const c = rel.cols.find(x => x.name === name);
    if (!c) throw lw.error(`ipv4_lookup: ${what} has no column '${name}'`, node);
    return c;
  };
  const leftCol = find(left, 'the input');
  const rightCol = find(right, 'the lookup table');
  const text = (e: Expr) => (e.type === 'string' ? e : call('tostring', 'string', e));
  const src = leftCol(source, args[1]);
  const key = rightCol(range, args[2]);
  const on = [
    { left: call('ipv4_is_in_range', 'bool', text(sideColumn(src, 'left', false)), text(sideColumn(key, 'right', false))), right: lit(true, 'bool') },
    ...extra.map((name, i) => ({ left: sideColumn(leftCol(name, args[3 + i]), 'left', false), right: sideColumn(rightCol(name, args[3 + i]), 'right', false) })),
  ];
  // the output: the input's columns, then the lookup table's less the extra keys (the input has them already)
  const cols = columnsOf(op);
  const added = right.cols.filter(c => !extra.includes(c.name));
  if (cols.length !== left.cols.length + added.length) throw lw.error('Not supported yet: this ipv4_lookup output', op);
  const items: NamedExpr[] = cols.map((c, i) => ({
    name: c.name,
    expr: i < left.cols.length ? sideColumn(left.cols[i], 'left', false) : sideColumn(added[i - left.cols.length], 'right', keep),
  }));
  return { k: 'join', cols, kind: keep ? 'leftouter' : 'inner', left, right, on, items };
};
