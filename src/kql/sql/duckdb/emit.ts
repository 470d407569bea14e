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
import { argExtremeShape } from './arg-extreme.js';
import { emitMvExpand } from './mv-expand.js';
import { emitApply, emitOuter } from './apply.js';

export type CallExpr = Extract<Expr, { k: 'call' | 'agg' | 'win' }>;
/** Emits one function call from its already-emitted arguments. */
export type FnEmitter = (args: string[], call: CallExpr, cx: ExprEmitter) => string;

/** The columns of the input(s) an expression reads: `default` for one input, `left`/`right` for a join. */
export interface InputColumns { default?: Column[]; left?: Column[]; right?: Column[] }

const namesCache = new WeakMap<Column[], string[]>();

/**
 * The SQL identifiers of a relation's columns. DuckDB folds identifier case even when quoted, while Kusto keeps
 * `a` and `A` apart; a column whose name folds onto an earlier one's gets a distinct spelling. Every relation
 * names its output this way, and expressions find their input columns through the same list.
 */
export function sqlNames(cols: Column[]): string[] {
  const cached = namesCache.get(cols);
  if (cached) return cached;
  const seen = new Set<string>();
  const names = cols.map((c, i) => {
    let name = c.name;
    for (let n = i; seen.has(name.toLowerCase()); n++) name = `${c.name}__ci${n}`;
    seen.add(name.toLowerCase());
    return ident(name);
  });
  namesCache.set(cols, names);
  return names;
}

/** The SQL identifier of the column `name` among `cols` (the plain quoted name when it is not listed). */
export function colIdent(name: string, cols: Column[] | undefined): string {
  const i = cols ? cols.findIndex(c => c.name === name) : -1;
  return i < 0 || !cols ? ident(name) : sqlNames(cols)[i];
}

/** Emits scalar expressions against one input (or the two inputs of a join). */
export class ExprEmitter {
  constructor(readonly dialect: DuckDbDialect, readonly qualifiers: { left?: string; right?: string; default?: string } = {},
    readonly order: SortKey[] = [], readonly inputs: InputColumns = {}) {}

