/** `npm run bench`: compiled KQL against hand-written DuckDB SQL on 10 million synthetic DeviceEvents rows. */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../src/store/duckdb.js';
import { compile, nowTicks, type Compiled } from '../src/kql/compile.js';
import { runKql } from '../src/kql/run.js';
import { kustoValue, type Value } from '../src/kql/results.js';
import { numberFlag, parseArgs } from '../src/cli/args.js';
import { generateEvents } from './generate.js';
import { QUESTIONS, type Question } from './questions.js';
import { cpuModel, difference, median, mib, RssSampler, timed } from './measure.js';
import { writeSection } from './report.js';

interface Outcome { q: Question; compiled: Compiled; compileMs: number; kqlMs: number; compiledSqlMs: number; sqlMs: number;
  kqlRss: number; sqlRss: number; rows: number }

const args = parseArgs(process.argv.slice(2), new Set(['no-write', 'show-sql']));
const ROWS = numberFlag(args, 'rows', 10_000_000);
const DEVICES = numberFlag(args, 'devices', 5_000);
const REPS = numberFlag(args, 'reps', 5);
const log = (s: string) => process.stderr.write(s + '\n');

/** Hand-written SQL, read as runKql reads compiled SQL, then given Kusto's value conventions for comparison. */
async function runSql(conn: DuckDBConnection, sql: string): Promise<{ names: string[]; raw: unknown[][] }> {
  const reader = await conn.runAndReadAll(sql);
  return { names: reader.columnNames(), raw: reader.getRowsJS() as unknown[][] };
}

async function measure(conn: DuckDBConnection, q: Question, now: bigint): Promise<Outcome> {
  const compiled = compile(q.kql, { now });
  if (args.flags.has('show-sql')) log(`-- ${q.id} compiled\n${compiled.sql}\n`);
  const compileTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    compile(q.kql, { now });
    compileTimes.push(performance.now() - t0);
  }
  const compileMs = median(compileTimes);
  const kql = () => runKql(conn, q.kql, { now, timeoutMs: 600_000, maxRows: 1_000_000 });
  const sql = () => runSql(conn, q.sql(now));
  const compiledSql = () => runSql(conn, compiled.sql);
  // warm-up, and the check that both sides answer the same
  const [k, s] = [await kql(), await sql()];
  const types = compiled.columns.map(c => c.type);
  const handRows: Value[][] = s.raw.map(r => r.map((v, i) => kustoValue(v, types[i])));
  const diff = difference({ names: k.columns.map(c => c.name), rows: k.rows }, { names: s.names, rows: handRows });
  if (diff) throw new Error(`${q.id}: compiled KQL and hand-written SQL disagree: ${diff}`);
  const kqlTimes: number[] = [];
  const sqlTimes: number[] = [];
  const compiledSqlTimes: number[] = [];
  const [kqlRss, sqlRss] = [new RssSampler(), new RssSampler()];
  let [kqlPeak, sqlPeak] = [0, 0];
  for (let i = 0; i < REPS; i++) {
    kqlRss.start(); kqlTimes.push((await timed(kql)).ms); kqlPeak = Math.max(kqlPeak, kqlRss.stop());
    sqlRss.start(); sqlTimes.push((await timed(sql)).ms); sqlPeak = Math.max(sqlPeak, sqlRss.stop());
    compiledSqlTimes.push((await timed(compiledSql)).ms);
  }
  return { q, compiled, compileMs, kqlMs: median(kqlTimes), compiledSqlMs: median(compiledSqlTimes), sqlMs: median(sqlTimes), kqlRss: kqlPeak, sqlRss: sqlPeak, rows: k.rows.length };
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}${a / b > 1.5 ? ' ⚠' : ''}`;

function table(outcomes: Outcome[]): string {
  const head = '| Question | Result rows | KQL (runKql) ms | compile ms | compiled SQL alone ms | Hand-written SQL ms | Ratio KQL/SQL | Ratio compiled SQL/SQL | Peak RSS KQL / SQL MiB |';
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|';
  const rows = outcomes.map(o => `| ${o.q.id} ${o.q.title} | ${o.rows} | ${o.kqlMs.toFixed(1)} | ${o.compileMs.toFixed(1)} | ${o.compiledSqlMs.toFixed(1)} | ${o.sqlMs.toFixed(1)} | ${ratio(o.kqlMs, o.sqlMs)} | ${ratio(o.compiledSqlMs, o.sqlMs)} | ${mib(o.kqlRss)} / ${mib(o.sqlRss)} |`);
  return [head, rule, ...rows].join('\n');
}

async function main(): Promise<number> {
  const now = nowTicks();
  const load = loadavg().map(x => x.toFixed(2)).join(', ');
  const store = await Store.open({});
  const conn = await store.queryConnection();
  try {
    const version = String((await conn.runAndReadAll('SELECT version()')).getRowsJS()[0][0]);
    log(`generating ${ROWS.toLocaleString('en')} DeviceEvents rows for ${DEVICES} devices…`);
    const gen = await timed(() => generateEvents(conn, ROWS, DEVICES, now));
    log(`generated in ${(gen.ms / 1000).toFixed(1)} s; RSS ${mib(process.memoryUsage.rss())} MiB`);
    const outcomes: Outcome[] = [];
    for (const q of QUESTIONS) {
      log(`${q.id} ${q.title}…`);
      outcomes.push(await measure(conn, q, now));
    }
    const result = table(outcomes);
    process.stdout.write(`\n${result}\n\nmedians of ${REPS} runs after a warm-up; process peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} MiB\n`);
    if (!args.flags.has('no-write')) {
      writeSection('docs/benchmarks.md', document(outcomes, { version, load, genMs: gen.ms, result, now }));
      log('wrote docs/benchmarks.md');
    }
    return 0;
  } finally {
    conn.closeSync();
    store.close();
  }
}


function document(outcomes: Outcome[], run: { version: string; load: string; genMs: number; result: string; now: bigint }): string {
  const pkg = JSON.parse(readFileSync('node_modules/@duckdb/node-api/package.json', 'utf8')) as { version: string };
  const questions = outcomes.map(o => `### ${o.q.id}: ${o.q.title}

