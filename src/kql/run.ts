/** Runs KQL against a store connection with Kusto's result conventions, a time limit and a row limit. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { compile, type CompileOptions } from './compile.js';
import { KqlError } from './errors.js';
import { kustoValue, type QueryResult } from './results.js';

export interface RunOptions extends CompileOptions {
  /** Cancel the query after this many milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Return at most this many rows; `truncated` says when more existed (default 100,000). */
  maxRows?: number;
}

export async function runKql(conn: DuckDBConnection, kql: string, options: RunOptions = {}): Promise<QueryResult> {
  const compiled = compile(kql, options);
  const maxRows = options.maxRows ?? 100_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; conn.interrupt(); }, timeoutMs);
  let rows: unknown[][];
  try {
    const reader = await conn.runAndReadAll(`SELECT * FROM (${compiled.sql}) AS _result LIMIT ${maxRows + 1}`);
    rows = reader.getRowsJS() as unknown[][];
  } catch (err) {
    if (timedOut) throw new KqlError('PK004', `The query was cancelled after ${timeoutMs} ms (the time limit).`);
    const message = err instanceof Error ? err.message : String(err);
    throw new KqlError('PK003', runtimeMessage(message));
  } finally {
    clearTimeout(timer);
  }
  const truncated = rows.length > maxRows;
  if (truncated) rows = rows.slice(0, maxRows);
  const types = compiled.columns.map(c => c.type);
  return {
    columns: compiled.columns,
    rows: rows.map(r => r.map((v, i) => kustoValue(v, types[i]))),
    ...(truncated ? { truncated } : {}),
  };
}

/** The store's message without SQL text or internals: the first line, which names the problem. */
function runtimeMessage(message: string): string {
  const first = message.split('\n')[0].replace(/^[A-Za-z ]*Error: /, '');
  if (/out of memory|memory limit/i.test(first)) return 'The query needed more memory than the limit allows.';
  return `The query failed while running: ${first}`;
}
