/**
 * apply and its outer leaves: a LATERAL join, so the subquery runs once per input row (DuckDB decorrelates it).
 * `SELECT … FROM (input) AS _lo, LATERAL (sub) AS _los`; inside `sub`, an outer leaf selects `_lo`'s columns
 * (mv-apply) or the rows of a shared input whose keys equal them (partition).
 */
import type { Rel } from '../../ir/types.js';
import { colIdent, sqlNames, type DuckDbDialect } from './emit.js';
import { ident } from './sql-text.js';

type Apply = Extract<Rel, { k: 'apply' }>;
type Outer = Extract<Rel, { k: 'outer' }>;

export function emitApply(rel: Apply, d: DuckDbDialect): string {
  const row = ident(rel.alias);
  const sub = ident(`${rel.alias}s`);
  const names = sqlNames(rel.cols);
  const list = rel.cols.map((c, i) => {
    const fromSub = rel.sub.cols.some(s => s.name === c.name);
    const source = fromSub ? `${sub}.${colIdent(c.name, rel.sub.cols)}` : `${row}.${colIdent(c.name, rel.input.cols)}`;
    return `${source} AS ${names[i]}`;
  });
  // the join may reorder rows: ordinals restore input order, then each subquery's own order
  const input = `SELECT *, row_number() OVER () AS __apply_m FROM (${d.emit(rel.input)}) AS _t`;
  const each = `SELECT *, row_number() OVER () AS __apply_n FROM (${d.emit(rel.sub)}) AS _t`;
  return `SELECT ${list.join(', ') || '1 AS __empty'} FROM (${input}) AS ${row}, LATERAL (${each}) AS ${sub} ORDER BY ${row}.__apply_m, ${sub}.__apply_n`;
}

export function emitOuter(rel: Outer, d: DuckDbDialect): string {
  const row = ident(rel.alias);
  const names = sqlNames(rel.cols);
  if (!rel.from) return `SELECT ${rel.cols.map((_, i) => `${row}.${names[i]} AS ${names[i]}`).join(', ') || '1 AS __empty'}`;
  const from = rel.from;
  // the apply's input row holds just the keys, so each is spelled as its plain name there
  const match = (rel.keys ?? []).map(k => `_of.${colIdent(k, from.cols)} IS NOT DISTINCT FROM ${row}.${ident(k)}`);
  return `SELECT * FROM (${d.emit(from)}) AS _of${match.length ? ` WHERE ${match.join(' AND ')}` : ''}`;
}
