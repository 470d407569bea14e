/** Runs KQL against a store connection with Kusto's result conventions, a time limit and a row limit. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { compile, type CompileOptions } from './compile.js';
import { KqlError } from './errors.js';
import { kustoValue, type QueryResult } from './results.js';
import { NeedsFetch, NeedsProbe } from './lower/probe.js';
import { loadSavedFunctions, type SavedFunction } from './saved-functions.js';
import { externalDataPolicyFromEnv, fetchExternalData, type ExternalDataPolicy } from './external-data.js';
import { DuckDbDialect } from './sql/duckdb/emit.js';

export interface RunOptions extends CompileOptions {
  /** Cancel the query after this many milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Return at most this many rows; `truncated` says when more existed (default 100,000). */
  maxRows?: number;
  /**
   * Where externaldata may read from. Undefined takes the configuration (externalDataPolicyFromEnv); null turns
   * it off whatever the configuration says.
   */
  externalData?: ExternalDataPolicy | null;
  /** Saved functions the query may call; undefined reads them from the store (app.hunting_functions). */
  functions?: readonly SavedFunction[];
  /** Cancels the query (PK009): before it starts, or by interrupting the store while it runs. */
  signal?: AbortSignal;
}

/** A query with more plugins whose columns depend on the data than this is refused. */
const MAX_PROBES = 8;
/** A probe reads at most this many rows (distinct slots or values); more would be refused as columns anyway. */
const PROBE_ROWS = 100_000;

export async function runKql(conn: DuckDBConnection, kql: string, options: RunOptions = {}): Promise<QueryResult> {
  const maxRows = options.maxRows ?? 100_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = Date.now();
  const left = () => Math.max(1, timeoutMs - (Date.now() - started));
  // Probes answer bag_unpack and pivot: each inserts a schema clause into the text, which is compiled again.
  const inserted: { at: number; length: number }[] = [];
  let text = kql;
  let compiled: ReturnType<typeof compile> | undefined;
  const external = new Map<string, (string | null)[][]>();
  const functions = options.functions ?? await loadSavedFunctions(conn);
  const policy = options.externalData === undefined ? externalDataPolicyFromEnv() : options.externalData;
  try {
    for (let round = 0; !compiled; round++) {
      try {
        compiled = compile(text, { ...options, functions, probes: true, external });
      } catch (err) {
        if (err instanceof NeedsFetch) {
          if (external.has(err.key)) throw err; // cannot happen: the lowering reads what was fetched
          external.set(err.key, await fetchExternalData(err.request, policy, left()));
          continue;
        }
        if (!(err instanceof NeedsProbe)) throw err;
        if (round >= MAX_PROBES) throw new KqlError('PK001', `Not supported yet: more than ${MAX_PROBES} plugins whose columns depend on the data`);
        const dialect = options.dialect ?? new DuckDbDialect();
        const rows = await select(conn, `SELECT * FROM (${dialect.emit(err.probe.rel)}) AS _probe LIMIT ${PROBE_ROWS}`, left(), timeoutMs, options.signal);
        const clause = err.probe.schema(rows);
        text = text.slice(0, err.probe.at) + clause + text.slice(err.probe.at);
        inserted.push({ at: err.probe.at, length: clause.length });
      }
    }
  } catch (err) {
    throw err instanceof KqlError ? inOriginalText(err, inserted) : err;
  }
  let rows = await select(conn, `SELECT * FROM (${compiled.sql}) AS _result LIMIT ${maxRows + 1}`, left(), timeoutMs, options.signal);
  const truncated = rows.length > maxRows;
  if (truncated) rows = rows.slice(0, maxRows);
  const types = compiled.columns.map(c => c.type);
  return {
    columns: compiled.columns,
    rows: rows.map(r => r.map((v, i) => kustoValue(v, types[i]))),
    ...(truncated ? { truncated } : {}),
    ...(compiled.chart ? { chart: compiled.chart } : {}),
  };
}

/** Runs one SELECT under the time limit; store errors become KqlErrors. */
async function select(conn: DuckDBConnection, sql: string, ms: number, limitMs: number, signal?: AbortSignal): Promise<unknown[][]> {
  const cancelled = () => new KqlError('PK009', 'The query was cancelled.');
  if (signal?.aborted) throw cancelled();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; conn.interrupt(); }, ms);
  const abort = () => conn.interrupt();
  signal?.addEventListener('abort', abort, { once: true });
  try {
    const reader = await conn.runAndReadAll(sql);
    return reader.getRowsJS() as unknown[][];
  } catch (err) {
    if (timedOut) throw new KqlError('PK004', `The query was cancelled after ${limitMs} ms (the time limit).`);
    if (signal?.aborted) throw cancelled();
    const message = err instanceof Error ? err.message : String(err);
    // DuckDB's memory_limit (picket serve --memory-limit) stops a query that needs more: its own code, PK007
    throw new KqlError(/out of memory|memory limit|failed to allocate/i.test(message) ? 'PK007' : 'PK003', runtimeMessage(message));
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', abort);
  }
}

/** An error's span moved back over the schema clauses that probes inserted, so it points into the user's text. */
function inOriginalText(err: KqlError, inserted: { at: number; length: number }[]): KqlError {
  if (!inserted.length) return err;
  let { offset, length } = err.span;
  for (const ins of [...inserted].reverse()) {
    if (offset >= ins.at + ins.length) offset -= ins.length;
    else if (offset > ins.at) { offset = ins.at; length = 0; }
  }
  return new KqlError(err.code, err.message, { offset, length });
}

/** The store's message without SQL text or internals: the first line, which names the problem. */
function runtimeMessage(message: string): string {
  const first = message.split('\n')[0].replace(/^[A-Za-z ]*Error: /, '');
  if (/out of memory|memory limit|failed to allocate/i.test(first)) return 'The query needed more memory than the limit allows.';
  return `The query failed while running: ${first}`;
}
