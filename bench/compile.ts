/**
 * How long compiling a real hunting query takes: every query of the hunting corpus (test/fixtures) that the
 * analyser accepts, compiled KQL -> SQL after warm-up, with a fresh comment each round so no cached analysis is
 * reused. Baseline in the same run: Microsoft's analyser alone (parse and bind), which every compile starts with.
 * Run: `node --import tsx bench/compile.ts [--rounds R]`; writes its section of docs/benchmarks.md.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { compile } from '../src/kql/compile.js';
import { kustoLanguage } from '../src/kql/analyzer/bridge.js';
import { globalsFor, huntingTables } from '../src/kql/analyzer/schema.js';
import { writeSection } from './report.js';
import { cpuModel, median } from './measure.js';

const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const rounds = arg('rounds', 5);
const load = loadavg().map(x => x.toFixed(2)).join(', ');
const queries = readFileSync(new URL('../test/fixtures/hunting-queries/m365-defender-hunting-queries.jsonl', import.meta.url), 'utf8')
  .split('\n').filter(Boolean).map(l => JSON.parse(l) as { id: string; kql: string });

const K = kustoLanguage();
const globals = globalsFor(huntingTables(), 'hunting');
const analyse = (text: string) => K.KustoCode.ParseAndAnalyze(text, globals);

// the corpus this measures: queries that compile (the others end at the analyser, with an error)
const usable = queries.filter(q => { try { compile(q.kql); return true; } catch { return false; } });
const perQuery = new Map<string, { compile: number[]; analyse: number[] }>(usable.map(q => [q.id, { compile: [], analyse: [] }]));
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

for (let round = 0; round <= rounds; round++) {
  for (const q of usable) {
    // a different comment each round: a new text, so neither side reuses an analysis
    const text = `${q.kql}\n// round ${round}`;
    let t = process.hrtime.bigint();
    analyse(text);
    const a = ms(t);
    t = process.hrtime.bigint();
    compile(text);
    const c = ms(t);
    if (round === 0) continue; // warm-up: the analyser's and V8's first runs
    perQuery.get(q.id)!.analyse.push(a);
    perQuery.get(q.id)!.compile.push(c);
  }
}

const medians = [...perQuery.values()].map(v => ({ compile: median(v.compile), analyse: median(v.analyse) }));
const compiles = medians.map(m => m.compile).sort((a, b) => a - b);
const analyses = medians.map(m => m.analyse).sort((a, b) => a - b);
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const body = `Produced by \`node --import tsx bench/compile.ts\` (part of \`npm run bench\`): the ${usable.length} queries of the hunting
corpus (test/fixtures/hunting-queries) that compile, each compiled ${rounds} times after one warm-up round, with a new
comment each round so that no cached analysis is reused. "Compile" is Picket's whole front end: Microsoft's
analyser, lowering to the IR, rewrite passes and DuckDB SQL. The baseline, in the same run, is the analyser alone
(\`KustoCode.ParseAndAnalyze\` against the hunting schema), which every compile starts with. Per query the median of its
runs; the table gives the distribution over queries. Target (issue 8): median compile under 20 ms.

- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
- Machine: ${cpuModel()}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory; load average at start ${load}

| Over ${usable.length} queries | Compile ms | Analyser alone ms | Ratio compile / analyser |
|---|---:|---:|---:|
| median | ${median(compiles).toFixed(2)} | ${median(analyses).toFixed(2)} | ${(median(compiles) / median(analyses)).toFixed(2)} |
| 90th percentile | ${pct(compiles, 0.9).toFixed(2)} | ${pct(analyses, 0.9).toFixed(2)} | ${(pct(compiles, 0.9) / pct(analyses, 0.9)).toFixed(2)} |
| slowest | ${compiles.at(-1)!.toFixed(2)} | ${analyses.at(-1)!.toFixed(2)} | |
`;
writeSection('docs/benchmarks.md', body, '## Compiling hunting queries');
process.stdout.write(body);
