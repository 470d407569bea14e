/**
 * Staging for the writer: a table's rows go into a connection-local temp table that has only the columns they
 * fill, and one `INSERT … SELECT` moves them into the hunting table, where every other column takes its default
 * ('' for strings, null otherwise) and columns with one value for every row take it as a literal. A wide table such
 * as DeviceEvents (64 columns, a Defender event fills about 15) then costs JavaScript and the native bindings only
 * the values that exist and differ; the move is one vectorised statement that runs off the JavaScript thread.
 */
import { createHash } from 'node:crypto';
import { DuckDBDataChunk, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import type { TableDef } from '../kql/analyzer/schema.js';
import type { KType } from '../kql/ir/types.js';
import { ident, str } from '../kql/sql/duckdb/sql-text.js';
import type { ColumnTable } from './column-batch.js';
import type { Stored } from './values.js';

/** DuckDB's vector size: a data chunk holds at most this many rows. */
export const CHUNK_ROWS = 2048;

/** Past this many column sets for one table, rows are staged with every column (one stage table, no more). */
const MAX_SHAPES = 32;

interface Stage {
  name: string;
  columns: { name: string; type: KType }[];
  types?: DuckDBType[];
}

/**
 * Tables that hold a snapshot rather than a history, as in Defender: the statements that merge staged rows in
 * (`s`: the staged rows, as a relation with every column of the table; `cols`: the column list).
 * The configuration assessment keeps the latest row per device and configuration (a late, older report never
 * overwrites a newer one); the software inventory is replaced whole by each report of a device.
 */
const SNAPSHOTS: Record<string, (t: string, s: string, cols: string) => string[]> = {
  DeviceTvmSecureConfigurationAssessment: (t, s, cols) => [
    `DELETE FROM ${t} USING ${s} AS s WHERE ${t}.DeviceId = s.DeviceId AND ${t}.ConfigurationId = s.ConfigurationId AND coalesce(${t}.Timestamp, 0) <= coalesce(s.Timestamp, 0)`,
    `INSERT INTO ${t} (${cols}) SELECT ${cols} FROM ${s} AS s WHERE NOT EXISTS (SELECT 1 FROM ${t} AS x WHERE x.DeviceId = s.DeviceId AND x.ConfigurationId = s.ConfigurationId)
       QUALIFY row_number() OVER (PARTITION BY s.DeviceId, s.ConfigurationId ORDER BY s.Timestamp DESC NULLS LAST) = 1`,
  ],
  DeviceTvmSoftwareInventory: (t, s, cols) => [
    `DELETE FROM ${t} WHERE DeviceId IN (SELECT DeviceId FROM ${s} AS s)`,
    `INSERT INTO ${t} (${cols}) SELECT DISTINCT ${cols} FROM ${s} AS s`,
  ],
};

export class Staging {
  private readonly stages = new Map<string, Stage>();
  private readonly shapes = new Map<string, number>();
  /** Statements not yet run: the moves of staged rows, in order. */
  private pending: string[] = [];
  /** Stage tables holding rows that `pending` has yet to move. */
  private readonly holding = new Set<string>();

  constructor(private readonly conn: DuckDBConnection) {}

  /**
   * Appends the rows to a stage table of `table`'s shape and queues the statements that move them in and empty the
   * stage (run by flush()). Rows of another batch already waiting in the same stage table are moved first: each
   * batch's move carries its own constants. Must run inside the caller's transaction; after a rollback call
   * `forget()` (the stage tables created in it are gone).
   */
  async stage(table: TableDef, rows: ColumnTable): Promise<void> {
    const snapshot = SNAPSHOTS[table.name];
    // a snapshot's statements read every column of the staged rows: no constants, no narrow stage
    const staged = table.columns.filter(c => rows.columns[c.name] !== undefined);
    const stage = await this.stageFor(table, snapshot !== undefined || !staged.length ? table.columns : staged);
    const inStage = new Set(stage.columns.map(c => c.name));
    const constants = Object.entries(rows.constants).filter(([name]) => !inStage.has(name));
    if (this.holding.has(stage.name)) await this.flush();
    this.holding.add(stage.name);
    const appender = await this.conn.createAppender(stage.name, 'main', 'temp');
    try {
      stage.types ??= stage.columns.map((_, i) => appender.columnType(i));
      for (let start = 0; start < rows.rows; start += CHUNK_ROWS) {
        const end = Math.min(rows.rows, start + CHUNK_ROWS);
        const columns = stage.columns.map(c => slice(rows, c.name, start, end));
        const chunk = DuckDBDataChunk.create(stage.types, end - start);
        chunk.setColumns(columns);
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    // strings absent from a row become '' as the table's NOT NULL wants
    const value = (c: { name: string; type: KType }) => (c.type === 'string' ? `coalesce(${ident(c.name)}, '')` : ident(c.name));
    const from = `temp.${ident(stage.name)}`;
    const empty = `DELETE FROM ${from}`;
    if (snapshot !== undefined) {
      const cols = table.columns.map(c => ident(c.name)).join(', ');
      const s = `(SELECT ${table.columns.map(c => `${value(c)} AS ${ident(c.name)}`).join(', ')} FROM ${from})`;
      this.pending.push(...snapshot(ident(table.name), s, cols), empty);
      return;
    }
    const names = [...stage.columns.map(c => ident(c.name)), ...constants.map(([name]) => ident(name))];
    const values = [...stage.columns.map(value), ...constants.map(([, v]) => str(v))];
    this.pending.push(`INSERT INTO main.${ident(table.name)} (${names.join(', ')}) SELECT ${values.join(', ')} FROM ${from}`, empty);
  }

  /** Queues statements to run, in order, with the moves. */
  defer(...sql: string[]): void {
    this.pending.push(...sql);
  }

  /** Runs the queued statements, then `last` (a COMMIT), in one round trip; a failing statement stops the rest. */
  async flush(...last: string[]): Promise<void> {
    const sql = [...this.pending, ...last];
    this.pending = [];
    this.holding.clear();
    if (sql.length) await this.conn.run(sql.join(';\n'));
  }

  /** Forgets the stage tables and the queued statements: a rolled-back transaction took them with it. */
  forget(): void {
    this.stages.clear();
    this.shapes.clear();
    this.pending = [];
    this.holding.clear();
  }

  private async stageFor(table: TableDef, wanted: { name: string; type: KType }[]): Promise<Stage> {
    let columns = wanted;
    let key = shapeKey(table.name, columns);
    if (!this.stages.has(key)) {
      const shapes = this.shapes.get(table.name) ?? 0;
      if (shapes < MAX_SHAPES) this.shapes.set(table.name, shapes + 1);
      else key = shapeKey(table.name, columns = table.columns);
    }
    let stage = this.stages.get(key);
    if (!stage) {
      // named after its columns, so that writers sharing a connection share stage tables of the same shape
      const name = `stage_${table.name}_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
      const list = columns.map(c => ident(c.name)).join(', ');
      // CREATE TABLE AS keeps the column types (JSON included) but not NOT NULL: absent values stage as null
      await this.conn.run(`CREATE TEMP TABLE IF NOT EXISTS ${ident(name)} AS SELECT ${list} FROM main.${ident(table.name)} LIMIT 0`);
      stage = { name, columns };
      this.stages.set(key, stage);
    }
    return stage;
  }
}

const shapeKey = (table: string, columns: { name: string }[]) => [table, ...columns.map(c => c.name)].join('\u0000');

/** Rows [start, end) of one column: its values, the constant repeated, or nulls when no row has it. */
function slice(rows: ColumnTable, name: string, start: number, end: number): Stored[] {
  const values = rows.columns[name];
  if (values) return start === 0 && end === values.length ? values : values.slice(start, end);
  const constant = rows.constants[name];
  return new Array<Stored>(end - start).fill(constant === undefined ? null : constant);
}
