/**
 * Versioned migrations of the application schema (`app`, invisible to hunting queries), and the hunting tables
 * kept in step with schema/: missing tables are created and missing columns added, never dropped.
 * A database written by a newer Picket is refused, so an old build never half-understands new data.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { INGESTION_TIME, huntingTables } from '../kql/analyzer/schema.js';
import { SQL_TYPES, ident, str } from '../kql/sql/duckdb/sql-text.js';
import { INGESTION_TIME_SQL, createTableSql } from './hunting-schema.js';

import { MIGRATIONS } from './migrations/index.js';
import type { Migration } from './migrations/types.js';

export type { Migration };

export { MIGRATIONS };

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export class SchemaVersionError extends Error {}

async function scalar(conn: DuckDBConnection, sql: string): Promise<unknown> {
  const rows = (await conn.runAndReadAll(sql)).getRowsJS();
  return rows[0]?.[0];
}

export async function currentVersion(conn: DuckDBConnection): Promise<number> {
  const hasMeta = await scalar(conn, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'app' AND table_name = 'meta'");
  if (!Number(hasMeta)) return 0;
  const v = await scalar(conn, "SELECT value FROM app.meta WHERE key = 'schema_version'");
  return v === undefined ? 0 : Number(v);
}

/** Brings the database to the latest version, all pending steps in one transaction. */
export async function migrate(conn: DuckDBConnection, migrations: readonly Migration[] = MIGRATIONS): Promise<{ from: number; to: number }> {
  const from = await currentVersion(conn);
  const latest = migrations[migrations.length - 1].version;
  if (from > latest) {
    throw new SchemaVersionError(`This database was written by a newer Picket (schema version ${from}); this build knows versions up to ${latest}. Upgrade Picket to open it.`);
  }
  await conn.run('BEGIN TRANSACTION');
  try {
    // the hunting tables first: a step may read them (version 8 makes keys from WindowsEvent)
    await syncHuntingTables(conn);
    for (const m of migrations.filter(m => m.version > from)) {
      for (const s of m.statements) await conn.run(s);
      await conn.run(`INSERT OR REPLACE INTO app.meta VALUES ('schema_version', ${str(String(m.version))})`);
    }
    await conn.run('COMMIT');
  } catch (err) {
    // a failed COMMIT has ended the transaction already: its own error is the one to report
    await conn.run('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return { from, to: latest };
}

/** Creates missing hunting tables and adds columns that schema/ gained since the database was made. */
export async function syncHuntingTables(conn: DuckDBConnection): Promise<void> {
  const existing = new Map<string, Set<string>>();
  const rows = (await conn.runAndReadAll("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'")).getRowsJS();
  for (const [t, c] of rows as [string, string][]) {
    if (!existing.has(t)) existing.set(t, new Set());
    existing.get(t)!.add(c);
  }
  for (const t of huntingTables()) {
    const have = existing.get(t.name);
    if (!have) { await conn.run(createTableSql(t)); continue; }
    for (const c of t.columns) {
      if (have.has(c.name)) continue;
      const extra = c.type === 'string' ? " DEFAULT ''" : '';
      await conn.run(`ALTER TABLE ${ident(t.name)} ADD COLUMN ${ident(c.name)} ${SQL_TYPES[c.type]}${extra}`);
    }
    // Rows stored before the column existed read the time of the upgrade. Last: DuckDB cannot commit another change
    // to a table after adding a column whose default is not a constant.
    if (!have.has(INGESTION_TIME)) await conn.run(`ALTER TABLE ${ident(t.name)} ADD COLUMN ${INGESTION_TIME_SQL}`);
  }
}
