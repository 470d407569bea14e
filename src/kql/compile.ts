/**
 * The KQL engine's front door: analyse with Microsoft's analyser, lower to IR, rewrite, emit SQL for a dialect.
 * Stages: analyzer/ (parse and bind) -> lower/ (IR) -> rewrite/ (passes) -> sql/<dialect>/ (text).
 */
import { items, kindOf, kustoLanguage, type Bridged } from './analyzer/bridge.js';
import { globalsFor, huntingTables, type TableDef } from './analyzer/schema.js';
import { functionsKey, type SavedFunction } from './analyzer/functions.js';
import { KqlError } from './errors.js';
import { unserializedRowFunction } from './analyzer/serialized-rows.js';
import type { Column, Rel } from './ir/types.js';
import type { Chart } from './results.js';
import { Lowerer } from './lower/lowerer.js';
import { NeedsFetch, NeedsProbe } from './lower/probe.js';
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
  /**
   * The caller can run probes (see lower/probe.ts): a NeedsProbe is thrown to it. Without this, a query that
   * needs one fails with PK001.
   */
  probes?: boolean;
  /** Saved functions the query may call (src/kql/saved-functions.ts). */
  functions?: readonly SavedFunction[];
  /** Records fetched for externaldata expressions (run.ts fills it); without them such a query fails with PK008. */
  external?: ReadonlyMap<string, (string | null)[][]>;
}

export interface Compiled {
  ir: Rel;
  sql: string;
  columns: Column[];
  /** The query's `render`, if it has one. */
  chart?: Chart;
}

export function nowTicks(): bigint {
  return BigInt(Date.now()) * 10_000n;
}

/**
 * Analyser errors that the Kusto engine itself does not raise: it runs array_length(dynamic({})) and returns
 * null, where the analyser insists on a literal of the right dynamic shape.
 */
const LENIENT = new Set(['KS234', 'KS235']);

/**
 * In a search predicate the engine takes bare terms of any type (`search "x" or 42`, `search "a" and not("b")`)
 * where the analyser wants booleans; those type errors are not Kusto's answer there.
 */
const SEARCH_LENIENT = new Set(['KS106', 'KS107']);

function searchConditions(root: Bridged): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  root.WalkElements((e: Bridged) => {
    if (!e.IsToken && kindOf(e) === 'SearchOperator' && e.Condition) out.push({ start: e.Condition.TextStart, end: e.Condition.TextStart + e.Condition.Width });
  });
  return out;
}

/**
 * Analyses are kept for recently seen query texts: rules and dashboards run the same text again and again, and
 * the analyser is most of the cost of compiling (the analysed tree does not depend on `now`, lowering does).
 */
const ANALYSES = new Map<string, { code: Bridged; errors: Bridged[] }>();
const ANALYSES_KEPT = 256;

export function analyze(kql: string, tables: TableDef[] = huntingTables(), functions: readonly SavedFunction[] = []) {
  const schemaKey = tables === huntingTables() ? 'hunting' : tables.map(t => t.name).join(',');
  const key = `${schemaKey}\u0000${functions.length ? functionsKey(functions) : ''}\u0000${kql}`;
  const hit = ANALYSES.get(key);
  if (hit) {
    ANALYSES.delete(key); // most recently used goes last
    ANALYSES.set(key, hit);
    return hit;
  }
  const K = kustoLanguage();
  const code = K.KustoCode.ParseAndAnalyze(kql, globalsFor(tables, schemaKey, functions));
  let errors = [...items(code.GetDiagnostics())].filter((d: { Severity: string; Code: string }) =>
    d.Severity === 'Error' && !LENIENT.has(d.Code));
  if (errors.some((d: Bridged) => SEARCH_LENIENT.has(d.Code))) {
    const terms = searchConditions(code.Syntax);
    errors = errors.filter((d: Bridged) => !(SEARCH_LENIENT.has(d.Code) && terms.some(t => d.Start >= t.start && d.Start + d.Length <= t.end)));
  }
  const analysis = { code, errors };
  ANALYSES.set(key, analysis);
  if (ANALYSES.size > ANALYSES_KEPT) ANALYSES.delete(ANALYSES.keys().next().value!);
  return analysis;
}

export function compile(kql: string, options: CompileOptions = {}): Compiled {
  if (!kql.trim()) throw new KqlError('PK005', 'The query text is empty.');
  const { code, errors } = analyze(kql, options.tables, options.functions);
  if (errors.length) {
    const d = errors[0];
    throw new KqlError(d.Code, d.Message, { offset: d.Start, length: d.Length });
  }
  const unserialized = unserializedRowFunction(code.Syntax);
  if (unserialized) throw unserialized;
  const lowerer = new Lowerer(options.now ?? nowTicks(), options.external);
  // the query or a saved function it may call (their bodies are expanded into it)
  lowerer.callsIngestionTime = [kql, ...(options.functions ?? []).map(f => f.body)].some(t => /\bingestion_time\s*\(/i.test(t));
  lowerer.tables = [...items(code.Globals?.Database?.Tables)];
  let lowered: Rel;
  try {
    lowered = lowerer.lowerQuery(code.Syntax);
  } catch (err) {
    if (err instanceof NeedsFetch && !options.probes) {
      throw new KqlError('PK008', 'externaldata cannot be read here (only when a query runs, and where an administrator allowed it).', err.request.span);
    }
    if (err instanceof NeedsProbe && options.probes && lowerer.defs.length) {
      // the probe may read shared subqueries (materialize, a let used twice) defined before it: it carries them
      const { rel } = err.probe;
      throw new NeedsProbe({ ...err.probe, rel: { k: 'with', cols: rel.cols, defs: [...lowerer.defs], body: rel } });
    }
    if (!(err instanceof NeedsProbe) || options.probes) throw err;
    throw new KqlError('PK001', 'Not supported yet: here, a plugin whose columns depend on the data; state its output schema (evaluate bag_unpack(d) : (*, a:long))',
      { offset: err.probe.at, length: 0 });
  }
  const ir = rewrite(lowered, options.prePasses ? [...options.prePasses, ...PASSES] : PASSES);
  const dialect = options.dialect ?? new DuckDbDialect();
  return { ir, sql: dialect.emit(ir), columns: ir.cols, ...(lowerer.chart ? { chart: lowerer.chart } : {}) };
}
