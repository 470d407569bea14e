/** `picket query`: one KQL query printed as a table, JSON or CSV; or a JSON-lines batch on stdin. */
import { createInterface } from 'node:readline';
import { numberFlag, parseArgs, stringFlag, UsageError } from './args.js';
import { Store } from '../store/duckdb.js';
import { runKql } from '../kql/run.js';
import { KqlError } from '../kql/errors.js';
import { formatCsv, formatTable } from './format.js';

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, new Set(['jsonl']));
  const format = stringFlag(args, 'format') ?? 'table';
  if (!['table', 'json', 'csv'].includes(format)) throw new UsageError(`--format must be table, json or csv, not '${format}'`);
  const timeoutMs = numberFlag(args, 'timeout', 30) * 1000;
  const maxRows = numberFlag(args, 'max-rows', 100_000);
  const jsonl = args.flags.get('jsonl') === true;
  if (!jsonl && args.positionals.length !== 1) throw new UsageError('give one KQL query in quotes, or --jsonl to read a batch on stdin');

  const store = await Store.open({ path: stringFlag(args, 'db') });
  const conn = await store.queryConnection();
  try {
    if (jsonl) return await batch(async kql => runKql(conn, kql, { timeoutMs, maxRows }));
    try {
      const result = await runKql(conn, args.positionals[0], { timeoutMs, maxRows });
      if (format === 'json') process.stdout.write(JSON.stringify(result) + '\n');
      else if (format === 'csv') process.stdout.write(formatCsv(result));
      else process.stdout.write(formatTable(result));
      return 0;
    } catch (err) {
      if (!(err instanceof KqlError)) throw err;
      process.stderr.write(`error ${err.code} at ${err.span.offset}+${err.span.length}: ${err.message}\n`);
      return 1;
    }
  } finally {
    conn.closeSync();
    store.close();
  }
}

/** One result line per input line; a bad line or a failing query never stops the batch. */
async function batch(run: (kql: string) => Promise<unknown>): Promise<number> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    let id: unknown = null;
    let out: Record<string, unknown>;
    try {
      const req = JSON.parse(line) as { id?: unknown; kql?: unknown };
      id = req.id ?? null;
      if (typeof req.kql !== 'string') throw new KqlError('PK005', 'The line has no "kql" string.');
      out = { id, ...(await run(req.kql) as object) };
    } catch (err) {
      const e = err instanceof KqlError ? err.toJSON()
        : err instanceof SyntaxError ? { code: 'PK005', message: `The line is not JSON: ${err.message}`, span: { offset: 0, length: 0 } }
          : { code: 'PK003', message: `Internal error: ${err instanceof Error ? err.message : String(err)}`, span: { offset: 0, length: 0 } };
      out = { id, error: e };
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  }
  return 0;
}
