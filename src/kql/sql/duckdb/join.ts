/**
 * join in Kusto's flavours. The default, innerunique, keeps one left row per join key before an inner join.
 * Semi and anti joins keep one side's columns; outer joins fill the other side with nulls.
 */
import type { Rel } from '../../ir/types.js';
import { ExprEmitter, type DuckDbDialect } from './emit.js';
import { ident } from './sql-text.js';

type Join = Extract<Rel, { k: 'join' }>;

export function emitJoin(rel: Join, d: DuckDbDialect): string {
  const cx = new ExprEmitter(d, { left: '_l', right: '_r' });
  const on = rel.on.map(p => `${cx.expr(p.left)} = ${cx.expr(p.right)}`).join(' AND ') || 'TRUE';
  let left = d.emit(rel.left);
  if (rel.kind === 'innerunique') {
    const keys = rel.on.map(p => new ExprEmitter(d).expr({ ...p.left, side: undefined } as never)).join(', ');
    left = `SELECT * FROM (${left}) AS _u QUALIFY row_number() OVER (PARTITION BY ${keys}) = 1`;
  }
  const right = d.emit(rel.right);
  const list = rel.items.map(i => `${cx.expr(i.expr)} AS ${ident(i.name)}`).join(', ');
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
