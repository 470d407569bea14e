/**
 * Writes ingested rows into the hunting tables, exactly once. Each item carries a key (device + channel +
 * record id for an event, the report id for a report); an item whose key was seen before adds nothing. Keys and
 * rows of a batch commit in one transaction, so a batch is either stored whole or not at all, and an
 * acknowledged batch survives a crash (DuckDB's write-ahead log is flushed at commit).
 */
import { DuckDBDataChunk, VARCHAR, type DuckDBConnection } from '@duckdb/node-api';
import { huntingTables, type TableDef } from '../kql/analyzer/schema.js';
import type { TableRows } from '../ingest/model.js';
import { ident } from '../kql/sql/duckdb/sql-text.js';
import { ColumnBatchBuilder, selectRows, type ColumnBatch, type ColumnTable } from './column-batch.js';
import { CHUNK_ROWS, Staging } from './staging.js';

export interface WriteItem { key: string; rows: TableRows }
export interface WriteResult {
  stored: number;
  duplicates: number;
  rows: Record<string, number>;
  /** The keys of the items this call stored (the others were already there). */
  fresh: Set<string>;
}

/** Errors that mean "a key of this batch is already stored": the optimistic write gives way to the exact one. */
const KEY_CONFLICT = /constraint|duplicate key/i;

export class Writer {
  readonly tables: ReadonlyMap<string, TableDef>;
  private readonly staging: Staging;
  private keysStaged = false;

  constructor(private readonly conn: DuckDBConnection, tables: TableDef[] = huntingTables()) {
    this.tables = new Map(tables.map(t => [t.name, t]));
    this.staging = new Staging(conn);
  }

  /** A builder for batches of this writer's tables. */
  builder(): ColumnBatchBuilder {
    return new ColumnBatchBuilder(this.tables);
  }

  async write(items: WriteItem[]): Promise<WriteResult> {
    const builder = this.builder();
    for (const item of items) builder.add(item.key, item.rows);
    const [result] = await this.writeBatches([builder.build()]);
    result.duplicates += builder.repeats;
    return result;
  }

  /**
   * Stores the items of the batches whose keys are new, all in one transaction; tells each batch which of its
   * keys it stored (a key in two batches counts for the first). The usual batch is all new, so it is written
   * optimistically: the keys go into app.ingest_keys with a plain insert, whose primary key refuses the whole
   * transaction if one was stored before. Only then are the batches written again the exact way, asking the key
   * table which keys are new (`ON CONFLICT DO NOTHING RETURNING`, several times slower).
   */
  async writeBatches(batches: ColumnBatch[]): Promise<WriteResult[]> {
    for (const b of batches) for (const table of Object.keys(b.tables)) {
      if (!this.tables.has(table)) throw new Error(`no hunting table named ${table}`);
    }
    const owner = new Map<string, number>();
    batches.forEach((b, i) => { for (const key of b.keys) if (!owner.has(key)) owner.set(key, i); });
    if (!owner.size) return batches.map(b => ({ stored: 0, duplicates: b.keys.length, rows: {}, fresh: new Set() }));
    let fresh: Set<string>;
    try {
      fresh = await this.transaction(batches, owner, 'optimistic');
    } catch (err) {
      if (!(err instanceof Error) || !KEY_CONFLICT.test(err.message)) throw err;
      fresh = await this.transaction(batches, owner, 'exact');
    }
    return batches.map((b, i) => {
      const mine = new Set(b.keys.filter(k => fresh.has(k) && owner.get(k) === i));
      const rows: Record<string, number> = {};
      for (const [table, t] of Object.entries(kept(b, i, owner, fresh))) if (t.rows) rows[table] = t.rows;
      return { stored: mine.size, duplicates: b.keys.length - mine.size, rows, fresh: mine };
    });
  }

  /** One transaction writing the batches' items whose keys are new; returns those keys. */
  private async transaction(batches: ColumnBatch[], owner: Map<string, number>, mode: 'optimistic' | 'exact'): Promise<Set<string>> {
    await this.conn.run('BEGIN TRANSACTION');
    try {
      const keys = [...owner.keys()];
      await this.stageKeys(keys);
      let fresh: Set<string>;
      if (mode === 'optimistic') {
        this.staging.defer('INSERT INTO app.ingest_keys (key) SELECT key FROM temp.stage_ingest_keys');
        fresh = new Set(keys);
      } else {
        const r = await this.conn.runAndReadAll('INSERT INTO app.ingest_keys (key) SELECT key FROM temp.stage_ingest_keys ON CONFLICT DO NOTHING RETURNING key');
        fresh = new Set(r.getRowsJS().map(row => String(row[0])));
      }
      this.staging.defer('DELETE FROM temp.stage_ingest_keys');
      for (const [i, b] of batches.entries()) {
        for (const [table, t] of Object.entries(kept(b, i, owner, fresh))) {
          if (t.rows) await this.staging.stage(this.tables.get(table)!, t);
        }
      }
      // usually one round trip: the key insert, the moves, emptying the stages, and the commit
      await this.staging.flush('COMMIT');
      return fresh;
    } catch (err) {
      await this.conn.run('ROLLBACK').catch(() => undefined);
      // stage tables created in the transaction went with it
      this.staging.forget();
      this.keysStaged = false;
      throw err;
    }
  }

  /** Appends the keys to the connection's key stage. */
  private async stageKeys(keys: string[]): Promise<void> {
    if (!this.keysStaged) {
      await this.conn.run('CREATE TEMP TABLE IF NOT EXISTS stage_ingest_keys (key VARCHAR)');
      this.keysStaged = true;
    }
    const appender = await this.conn.createAppender('stage_ingest_keys', 'main', 'temp');
    try {
      for (let start = 0; start < keys.length; start += CHUNK_ROWS) {
        const slice = keys.slice(start, start + CHUNK_ROWS);
        const chunk = DuckDBDataChunk.create([VARCHAR], slice.length);
        chunk.setColumns([slice]);
        appender.appendDataChunk(chunk);
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }
}

/** The tables of batch `i` reduced to the rows of items it owns whose keys are fresh (all of them, usually). */
function kept(b: ColumnBatch, i: number, owner: Map<string, number>, fresh: Set<string>): Record<string, ColumnTable> {
  const keep = new Set<number>();
  b.keys.forEach((k, j) => { if (fresh.has(k) && owner.get(k) === i) keep.add(j); });
  if (keep.size === b.keys.length) return b.tables;
  const out: Record<string, ColumnTable> = {};
  for (const [table, t] of Object.entries(b.tables)) out[table] = selectRows(t, keep);
  return out;
}

export { ident };
