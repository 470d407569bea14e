/**
 * DDL for the hunting tables: every Advanced Hunting table with Kusto's column types mapped to the IR's
 * storage types (datetime/timespan as BIGINT ticks, dynamic as JSON). Strings are NOT NULL, '' by default,
 * because Kusto strings have no null. Each table also has the hidden INGESTION_TIME column.
 */
import { INGESTION_TIME, huntingTables, type TableDef } from '../kql/analyzer/schema.js';
import { ident } from '../kql/sql/duckdb/sql-text.js';
import { SQL_TYPES } from '../kql/sql/duckdb/sql-text.js';

/** The hidden INGESTION_TIME column (the storing transaction's start, in ticks). */
export const INGESTION_TIME_SQL = `${ident(INGESTION_TIME)} BIGINT DEFAULT (epoch_us(current_timestamp) * 10)`;

export function createTableSql(t: TableDef): string {
  const cols = t.columns.map(c => `${ident(c.name)} ${SQL_TYPES[c.type]}${c.type === 'string' ? " NOT NULL DEFAULT ''" : ''}`);
  return `CREATE TABLE IF NOT EXISTS ${ident(t.name)} (${[...cols, INGESTION_TIME_SQL].join(', ')})`;
}

export function huntingDdl(tables: TableDef[] = huntingTables()): string[] {
  return tables.map(createTableSql);
}
