/**
 * Tests rule files against their own samples: each sample's rows are written to an in-memory store, the rule runs
 * over its usual window ending at the sample's `now` (default: a minute after its latest Timestamp), and must
 * return rows for `match` and none for `noMatch`.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../store/duckdb.js';
import { Writer } from '../store/writer.js';
import { LOOKBACK_MS } from './model.js';
import { runRuleQuery } from './runner.js';
import type { RuleFile, Sample } from './files.js';
import type { TableRows } from '../ingest/model.js';

export interface SampleResult { ruleId: string; path: string; sample: 'match' | 'noMatch'; ok: boolean; rows: number; message: string }

function latestTimestamp(sample: Sample): number {
  let max = 0;
  for (const rows of Object.values(sample)) for (const r of rows) {
    const t = Date.parse(String(r.Timestamp ?? ''));
    if (!Number.isNaN(t) && t > max) max = t;
  }
  return max || Date.now();
}

async function clear(conn: DuckDBConnection, sample: Sample): Promise<void> {
  for (const table of Object.keys(sample)) await conn.run(`DELETE FROM "${table.replace(/"/g, '""')}"`);
  await conn.run('DELETE FROM app.ingest_keys');
}

export async function testRuleFiles(files: RuleFile[]): Promise<SampleResult[]> {
  const store = await Store.open();
  const conn = await store.instance.connect();
  const query = await store.queryConnection();
  const writer = new Writer(conn);
  const results: SampleResult[] = [];
  try {
    for (const f of files) {
      for (const which of ['match', 'noMatch'] as const) {
        const sample = f.samples[which];
        const base = { ruleId: f.rule.id, path: f.path, sample: which };
        try {
          await writer.write(Object.entries(sample).map(([table, rows], i) => ({ key: `sample|${i}`, rows: { [table]: rows } as TableRows })));
          const to = f.samples.now ? new Date(f.samples.now) : new Date(latestTimestamp(sample) + 60_000);
          const window = { from: new Date(to.getTime() - LOOKBACK_MS[f.rule.frequency]), to };
          const r = await runRuleQuery(query, f.rule, window);
          const n = r.candidates.length;
          const ok = which === 'match' ? n > 0 : n === 0;
          results.push({ ...base, ok, rows: n, message: ok ? '' : which === 'match' ? 'raised no alert on its match sample' : `raised ${n} alert(s) on its no-match sample` });
        } catch (err) {
          results.push({ ...base, ok: false, rows: 0, message: `failed: ${err instanceof Error ? err.message : String(err)}` });
        } finally {
          await clear(conn, sample);
        }
      }
    }
  } finally {
    query.closeSync(); conn.closeSync(); store.close();
  }
  return results;
}
