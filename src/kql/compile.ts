/**
 * The KQL engine's front door: analyse with Microsoft's analyser, lower to IR, rewrite, emit SQL for a dialect.
 * Stages: analyzer/ (parse and bind) -> lower/ (IR) -> rewrite/ (passes) -> sql/<dialect>/ (text).
 */
import { items, kustoLanguage } from './analyzer/bridge.js';
import { globalsFor, huntingTables, type TableDef } from './analyzer/schema.js';
import { KqlError } from './errors.js';
import type { Column, Rel } from './ir/types.js';
import { Lowerer } from './lower/lowerer.js';
import { rewrite } from './rewrite/index.js';
import type { Dialect } from './sql/dialect.js';
import { DuckDbDialect } from './sql/duckdb/emit.js';

export interface CompileOptions {
  /** The instant that now() and ago() use, in ticks; defaults to the current time. */
  now?: bigint;
  tables?: TableDef[];
  dialect?: Dialect;
}

export interface Compiled {
  ir: Rel;
  sql: string;
  columns: Column[];
}

export function nowTicks(): bigint {
  return BigInt(Date.now()) * 10_000n;
}

/**
 * Analyser errors that the Kusto engine itself does not raise: it runs array_length(dynamic({})) and returns
 * null, where the analyser insists on a literal of the right dynamic shape.
 */
const LENIENT = new Set(['KS234', 'KS235']);

/** Kusto's own diagnostics for the query, errors first. */
export function analyze(kql: string, tables: TableDef[] = huntingTables()) {
  const K = kustoLanguage();
  const code = K.KustoCode.ParseAndAnalyze(kql, globalsFor(tables, tables === huntingTables() ? 'hunting' : tables.map(t => t.name).join(',')));
  const errors = [...items(code.GetDiagnostics())].filter((d: { Severity: string; Code: string }) =>
    d.Severity === 'Error' && !LENIENT.has(d.Code));
  return { code, errors };
}

export function compile(kql: string, options: CompileOptions = {}): Compiled {
  if (!kql.trim()) throw new KqlError('PK005', 'The query text is empty.');
  const { code, errors } = analyze(kql, options.tables);
  if (errors.length) {
    const d = errors[0];
    throw new KqlError(d.Code, d.Message, { offset: d.Start, length: d.Length });
  }
  const lowerer = new Lowerer(options.now ?? nowTicks());
  const ir = rewrite(lowerer.lowerQuery(code.Syntax));
  const dialect = options.dialect ?? new DuckDbDialect();
  return { ir, sql: dialect.emit(ir), columns: ir.cols };
}
