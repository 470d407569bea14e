/**
 * DuckDB dialect: emits one SELECT per IR relation, nesting inputs as subqueries. Scalar functions come from
 * the catalog in ./functions (one file per family), aggregates from ./aggregates.ts.
 */
import type { Column, Expr, Rel, SortKey } from '../../ir/types.js';
import { KqlError } from '../../errors.js';
import type { Dialect } from '../dialect.js';
import { ident, literal, SQL_TYPES } from './sql-text.js';
import { FUNCTIONS } from './functions/index.js';
import { AGGREGATES } from './aggregates.js';
import { WINDOWS } from './window.js';
import { MACROS } from './macros.js';
import { emitJoin } from './join.js';
import { emitMvExpand } from './mv-expand.js';

export type CallExpr = Extract<Expr, { k: 'call' | 'agg' | 'win' }>;
/** Emits one function call from its already-emitted arguments. */
export type FnEmitter = (args: string[], call: CallExpr, cx: ExprEmitter) => string;

/** Emits scalar expressions against one input (or the two inputs of a join). */
export class ExprEmitter {
  constructor(readonly dialect: DuckDbDialect, readonly qualifiers: { left?: string; right?: string } = {},
    readonly order: SortKey[] = []) {}

  expr(e: Expr): string {
    switch (e.k) {
      case 'col': {
        const q = e.side ? this.qualifiers[e.side] : undefined;
        return q ? `${q}.${ident(e.name)}` : ident(e.name);
      }
      case 'lit': return literal(e.value, e.type);
      case 'var': return ident(e.name);
      case 'subquery': {
        const sql = this.dialect.emit(e.rel);
        return `(SELECT ${ident(e.rel.cols[0]?.name ?? '')} FROM (${sql}) LIMIT 1)`;
      }
      case 'call': return this.fn(FUNCTIONS, e);
      case 'agg': return this.fn(AGGREGATES, e);
      case 'win': return this.fn(WINDOWS, e);
    }
  }

  private fn(table: Record<string, FnEmitter>, e: CallExpr): string {
    const emit = table[e.fn];
    if (!emit) throw new KqlError('PK001', `Not supported yet: the function '${e.fn}'`, e.span);
    return emit(e.args.map(a => (a.k === 'subquery' && e.k === 'call' && e.fn.includes('in') ? this.setOf(a) : this.expr(a))), e, this);
  }

  /** The values of a one-column subquery, for `in (T | project x)`. */
  setOf(e: Expr): string {
    if (e.k !== 'subquery') return this.expr(e);
    return `(SELECT ${ident(e.rel.cols[0].name)} FROM (${this.dialect.emit(e.rel)}))`;
  }

  sqlType(e: Expr | Column): string {
    return SQL_TYPES[e.type];
  }
}

/** Each subquery has a single FROM item and is never referenced by name, so one alias serves every level. */
function alias(): string {
  return '_t';
}

export class DuckDbDialect implements Dialect {
  readonly name = 'duckdb';
  readonly setup = MACROS;

