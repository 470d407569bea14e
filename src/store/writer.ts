/**
 * Writes ingested rows into the hunting tables, exactly once. Each item carries a key (device + channel +
 * record id for an event, the report id for a report); an item whose key was seen before adds nothing. Keys and
 * rows of a batch commit in one transaction, so a batch is either stored whole or not at all, and an
 * acknowledged batch survives a crash (DuckDB's write-ahead log is flushed at commit).
 */
import { DuckDBDataChunk, listValue, type DuckDBConnection } from '@duckdb/node-api';
import { huntingTables, type TableDef } from '../kql/analyzer/schema.js';
import type { KType } from '../kql/ir/types.js';
import type { TableRows } from '../ingest/model.js';
import { ident } from '../kql/sql/duckdb/sql-text.js';
import { storedValue, type Stored } from './values.js';

export interface WriteItem { key: string; rows: TableRows }
export interface WriteResult {
  stored: number;
  duplicates: number;
  rows: Record<string, number>;
  /** The keys of the items this call stored (the others were already there). */
  fresh: Set<string>;
}

/**
 * Tables that hold a snapshot rather than a history, as in Defender: the statements that merge staged rows in.
 * The configuration assessment keeps the latest row per device and configuration (a late, older report never
 * overwrites a newer one); the software inventory is replaced whole by each report of a device.
 */
const SNAPSHOTS: Record<string, (t: string, stage: string) => string[]> = {
  DeviceTvmSecureConfigurationAssessment: (t, s) => [
    `DELETE FROM ${t} USING ${s} AS s WHERE ${t}.DeviceId = s.DeviceId AND ${t}.ConfigurationId = s.ConfigurationId AND coalesce(${t}.Timestamp, 0) <= coalesce(s.Timestamp, 0)`,
    `INSERT INTO ${t} SELECT s.* FROM ${s} AS s WHERE NOT EXISTS (SELECT 1 FROM ${t} AS x WHERE x.DeviceId = s.DeviceId AND x.ConfigurationId = s.ConfigurationId)
       QUALIFY row_number() OVER (PARTITION BY s.DeviceId, s.ConfigurationId ORDER BY s.Timestamp DESC NULLS LAST) = 1`,
  ],
  DeviceTvmSoftwareInventory: (t, s) => [
    `DELETE FROM ${t} WHERE DeviceId IN (SELECT DeviceId FROM ${s})`,
    `INSERT INTO ${t} SELECT DISTINCT * FROM ${s}`,
  ],
};

/** DuckDB's vector size: a data chunk holds at most this many rows. */
const CHUNK_ROWS = 2048;

export class Writer {
  private readonly tables: Map<string, TableDef>;
  private readonly order = new Map<string, { name: string; type: KType }[]>();
  private readonly staged = new Set<string>();

  constructor(private readonly conn: DuckDBConnection, tables: TableDef[] = huntingTables()) {
    this.tables = new Map(tables.map(t => [t.name, t]));
  }

  async write(items: WriteItem[]): Promise<WriteResult> {
    const result: WriteResult = { stored: 0, duplicates: 0, rows: {}, fresh: new Set() };
    if (!items.length) return result;
    for (const item of items) for (const table of Object.keys(item.rows)) {
      if (!this.tables.has(table)) throw new Error(`no hunting table named ${table}`);
    }
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const keys = [...new Set(items.map(i => i.key))];
      const fresh = await this.conn.runAndReadAll(
        'INSERT INTO app.ingest_keys (key) SELECT unnest($1::VARCHAR[]) ON CONFLICT DO NOTHING RETURNING key', [listValue(keys)]);
      const isNew = new Set(fresh.getRowsJS().map(r => String(r[0])));
      const byTable = new Map<string, Record<string, unknown>[]>();
      const taken = new Set<string>();
      for (const item of items) {
        if (!isNew.has(item.key) || taken.has(item.key)) { result.duplicates++; continue; }
        taken.add(item.key);
        result.fresh.add(item.key);
        result.stored++;
        for (const [table, rows] of Object.entries(item.rows)) {
          if (!byTable.has(table)) byTable.set(table, []);
          byTable.get(table)!.push(...rows);
        }
      }
      for (const [table, rows] of byTable) {
        await this.append(table, rows);
        result.rows[table] = rows.length;
      }
      await this.conn.run('COMMIT');
    } catch (err) {
      await this.conn.run('ROLLBACK');
      throw err;
    }
    return result;
  }

  /** Column order as the database has it (columns added by later versions come last). */
  private async columns(table: string): Promise<{ name: string; type: KType }[]> {
    const cached = this.order.get(table);
    if (cached) return cached;
    const def = this.tables.get(table)!;
    const types = new Map(def.columns.map(c => [c.name, c.type]));
    const names = (await this.conn.runAndReadAll(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $1 ORDER BY ordinal_position`, [table]))
      .getRowsJS().map(r => String(r[0]));
    const cols = names.map(name => ({ name, type: types.get(name) ?? 'string' }));
    this.order.set(table, cols);
    return cols;
  }

  private async append(table: string, rows: Record<string, unknown>[]): Promise<void> {
    const snapshot = SNAPSHOTS[table];
    if (!snapshot) return this.appendTo(table, table, rows);
    // A snapshot table holds the current state only: stage the new rows, then let them replace what they supersede.
    const stage = `stage_${table}`;
    if (!this.staged.has(table)) {
      await this.conn.run(`CREATE TEMP TABLE IF NOT EXISTS ${ident(stage)} AS SELECT * FROM main.${ident(table)} LIMIT 0`);
      this.staged.add(table);
    }
    await this.appendTo(table, stage, rows, 'temp');
    for (const sql of snapshot(ident(table), `temp.${ident(stage)}`)) await this.conn.run(sql);
    await this.conn.run(`DELETE FROM temp.${ident(stage)}`);
  }

  /** Appends rows (of `table`'s shape) to `target`, in the main database or the connection's temp catalog. */
  private async appendTo(table: string, target: string, rows: Record<string, unknown>[], catalog?: 'temp'): Promise<void> {
    const cols = await this.columns(table);
    const appender = await this.conn.createAppender(target, 'main', catalog ?? null);
    try {
      const types = cols.map((_, i) => appender.columnType(i));
      for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
        const slice = rows.slice(start, start + CHUNK_ROWS);
        // most columns of a wide table are absent from every row: fill those with their default in one go
        const columns: Stored[][] = cols.map(c => (slice.some(r => r[c.name] !== undefined && r[c.name] !== null)
          ? slice.map(r => storedValue(r[c.name] as never, c.type))
          : new Array<Stored>(slice.length).fill(c.type === 'string' ? '' : null)));
        const chunk = DuckDBDataChunk.create(types, slice.length);
        chunk.setColumns(columns as never);
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }
}

export { ident };
