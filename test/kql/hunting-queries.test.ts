/**
 * Every real Advanced Hunting query of Microsoft's public collection, against the full (empty) hunting schema:
 * none may crash; each runs or fails with a positioned error; of those the analyser accepts, the share that runs
 * must stay at or above the rate recorded in ratchet.json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Store } from '../../src/store/duckdb.js';
import { runKql } from '../../src/kql/run.js';
import { analyze } from '../../src/kql/compile.js';
import { KqlError } from '../../src/kql/errors.js';

const fixture = new URL('../fixtures/hunting-queries/m365-defender-hunting-queries.jsonl', import.meta.url);
const ratchet = JSON.parse(readFileSync(new URL('./ratchet.json', import.meta.url), 'utf8')) as { huntingRun: number };

test('real hunting queries run, or fail with a positioned error', async () => {
  const queries = readFileSync(fixture, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l) as { id: string; kql: string });
  const store = await Store.open();
  const conn = await store.queryConnection();
  let accepted = 0, ran = 0;
  const crashes: string[] = [];
  const unpositioned: string[] = [];
  const reasons = new Map<string, number>();
  try {
    for (const q of queries) {
      // externaldata reads the web, which tests never do: those queries are left out of the rate (issue 8)
      const analyserAccepts = analyze(q.kql).errors.length === 0 && !/\bexternaldata\b/i.test(q.kql);
      if (analyserAccepts) accepted++;
      try {
        await runKql(conn, q.kql, { timeoutMs: 20_000, externalData: null });
        if (analyserAccepts) ran++;
      } catch (err) {
        if (!(err instanceof KqlError)) { crashes.push(`${q.id}: ${String(err)}`); continue; }
        if (err.code === 'PK001' && err.span.length === 0) unpositioned.push(`${q.id}: ${err.message}`);
        if (analyserAccepts) reasons.set(err.message.slice(0, 90), (reasons.get(err.message.slice(0, 90)) ?? 0) + 1);
      }
    }
  } finally {
    conn.closeSync();
    store.close();
  }
  const rate = ran / accepted;
  const top = [...reasons].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([m, n]) => `${String(n).padStart(4)}  ${m}`).join('\n');
  console.log(`hunting queries: ${queries.length}; accepted by the analyser (externaldata aside): ${accepted}; run: ${ran} (${(rate * 100).toFixed(1)}%)\n${top}`);
  assert.deepEqual(crashes, [], 'no query may crash the engine');
  assert.ok(rate >= ratchet.huntingRun, `run rate ${(rate * 100).toFixed(1)}% is below the recorded ${(ratchet.huntingRun * 100).toFixed(1)}%`);
  if (unpositioned.length) console.log(`unsupported without a position:\n${unpositioned.slice(0, 10).join('\n')}`);
});