  emit(rel: Rel): string {
    switch (rel.k) {
      case 'scan':
        return `SELECT ${rel.cols.map(c => ident(c.name)).join(', ')} FROM ${ident(rel.table)}`;
      case 'values': return this.values(rel);
      case 'range': {
        const cx = new ExprEmitter(this);
        const [from, to, step] = [cx.expr(rel.from), cx.expr(rel.to), cx.expr(rel.step)];
        const n = `CAST(floor((${to} - ${from}) / (${step})) AS BIGINT)`;
        const t = SQL_TYPES[rel.cols[0].type];
        return `SELECT CAST(${from} + i * (${step}) AS ${t}) AS ${ident(rel.cols[0].name)} FROM generate_series(0, ${n}) AS _r(i)`;
      }
      case 'filter': {
        const cx = new ExprEmitter(this, {}, orderOf(rel.input));
        return `SELECT * FROM (${this.emit(rel.input)}) AS ${alias()} WHERE ${cx.expr(rel.pred)}`;
      }
      case 'project': {
        const cx = new ExprEmitter(this, {}, orderOf(rel.input));
        const list = rel.items.map(i => `${cx.expr(i.expr)} AS ${ident(i.name)}`).join(', ');
        return `SELECT ${list || '1 AS __empty'} FROM (${this.emit(rel.input)}) AS ${alias()}`;
      }
      case 'aggregate': {
        const cx = new ExprEmitter(this);
        const keys = rel.keys.map(i => `${cx.expr(i.expr)} AS ${ident(i.name)}`);
        const aggs = rel.aggs.map(i => `${cx.expr(i.expr)} AS ${ident(i.name)}`);
        const group = keys.length ? ` GROUP BY ${keys.map((_, i) => i + 1).join(', ')}` : '';
        return `SELECT ${[...keys, ...aggs].join(', ')} FROM (${this.emit(rel.input)}) AS ${alias()}${group}`;
      }
      case 'sort': {
        const cx = new ExprEmitter(this);
        return `SELECT * FROM (${this.emit(rel.input)}) AS ${alias()} ORDER BY ${orderBy(rel.keys, cx)}`;
      }
      case 'limit': {
        const cx = new ExprEmitter(this);
        return `SELECT * FROM (${this.emit(rel.input)}) AS ${alias()} LIMIT greatest(${cx.expr(rel.count)}, 0)`;
      }
      case 'distinct':
        return `SELECT DISTINCT * FROM (${this.emit(rel.input)}) AS ${alias()}`;
      case 'union':
        return rel.inputs.map(i => `(${this.conform(i, rel.cols)})`).join(' UNION ALL ');
      case 'join':
        return emitJoin(rel, this);
      case 'mvexpand':
        return emitMvExpand(rel, this);
      case 'ref':
        return `SELECT * FROM ${ident(rel.name)}`;
      case 'with': {
        const defs = rel.defs.map(d => `${ident(d.name)} AS ${d.materialize ? 'MATERIALIZED ' : ''}(${this.emit(d.rel)})`);
        return `WITH ${defs.join(', ')} ${this.emit(rel.body)}`;
      }
    }
  }

  /** Selects `cols` from a relation, with NULLs of the right type for the columns it lacks (union). */
  conform(rel: Rel, cols: Column[]): string {
    const have = new Map(rel.cols.map(c => [c.name, c]));
    const list = cols.map(c => {
      const h = have.get(c.name);
      if (!h) return `CAST(NULL AS ${SQL_TYPES[c.type]}) AS ${ident(c.name)}`;
      return h.type === c.type ? ident(c.name) : `CAST(${ident(c.name)} AS ${SQL_TYPES[c.type]}) AS ${ident(c.name)}`;
    });
    return `SELECT ${list.join(', ')} FROM (${this.emit(rel)}) AS ${alias()}`;
  }

  private values(rel: Extract<Rel, { k: 'values' }>): string {
    const cx = new ExprEmitter(this);
    if (!rel.cols.length) return `SELECT ${rel.rows.length ? '1' : '1 WHERE FALSE'} AS __empty`;
    const typed = (e: Expr, c: Column) => `CAST(${cx.expr(e)} AS ${SQL_TYPES[c.type]})`;
    if (!rel.rows.length) {
      return `SELECT ${rel.cols.map(c => `CAST(NULL AS ${SQL_TYPES[c.type]}) AS ${ident(c.name)}`).join(', ')} WHERE FALSE`;
    }
    const rows = rel.rows.map(r => `(${r.map((v, i) => typed(v, rel.cols[i])).join(', ')})`).join(', ');
    return `SELECT * FROM (VALUES ${rows}) AS ${alias()}(${rel.cols.map(c => ident(c.name)).join(', ')})`;
  }
}

export function orderBy(keys: SortKey[], cx: ExprEmitter): string {
  return keys.map(k => `${cx.expr(k.expr)} ${k.desc ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ');
}

/** The row order a relation is known to have (from a sort upstream that later operators kept). */
export function orderOf(rel: Rel): SortKey[] {
  switch (rel.k) {
    case 'sort': return rel.keys;
    case 'filter': case 'limit': return orderOf(rel.input);
    case 'project': {
      const keys = orderOf(rel.input);
      const kept = new Set(rel.items.filter(i => i.expr.k === 'col' && i.expr.name === i.name).map(i => i.name));
      return keys.every(k => k.expr.k === 'col' && kept.has(k.expr.name)) ? keys : [];
    }
    default: return [];
  }
}
