/**
 * join in Kusto's flavours. The default, innerunique, keeps one left row per join key (the first) before an
 * inner join. Semi and anti joins keep one side's columns; outer joins fill the other side with nulls.
 * Kusto's join keys match when both are null, so keys compare with IS NOT DISTINCT FROM.
 */
import type { Rel } from '../../ir/types.js';
import { ExprEmitter, sqlNames, type DuckDbDialect } from './emit.js';
import { ident } from './sql-text.js';

type Join = Extract<Rel, { k: 'join' }>;

export function emitJoin(rel: Join, d: DuckDbDialect): string {
  const cx = new ExprEmitter(d, { left: '_l', right: '_r' }, [], { left: rel.left.cols, right: rel.right.cols });
  const on = rel.on.map(p => `${cx.expr(p.left)} IS NOT DISTINCT FROM ${cx.expr(p.right)}`).join(' AND ') || 'TRUE';
  let left = d.emit(rel.left);
  if (rel.kind === 'innerunique') {
    // The first left row of each key, in the input's order (Kusto keeps one of them; the first is what it shows).
    const kx = new ExprEmitter(d, {}, [], { default: rel.left.cols });
    const keys = rel.on.map(p => kx.expr({ ...p.left, side: undefined } as never)).join(', ');
    const ord = ident('__ord');
    left = `SELECT * EXCLUDE (${ord}) FROM (SELECT *, row_number() OVER () AS ${ord} FROM (${left}) AS _u0) AS _u `
      + `QUALIFY row_number() OVER (PARTITION BY ${keys} ORDER BY ${ord}) = 1`;
  }
  const right = d.emit(rel.right);
  const names = sqlNames(rel.cols);
  const list = rel.items.map((i, n) => `${cx.expr(i.expr)} AS ${names[n]}`).join(', ');
  const from = (kind: string) => `FROM (${left}) AS _l ${kind} (${right}) AS _r ON ${on}`;
  switch (rel.kind) {
    case 'innerunique': case 'inner': return `SELECT ${list} ${from('JOIN')}`;
    case 'leftouter': return `SELECT ${list} ${from('LEFT JOIN')}`;
    case 'rightouter': return `SELECT ${list} ${from('RIGHT JOIN')}`;
    case 'fullouter': return `SELECT ${list} ${from('FULL JOIN')}`;
    case 'leftsemi': return `SELECT ${list} ${from('SEMI JOIN')}`;
    case 'leftanti': return `SELECT ${list} ${from('ANTI JOIN')}`;
    case 'rightsemi': return `SELECT ${list} FROM (${right}) AS _r SEMI JOIN (${left}) AS _l ON ${on}`;
    case 'rightanti': return `SELECT ${list} FROM (${right}) AS _r ANTI JOIN (${left}) AS _l ON ${on}`;
  }
}