  expr(e: Expr): string {
    switch (e.k) {
      case 'col': {
        const q = this.qualifiers[e.side ?? 'default'];
        const id = colIdent(e.name, this.inputs[e.side ?? 'default'] ?? this.inputs.default);
        return q ? `${q}.${id}` : id;
      }
      case 'lit': return literal(e.value, e.type);
      case 'var': return ident(e.name);
      case 'subquery': {
        const sql = this.dialect.emit(e.rel);
        if (!e.rel.cols.length) throw new KqlError('PK001', 'A tabular value used as a scalar needs at least one column');
        return `(SELECT ${sqlNames(e.rel.cols)[0]} FROM (${sql}) LIMIT 1)`;
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
    return `(SELECT ${sqlNames(e.rel.cols)[0]} FROM (${this.dialect.emit(e.rel)}))`;
  }

  sqlType(e: Expr | Column): string {
    return SQL_TYPES[e.type];
  }
}

/** Input column `h` (of `cols`) as output column `c`, named `name`: cast when the types differ. */
function asColumn(h: Column, cols: Column[], c: Column, name: string): string {
  const id = colIdent(h.name, cols);
  return h.type === c.type ? `${id} AS ${name}` : `CAST(${id} AS ${SQL_TYPES[c.type]}) AS ${name}`;
}

/** An output column an input lacks: '' for strings, else a typed null. */
function emptyColumn(c: Column, name: string): string {
  return `${c.type === 'string' ? "''" : `CAST(NULL AS ${SQL_TYPES[c.type]})`} AS ${name}`;
}

/** Past this many filler columns (an output column an input lacks, summed over the inputs) a union goes by name. */
const WIDE_UNION_FILLERS = 256;

function fillers(rel: Extract<Rel, { k: 'union' }>): number {
  return rel.inputs.reduce((n, input) => n + rel.cols.filter(c => !input.cols.some(x => x.name === c.name)).length, 0);
}

/** Each subquery has a single FROM item and is never referenced by name, so one alias serves every level. */
function alias(): string {
  return '_t';
}

export class DuckDbDialect implements Dialect {
  readonly name = 'duckdb';
  readonly setup = MACROS;

  /** An expression emitter reading the columns of `input`, aware of its known row order. */
  private over(input: Rel): ExprEmitter {
    return new ExprEmitter(this, {}, orderOf(input), { default: input.cols });
  }

  emit(rel: Rel): string {
    switch (rel.k) {
      case 'scan': {
        const names = sqlNames(rel.cols);
        const list = rel.cols.map((c, i) => (names[i] === ident(c.name) ? names[i] : `${ident(c.name)} AS ${names[i]}`));
        return `SELECT ${list.join(', ')} FROM ${ident(rel.table)}`;
      }
      case 'values': return this.values(rel);
      case 'range': {
        const cx = new ExprEmitter(this);
        const [from, to, step] = [cx.expr(rel.from), cx.expr(rel.to), cx.expr(rel.step)];
        const n = `CAST(floor((${to} - ${from}) / (${step})) AS BIGINT)`;
        const t = SQL_TYPES[rel.cols[0].type];
        return `SELECT CAST(${from} + i * (${step}) AS ${t}) AS ${sqlNames(rel.cols)[0]} FROM generate_series(0, ${n}) AS _r(i)`;
      }
      case 'filter': {
        const cx = this.over(rel.input);
        const a = alias();
        return `SELECT * FROM (${this.emit(rel.input)}) AS ${a} WHERE ${cx.expr(rel.pred)}${this.keepOrder(a, [rel.pred], cx)}`;
      }
      case 'project': {
        const cx = this.over(rel.input);
        const names = sqlNames(rel.cols);
        const list = rel.items.map((i, n) => `${cx.expr(i.expr)} AS ${names[n]}`).join(', ');
        const a = alias();
        const order = this.keepOrder(a, rel.items.map(i => i.expr), cx);
        return `SELECT ${list || '1 AS __empty'} FROM (${this.emit(rel.input)}) AS ${a}${order}`;
      }
      case 'aggregate': {
        const cx = new ExprEmitter(this, {}, [], { default: rel.input.cols });
        const names = sqlNames(rel.cols);
        const keys = rel.keys.map((i, n) => `${cx.expr(i.expr)} AS ${names[n]}`);
        const aggs = rel.aggs.map((i, n) => `${cx.expr(i.expr)} AS ${names[rel.keys.length + n]}`);
        const shape = argExtremeShape(rel);
        if (shape) {
          // every aggregate reads the same extreme row: keep that row per group (see arg-extreme.ts)
          const values = rel.aggs.map((i, n) => {
            const e = i.expr.k === 'agg' && i.expr.fn.startsWith('value_at_') ? i.expr.args[0] : shape.by;
            const v = cx.expr(e);
            return `${i.expr.type === 'string' ? `coalesce(${v}, '')` : v} AS ${names[rel.keys.length + n]}`;
          });
          const partition = rel.keys.map(k => cx.expr(k.expr)).join(', ');
          const order = `${cx.expr(shape.by)} ${shape.desc ? 'DESC' : 'ASC'} NULLS LAST`;
          return `SELECT ${[...keys, ...values].join(', ')} FROM (${this.emit(rel.input)}) AS ${alias()} QUALIFY row_number() OVER (PARTITION BY ${partition} ORDER BY ${order}) = 1`;
        }
        const group = keys.length ? ` GROUP BY ${keys.map((_, i) => i + 1).join(', ')}` : '';
        return `SELECT ${[...keys, ...aggs].join(', ')} FROM (${this.emit(rel.input)}) AS ${alias()}${group}`;
      }
      case 'sort': {
        const cx = new ExprEmitter(this, {}, [], { default: rel.input.cols });
        return `SELECT * FROM (${this.emit(rel.input)}) AS ${alias()} ORDER BY ${orderBy(rel.keys, cx)}`;
      }
      case 'limit': {
        const cx = new ExprEmitter(this);
        return `SELECT * FROM (${this.emit(rel.input)}) AS ${alias()} LIMIT greatest(${cx.expr(rel.count)}, 0)`;
      }
      case 'distinct':
        return `SELECT DISTINCT * FROM (${this.emit(rel.input)}) AS ${alias()}`;
      case 'union':
        if (!rel.inputs.length) return this.values({ k: 'values', cols: rel.cols, rows: [] });
        if (fillers(rel) > WIDE_UNION_FILLERS) return this.unionByName(rel);
        return rel.inputs.map(i => `(${this.conform(i, rel.cols)})`).join(' UNION ALL ');
      case 'join':
        return emitJoin(rel, this);
      case 'mvexpand':
        return emitMvExpand(rel, this);
      case 'ref':
        return `SELECT * FROM ${ident(rel.name)}`;
      case 'apply':
        return emitApply(rel, this);
      case 'outer':
        return emitOuter(rel, this);
      case 'with': {
        const defs = rel.defs.map(d => `${ident(d.name)} AS ${d.materialize ? 'MATERIALIZED ' : ''}(${this.emit(d.rel)})`);
        return `WITH ${defs.join(', ')} ${this.emit(rel.body)}`;
      }
    }
  }

  /**
   * Row functions (row_number, prev…) are computed by a window that may reorder its output; when the input has
   * a known order (a sort upstream), restate it so that later operators still see the rows in that order.
   */
  private keepOrder(from: string, exprs: Expr[], cx: ExprEmitter): string {
    if (!cx.order.length || !exprs.some(hasWindow)) return '';
    // qualified, so that an output column of the same name as a sort key does not stand in for it
    const qx = new ExprEmitter(this, { default: from }, [], cx.inputs);
    return ` ORDER BY ${orderBy(cx.order, qx)}`;
  }

  /** Selects `cols` from a relation, matched by name, with NULLs of the right type for the columns it lacks (union). */
  /**
   * A union of inputs that lack many of the output's columns (search or find over every table, union *): each
   * input gives only the columns it has and UNION ALL BY NAME fills the rest with null, so the SQL grows with the
   * inputs' columns rather than with inputs times output columns; strings missing from an input then read ''.
   */
  private unionByName(rel: Extract<Rel, { k: 'union' }>): string {
    const names = sqlNames(rel.cols);
    const present = new Set<string>();
    const branches = rel.inputs.map(input => {
      const list = rel.cols.flatMap((c, i) => {
        const h = input.cols.find(x => x.name === c.name);
        if (!h) return [];
        present.add(c.name);
        return [asColumn(h, input.cols, c, names[i])];
      });
      // an input with none of the columns still counts its rows
      return `(SELECT ${list.length ? list.join(', ') : 'NULL AS __none'} FROM (${this.emit(input)}) AS ${alias()})`;
    });
    const outer = rel.cols.map((c, i) => {
      if (!present.has(c.name)) return emptyColumn(c, names[i]);
      return c.type === 'string' ? `coalesce(${names[i]}, '') AS ${names[i]}` : names[i];
    });
    return `SELECT ${outer.join(', ')} FROM (${branches.join(' UNION ALL BY NAME ')}) AS ${alias()}`;
  }

  conform(rel: Rel, cols: Column[]): string {
    const names = sqlNames(cols);
    const list = cols.map((c, i) => {
      const h = rel.cols.find(x => x.name === c.name);
      return h ? asColumn(h, rel.cols, c, names[i]) : emptyColumn(c, names[i]);
    });
    return `SELECT ${list.join(', ')} FROM (${this.emit(rel)}) AS ${alias()}`;
  }

  private values(rel: Extract<Rel, { k: 'values' }>): string {
    const cx = new ExprEmitter(this);
    const names = sqlNames(rel.cols);
    if (!rel.cols.length) return `SELECT ${rel.rows.length ? '1' : '1 WHERE FALSE'} AS __empty`;
    const typed = (e: Expr, c: Column) => `CAST(${cx.expr(e)} AS ${SQL_TYPES[c.type]})`;
    if (!rel.rows.length) {
      return `SELECT ${rel.cols.map((c, i) => `CAST(NULL AS ${SQL_TYPES[c.type]}) AS ${names[i]}`).join(', ')} WHERE FALSE`;
    }
    const rows = rel.rows.map(r => `(${r.map((v, i) => typed(v, rel.cols[i])).join(', ')})`).join(', ');
    return `SELECT * FROM (VALUES ${rows}) AS ${alias()}(${names.join(', ')})`;
  }
}

function hasWindow(e: Expr): boolean {
  if (e.k === 'win') return true;
  return (e.k === 'call' || e.k === 'agg') && e.args.some(hasWindow);
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
      // a sort key survives when the projection passes the columns it reads through, possibly renamed
      const renamed = new Map<string, string>();
      for (const i of rel.items) if (i.expr.k === 'col' && !i.expr.side && !renamed.has(i.expr.name)) renamed.set(i.expr.name, i.name);
      const out: SortKey[] = [];
      for (const k of orderOf(rel.input)) {
        const expr = renameCols(k.expr, renamed);
        if (!expr) return [];
        out.push({ ...k, expr });
      }
      return out;
    }
    default: return [];
  }
}

/** `e` with its column references renamed, or undefined when it reads a column that `names` lacks. */
function renameCols(e: Expr, names: Map<string, string>): Expr | undefined {
  switch (e.k) {
    case 'col': {
      const name = names.get(e.name);
      return name === undefined ? undefined : { ...e, name };
    }
    case 'lit': return e;
    case 'call': {
      const args = e.args.map(a => renameCols(a, names));
      return args.every(a => a !== undefined) ? { ...e, args: args as Expr[] } : undefined;
    }
    default: return undefined;
  }
}
