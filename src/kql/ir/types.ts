/**
 * Picket's typed intermediate representation of a KQL query: relational operators over typed scalar
 * expressions. Lowering produces it from the analysed syntax tree; rewrites transform it; a dialect emits SQL.
 *
 * Value conventions, shared by every dialect:
 * - datetime and timespan are 64-bit counts of 100 ns ticks (datetime: since 1970-01-01 UTC), as Kusto keeps them;
 * - dynamic is JSON text; string is never null (Kusto's empty string stands for "no value").
 */

import type { Span } from '../errors.js';

export type KType =
  | 'bool' | 'int' | 'long' | 'real' | 'decimal' | 'string' | 'datetime' | 'timespan' | 'dynamic' | 'guid';

export interface Column { name: string; type: KType }

/** Literal values: numbers for int/real, bigint for long/datetime/timespan, string, boolean, or null. */
export type LitValue = number | bigint | string | boolean | null;

export type Expr =
  /** A column of the operator's input; `side` picks the input of a join. */
  | { k: 'col'; name: string; type: KType; side?: 'left' | 'right' }
  | { k: 'lit'; value: LitValue; type: KType }
  /** A scalar function or operator with Kusto semantics, named as in the function catalog. */
  | { k: 'call'; fn: string; args: Expr[]; type: KType; span?: Span }
  /** An aggregate, valid only in an aggregate operator's items. */
  | { k: 'agg'; fn: string; args: Expr[]; type: KType; span?: Span }
  /** A row function over the serialized input (row_number, prev, next, row_cumsum). */
  | { k: 'win'; fn: string; args: Expr[]; type: KType; span?: Span }
  /** A scalar computed from a tabular expression: toscalar(), or the set of `in (T)`. */
  | { k: 'subquery'; rel: Rel; type: KType }
  /** A lambda parameter or a named value bound by an enclosing operator (mv-apply, array functions). */
  | { k: 'var'; name: string; type: KType };

export interface NamedExpr { name: string; expr: Expr }
export interface SortKey { expr: Expr; desc: boolean; nullsFirst: boolean }

export type JoinKind =
  | 'innerunique' | 'inner' | 'leftouter' | 'rightouter' | 'fullouter'
  | 'leftsemi' | 'rightsemi' | 'leftanti' | 'rightanti';

export type Rel =
  | { k: 'scan'; table: string; cols: Column[] }
  | { k: 'values'; cols: Column[]; rows: Expr[][] }
  | { k: 'range'; cols: Column[]; from: Expr; to: Expr; step: Expr }
  | { k: 'filter'; cols: Column[]; input: Rel; pred: Expr }
  /** Computes exactly the listed output columns, in order. */
  | { k: 'project'; cols: Column[]; input: Rel; items: NamedExpr[] }
  | { k: 'aggregate'; cols: Column[]; input: Rel; keys: NamedExpr[]; aggs: NamedExpr[] }
  | { k: 'sort'; cols: Column[]; input: Rel; keys: SortKey[] }
  | { k: 'limit'; cols: Column[]; input: Rel; count: Expr }
  | { k: 'distinct'; cols: Column[]; input: Rel }
  /** `on` pairs compare a left expression with a right one; `items` name the output columns. */
  | { k: 'join'; cols: Column[]; kind: JoinKind; left: Rel; right: Rel; on: { left: Expr; right: Expr }[];
      items: NamedExpr[] }
  | { k: 'union'; cols: Column[]; inputs: Rel[] }
  /** Expands array (or bag) columns into one row per element; `index` names an optional position column. */
  | { k: 'mvexpand'; cols: Column[]; input: Rel; columns: { name: string; expr: Expr; type: KType }[];
      index?: string; limit?: number; bagExpansion: 'bag' | 'array' }
  /** A reference to a named, shared subquery (let with materialize(), or a repeated tabular let). */
  | { k: 'ref'; cols: Column[]; name: string }
  /** Declares shared subqueries used by `body` through `ref`. */
  | { k: 'with'; cols: Column[]; defs: { name: string; rel: Rel; materialize: boolean }[]; body: Rel }
  /**
   * Runs `sub` once per row of `input` and joins each row with what it returned (mv-apply, partition). `sub` reads
   * that row through `outer` leaves of the same alias. An output column comes from `sub` when it has one of
   * that name, else from the input row.
   */
  | { k: 'apply'; cols: Column[]; input: Rel; sub: Rel; alias: string }
  /**
   * Inside an apply's `sub`: the apply's current input row (its columns are the input's), or, with `from`, the
   * rows of `from` whose `keys` equal that row's (null matching null; the row then holds just the keys).
   */
  | { k: 'outer'; cols: Column[]; alias: string; from?: Rel; keys?: string[] };

export type RelKind = Rel['k'];

export function col(name: string, type: KType, side?: 'left' | 'right'): Expr {
  return side ? { k: 'col', name, type, side } : { k: 'col', name, type };
}

export function lit(value: LitValue, type: KType): Expr {
  return { k: 'lit', value, type };
}

export function call(fn: string, type: KType, ...args: Expr[]): Extract<Expr, { k: 'call' }> {
  return { k: 'call', fn, args, type };
}
