/**
 * DDL for the hunting tables: every Advanced Hunting table with Kusto's column types mapped to the IR's
 * storage types (datetime/timespan as BIGINT ticks, dynamic as JSON). Strings are NOT NULL, '' by default,
 * because Kusto strings have no null.
 */
import { huntingTables, type TableDef } from '../kql/analyzer/schema.js';
import { ident } from '../kql/sql/duckdb/sql-text.js';
import { SQL_TYPES } from '../kql/sql/duckdb/sql-text.js';

export function createTableSql(t: TableDef): string {
  const cols = t.columns.map(c => `${ident(c.name)} ${SQL_TYPES[c.type]}${c.type === 'string' ? " NOT NULL DEFAULT ''" : ''}`);
  return `CREATE TABLE IF NOT EXISTS ${ident(t.name)} (${cols.join(', ')})`;
}

export function huntingDdl(tables: TableDef[] = huntingTables()): string[] {
  return tables.map(createTableSql);
}
