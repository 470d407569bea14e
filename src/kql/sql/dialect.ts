/** The contract between the IR and a SQL engine: one implementation per store (DuckDB now, ClickHouse later). */
import type { Rel } from '../ir/types.js';

export interface Dialect {
  readonly name: string;
  /** SQL statements a connection runs once before its first query (helper macros). */
  readonly setup: readonly string[];
  /** One SELECT statement computing the relation, its columns named and ordered as `rel.cols`. */
  emit(rel: Rel): string;
}
