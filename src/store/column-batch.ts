/**
 * A batch of keyed items as columns in the store's value forms: what the writer appends. Filled from normalised
 * rows as they come (row objects are what normalisers make; columns are what DuckDB takes), so each row object
 * dies young and only its values stay; built anywhere: on the writing thread or in an ingest worker, whose result
 * crosses to the writer as a few arrays instead of thousands of objects. Strings that are the same in every row of
 * a table (device id, channel, computer …) are kept once, as a constant.
 */
import type { TableDef } from '../kql/analyzer/schema.js';
import type { StoreValue, TableRows } from '../ingest/model.js';
import { storer, type Stored } from './values.js';

export interface ColumnTable {
  /** Rows of this table in the batch. */
  rows: number;
  /** For each row, the index (in the batch's keys) of the item it belongs to. */
  item: number[];
  /** Column name => one stored value per row; null where the row has none. Columns no row fills are absent. */
  columns: Record<string, Stored[]>;
  /** String columns with the same value in every row, kept once. */
  constants: Record<string, string>;
}

export interface ColumnBatch {
  /** The items' keys, unique within the batch; rows refer to them by index. */
  keys: string[];
  tables: Record<string, ColumnTable>;
}

interface ColumnSink { text: boolean; store: (v: StoreValue) => Stored; values: Stored[] }

/** One table's columns as they fill. */
class TableColumns {
  rows = 0;
  readonly item: number[] = [];
  private readonly sinks = new Map<string, ColumnSink>();

  constructor(private readonly def: TableDef, private readonly types: ReadonlyMap<string, TableDef['columns'][number]>) {}

  add(at: number, row: Record<string, StoreValue>): void {
    const r = this.rows++;
    this.item.push(at);
    for (const name in row) {
      const v = row[name];
      let sink = this.sinks.get(name);
      // '' is what a string column holds by default: staged as null, it costs no string copy
      if (v === undefined || v === null || (v === '' && (sink?.text ?? this.types.get(name)?.type === 'string'))) continue;
      if (!sink) {
        const c = this.types.get(name);
        if (!c) continue; // not a column of the table
        this.sinks.set(name, sink = { text: c.type === 'string', store: storer(c.type), values: [] });
      }
      const values = sink.values;
      while (values.length < r) values.push(null);
      values.push(sink.store(v));
    }
  }

  build(): ColumnTable {
    const columns: Record<string, Stored[]> = {};
    const constants: Record<string, string> = {};
    // in the table's column order, so that stage tables of the same columns are the same
    for (const c of this.def.columns) {
      const sink = this.sinks.get(c.name);
      if (!sink) continue;
      const values = sink.values;
      while (values.length < this.rows) values.push(null);
      const first = values[0];
      if (sink.text && this.rows > 1 && typeof first === 'string' && values.every(v => v === first)) constants[c.name] = first;
      else columns[c.name] = values;
    }
    return { rows: this.rows, item: this.item, columns, constants };
  }
}

/** Collects keyed items of rows into a ColumnBatch. */
export class ColumnBatchBuilder {
  private readonly keys: string[] = [];
  private readonly index = new Set<string>();
  private readonly tables = new Map<string, TableColumns>();
  /** Keys added more than once (the first one counts; the repeats are duplicates). */
  repeats = 0;

  constructor(private readonly defs: ReadonlyMap<string, TableDef>) {}

  /** Adds an item; false (and nothing added) when its key is already in the batch. */
  add(key: string, rows: TableRows): boolean {
    if (this.index.has(key)) { this.repeats++; return false; }
    for (const table of Object.keys(rows)) if (!this.defs.has(table)) throw new Error(`no hunting table named ${table}`);
    const at = this.keys.length;
    this.keys.push(key);
    this.index.add(key);
    for (const [table, list] of Object.entries(rows)) {
      let t = this.tables.get(table);
      if (!t) {
        const def = this.defs.get(table)!;
        this.tables.set(table, t = new TableColumns(def, new Map(def.columns.map(c => [c.name, c]))));
      }
      for (const row of list) t.add(at, row);
    }
    return true;
  }

  get size(): number {
    return this.keys.length;
  }

  build(): ColumnBatch {
    const tables: Record<string, ColumnTable> = {};
    for (const [name, t] of this.tables) if (t.rows) tables[name] = t.build();
    return { keys: this.keys, tables };
  }
}

/** The rows of `t` whose items are in `keep` (indexes into the batch's keys), as a table of their own. */
export function selectRows(t: ColumnTable, keep: ReadonlySet<number>): ColumnTable {
  const rows: number[] = [];
  for (let i = 0; i < t.rows; i++) if (keep.has(t.item[i])) rows.push(i);
  const columns: Record<string, Stored[]> = {};
  for (const [name, values] of Object.entries(t.columns)) columns[name] = rows.map(i => values[i]);
  return { rows: rows.length, item: rows.map(i => t.item[i]), columns, constants: t.constants };
}
