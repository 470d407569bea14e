/**
 * find [withsource=Col] [in (T1, T2, …)] where Predicate [project-smart | project c1[:type], … [, pack_all()]]
 * (and `find Predicate …`, which searches every table of the database). Kusto documents its output schema, which
 * the analyser computes: the source column (source_ unless withsource names it), then with project-smart the
 * columns the predicate names and those common to all searched tables, then `pack_`, a bag of the row's other
 * columns; with project the listed columns (null where a table lacks one), and with pack_all() `pack_` holding
 * every column of the row.
 *
 * Each table is filtered on its own: a table that has none of the columns the predicate uses is not searched; in
 * a table that has some of them, a missing column is an empty value (so `A == x or B == y` over a table without B
 * keeps its rows where A == x, as Kusto's example shows). Bare terms (`find "x"`) match any column, as in search.
 */
import type { NamedExpr, Rel } from '../../ir/types.js';
import { call, col, lit } from '../../ir/types.js';
import { columnsRead } from '../../ir/walk.js';
import { unsupported } from '../../errors.js';
import { columnsOf } from '../context.js';
import type { OperatorLowering } from './types.js';
import { caseSensitive, missingAsEmpty, predicateOver } from './search.js';
import { empty, ownColumn, sourcesOf } from './table-sources.js';

export const lowerFind: OperatorLowering = (op, input, lw, scope) => {
  if (input) throw unsupported('find after a pipe', op);
  const sources = sourcesOf(op, lw, scope, 'find_arg');
  const cols = columnsOf(op);
  const sourceCol = cols[0];
  const projectText = op.Project ? String(op.Project.ToString?.() ?? '') : '';
  const packAll = /\bpack_all\s*\(/i.test(projectText);
  const packAt = cols.findIndex(c => c.name === 'pack_' && c.type === 'dynamic');
  const named = new Set(cols.filter((_, i) => i !== 0 && i !== packAt).map(c => c.name));
  const cs = caseSensitive(op);

  const inputs: Rel[] = [];
  for (const s of sources) {
    const have = new Set(s.rel.cols.map(c => c.name));
    let pred = predicateOver(op, s.rel, cs, lw, scope);
    const used = columnsRead(pred);
    if (used.size && ![...used].some(n => have.has(n))) continue; // none of the predicate's columns: not searched
    pred = missingAsEmpty(pred, s.rel);
    const filtered: Rel = { k: 'filter', cols: s.rel.cols, input: s.rel, pred };
    // each table gives the columns it has; the union fills in the others
    const out: NamedExpr[] = cols.flatMap((c, i) => {
      if (i === 0) return [{ name: c.name, expr: lit(s.name, 'string') }];
      if (i === packAt) {
        const packed = s.rel.cols.filter(r => packAll || !named.has(r.name));
        return [{ name: c.name, expr: call('bag_pack', 'dynamic', ...packed.flatMap(r => [lit(r.name, 'string'), col(r.name, r.type)])) }];
      }
      const own = ownColumn(s.rel, c);
      return own ? [{ name: c.name, expr: col(own.name, own.type) }] : [];
    });
    inputs.push({ k: 'project', cols: out.map(o => ({ name: o.name, type: o.expr.type })), input: filtered, items: out });
  }
  if (!inputs.length) {
    // no table has a column the predicate reads: an empty result of the analyser's schema
    return { k: 'filter', cols, input: { k: 'values', cols, rows: [cols.map(c => (c === sourceCol ? lit('', 'string') : empty(c)))] }, pred: lit(false, 'bool') };
  }
  return inputs.length === 1 && inputs[0].cols.length === cols.length ? inputs[0] : { k: 'union', cols, inputs };
};
