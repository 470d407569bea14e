/** Small helpers for the application tables: batched inserts (one statement per table) and row reading. */
import { listValue, type DuckDBConnection } from '@duckdb/node-api';

export type SqlType = 'VARCHAR' | 'INTEGER' | 'BOOLEAN';

/** Inserts rows column-wise: one parameter list per column, zipped by unnest, so 10,000 rows cost one statement. */
export async function insertMany(conn: DuckDBConnection, table: string, columns: [string, SqlType][], rows: unknown[][]): Promise<void> {
  if (!rows.length) return;
  const params = columns.map((_, i) => listValue(rows.map(r => (r[i] === undefined ? null : r[i] === null ? null : columns[i][1] === 'VARCHAR' ? String(r[i]) : r[i])) as never[]));
  const select = columns.map(([, type], i) => `unnest($${i + 1}::${type}[])`).join(', ');
  await conn.run(`INSERT INTO ${table} (${columns.map(c => c[0]).join(', ')}) SELECT ${select}`, params);
}

export async function readRows(conn: DuckDBConnection, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, params as never);
  const names = reader.columnNames();
  return reader.getRowsJS().map(r => Object.fromEntries(names.map((n, i) => [n, typeof r[i] === 'bigint' ? Number(r[i]) : r[i]])));
}

/** Runs `work` in a transaction on `conn`, rolling back when it throws. */
export async function transaction<T>(conn: DuckDBConnection, work: () => Promise<T>): Promise<T> {
  await conn.run('BEGIN TRANSACTION');
  try {
    const r = await work();
    await conn.run('COMMIT');
    return r;
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
}
