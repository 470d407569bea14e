/**
 * The KQL engine's front door: analyse with Microsoft's analyser, lower to IR, rewrite, emit SQL for a dialect.
 * Stages: analyzer/ (parse and bind) -> lower/ (IR) -> rewrite/ (passes) -> sql/<dialect>/ (text).
 */
import { items, kustoLanguage, type Bridged } from './analyzer/bridge.js';
import { globalsFor, huntingTables, type TableDef } from './analyzer/schema.js';
import { KqlError } from './errors.js';
import type { Column, Rel } from './ir/types.js';
import { Lowerer } from './lower/lowerer.js';
import { rewrite, PASSES, type Pass } from './rewrite/index.js';
import type { Dialect } from './sql/dialect.js';
import { DuckDbDialect } from './sql/duckdb/emit.js';

export interface CompileOptions {
  /** The instant that now() and ago() use, in ticks; defaults to the current time. */
  now?: bigint;
  tables?: TableDef[];
  dialect?: Dialect;
  /** Extra rewrite passes applied before the standard ones (detection rules restrict time with one). */
  prePasses?: Pass[];
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
/**
 * Analyses are kept for recently seen query texts: rules and dashboards run the same text again and again, and
 * the analyser is most of the cost of compiling (the analysed tree does not depend on `now`, lowering does).
 */
const ANALYSES = new Map<string, { code: Bridged; errors: Bridged[] }>();
const ANALYSES_KEPT = 256;

export function analyze(kql: string, tables: TableDef[] = huntingTables()) {
  const schemaKey = tables === huntingTables() ? 'hunting' : tables.map(t => t.name).join(',');
  const key = `${schemaKey}\u0000${kql}`;
  const hit = ANALYSES.get(key);
  if (hit) {
    ANALYSES.delete(key); // most recently used goes last
    ANALYSES.set(key, hit);
    return hit;
  }
  const K = kustoLanguage();
  const code = K.KustoCode.ParseAndAnalyze(kql, globalsFor(tables, schemaKey));
  const errors = [...items(code.GetDiagnostics())].filter((d: { Severity: string; Code: string }) =>
    d.Severity === 'Error' && !LENIENT.has(d.Code));
  const analysis = { code, errors };
  ANALYSES.set(key, analysis);
  if (ANALYSES.size > ANALYSES_KEPT) ANALYSES.delete(ANALYSES.keys().next().value!);
  return analysis;
}

export function compile(kql: string, options: CompileOptions = {}): Compiled {
  if (!kql.trim()) throw new KqlError('PK005', 'The query text is empty.');
  const { code, errors } = analyze(kql, options.tables);
  if (errors.length) {
    const d = errors[0];
    throw new KqlError(d.Code, d.Message, { offset: d.Start, length: d.Length });
  }
  const lowerer = new Lowerer(options.now ?? nowTicks());
  const ir = rewrite(lowerer.lowerQuery(code.Syntax), options.prePasses ? [...options.prePasses, ...PASSES] : PASSES);
  const dialect = options.dialect ?? new DuckDbDialect();
  return { ir, sql: dialect.emit(ir), columns: ir.cols };
}
