/**
 * mv-expand: one output row per element of an array (or per property of a bag), several columns in parallel.
 * Each expanded value becomes a list of JSON elements (kql_mv_items: null gives one null element, an empty array
 * none, a scalar itself); the row repeats max(length) times (capped by the limit), through an UNNEST in the
 * select list so rows and elements keep their order. Missing elements of shorter lists are null.
 */
import type { Rel } from '../../ir/types.js';
import { ExprEmitter, type DuckDbDialect } from './emit.js';
import { ident } from './sql-text.js';
import { fromJsonSql } from './functions/dynamic.js';

type MvExpand = Extract<Rel, { k: 'mvexpand' }>;

export function emitMvExpand(rel: MvExpand, d: DuckDbDialect): string {
  const cx = new ExprEmitter(d);
  const asArray = rel.bagExpansion === 'array' ? 'TRUE' : 'FALSE';
  const list = (i: number) => ident(`__mv_l${i}`);
  const pos = ident('__mv_p');
  const lists = rel.columns.map((c, i) => `kql_mv_items(${cx.expr(c.expr)}, ${asArray}) AS ${list(i)}`);
  const count = rel.columns.length > 1 ? `greatest(${rel.columns.map((_, i) => `len(${list(i)})`).join(', ')})` : `len(${list(0)})`;
  const capped = rel.limit !== undefined ? `least(${count}, ${Math.max(0, Math.trunc(rel.limit))})` : count;
  const expanded = new Map(rel.columns.map((c, i) => [c.name, { c, i }]));
  const out = rel.cols.map(col => {
    if (col.name === rel.index) return `CAST(${pos} - 1 AS BIGINT) AS ${ident(col.name)}`;
    const x = expanded.get(col.name);
    if (!x) return ident(col.name);
    return `${fromJsonSql(`${list(x.i)}[${pos}]`, x.c.type)} AS ${ident(col.name)}`;
  });
  const withLists = `SELECT *, ${lists.join(', ')} FROM (${d.emit(rel.input)}) AS _mv_in`;
  const repeated = `SELECT *, unnest(generate_series(1, ${capped})) AS ${pos} FROM (${withLists}) AS _mv_l`;
  return `SELECT ${out.join(', ')} FROM (${repeated}) AS _mv_r`;
}
