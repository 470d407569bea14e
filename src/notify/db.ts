/**
 * The notifier's own connection to the store, with its own lock: every statement and transaction on it runs one
 * at a time. It is separate from the server's write connection so that a caller holding that lock (the rule
 * engine, committing alerts) can hand alerts to the outbox without waiting on itself.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { Mutex } from '../server/overload.js';

export type Row = Record<string, unknown>;

export class NotifyDb {
  private readonly lock = new Mutex();

  constructor(readonly conn: DuckDBConnection) {}

  async all(sql: string, params: DuckDBValue[] = []): Promise<Row[]> {
    return this.lock.run(async () => (await this.conn.runAndReadAll(sql, params)).getRowObjectsJS() as Row[]);
  }

  /** Runs `work` in one transaction; `q` inside it must be used instead of `all` (the lock is held). */
  async tx<T>(work: (q: (sql: string, params?: DuckDBValue[]) => Promise<Row[]>) => Promise<T>): Promise<T> {
    return this.lock.run(async () => {
      await this.conn.run('BEGIN TRANSACTION');
      try {
        const result = await work(async (sql, params = []) => (await this.conn.runAndReadAll(sql, params)).getRowObjectsJS() as Row[]);
        await this.conn.run('COMMIT');
        return result;
      } catch (err) {
        await this.conn.run('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  close(): void {
    this.conn.closeSync();
  }
}

/** A DuckDB TIMESTAMP (UTC) as ISO text. */
export function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  const d = new Date(String(v).replace(' ', 'T') + (/Z|[+-]\d\d:?\d\d$/.test(String(v)) ? '' : 'Z'));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
}