KQL:
\`\`\`kusto
${o.q.kql}
\`\`\`
Hand-written SQL:
\`\`\`sql
${o.q.sql(run.now)}
\`\`\`
<details><summary>Compiled SQL</summary>

\`\`\`sql
${o.compiled.sql}
\`\`\`
</details>
`).join('\n');
  return `Produced by \`npm run bench\` (bench/engine.ts): ${ROWS.toLocaleString('en')} synthetic \`DeviceEvents\` rows for ${DEVICES.toLocaleString('en')}
devices over 30 days, generated in SQL into an in-memory store opened with \`Store.open()\` (the real schema), then
each question run as KQL through \`runKql()\` and as hand-written DuckDB SQL on the same connection. Both sides
must return the same rows (the bench fails otherwise). Times are medians of ${REPS} runs after one warm-up, the two
sides interleaved; the KQL time includes compiling (analyser, lowering, SQL emission), shown apart as "compile",
and "compiled SQL alone" runs the compiled SQL text directly, which separates the two costs. Peak RSS is the process's
resident set sampled during that side's runs (it includes DuckDB's data, about the same for both sides).
The target is a ratio of at most 1.5.

- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
- Machine: ${cpuModel()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory; load average at start ${run.load}
- Node ${process.version}; DuckDB ${run.version} (@duckdb/node-api ${pkg.version})
- Data generation: ${(run.genMs / 1000).toFixed(1)} s; \`now\` for \`ago()\` fixed at ${run.now} ticks (the run's start)

${run.result}

${questions}`;
}

process.exitCode = await main().catch(err => { log(`bench failed: ${err instanceof Error ? err.message : String(err)}`); return 1; });
