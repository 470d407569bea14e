/**
 * `node --import tsx bench/rules.ts`: 50 detection rules at 1 h over a synthetic fleet (10,000 devices, 30 days of
 * status reports and DeviceEvents, generated in SQL), timed for one scheduler cycle: the first (30-day lookback)
 * and a steady one an hour later (4-hour lookback). Writes "## Detection rules" in docs/benchmarks.md.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Store } from '../src/store/duckdb.js';
import { Mutex } from '../src/server/overload.js';
import { numberFlag, parseArgs } from '../src/cli/args.js';
import { openRuleEngine } from '../src/rules/engine.js';
import { loadPack } from '../src/rules/files.js';
import { generateEvents } from './generate.js';
import { replaceSection } from './report.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const args = parseArgs(process.argv.slice(2), new Set(['no-write']));
const DEVICES = numberFlag(args, 'devices', 10_000);
const EVENTS = numberFlag(args, 'events', 5_000_000);
const REPORT_HOURS = numberFlag(args, 'report-hours', 6);
const RULES = numberFlag(args, 'rules', 50);
const log = (s: string) => process.stderr.write(s + '\n');
const HOUR = 36_000_000_000n;

const store = await Store.open({ threads: cpus().length });
const conn = await store.instance.connect();
const nowMs = Math.floor(Date.now() / 1000) * 1000;
const now = BigInt(nowMs) * 10_000n;
const t0 = performance.now();
await generateEvents(conn, EVENTS, DEVICES, now);
// status reports every REPORT_HOURS for 30 days: DeviceInfo, MpComputerStatus and the scid-2010/2011 assessment;
// about 3% of devices passive, 1% with real-time protection off, 2% with old signatures
const reports = `SELECT d, DeviceId, DeviceName, ${now}::BIGINT - h * ${HOUR}::BIGINT - CAST(hash(d, h) % ${HOUR} AS BIGINT) AS ts, h
  FROM bench_devices, range(0, ${30 * 24}, ${REPORT_HOURS}) AS _h(h)`;
await conn.run(`INSERT INTO DeviceInfo (Timestamp, DeviceId, DeviceName, OSPlatform, ReportId, MachineGroup)
  SELECT ts, DeviceId, DeviceName, 'WindowsServer2022', d * 100000 + h, 'Servers' FROM (${reports})`);
await conn.run(`INSERT INTO MpComputerStatus (Timestamp, DeviceId, DeviceName, ReportId, AMRunningMode, AntivirusEnabled, AntispywareEnabled,
    RealTimeProtectionEnabled, IsTamperProtected, AntivirusSignatureLastUpdated, AMProductVersion)
  SELECT ts, DeviceId, DeviceName, 'r' || (d * 100000 + h), CASE WHEN hash(d, 5) % 100 < 3 THEN 'Passive Mode' ELSE 'Normal' END, true, true,
    hash(d, 6) % 100 >= 1, hash(d, 7) % 100 >= 2, ts - CASE WHEN hash(d, 8) % 100 < 2 THEN 5 ELSE 0 END * 24 * ${HOUR}::BIGINT, '4.18.24030.9'
  FROM (${reports})`);
await conn.run(`INSERT INTO DeviceTvmSecureConfigurationAssessment (Timestamp, DeviceId, DeviceName, OSPlatform, ConfigurationId, IsCompliant, IsApplicable, Context)
  SELECT ts, DeviceId, DeviceName, 'WindowsServer2022', 'scid-2010', hash(d, 5) % 100 >= 3, true,
    CASE WHEN hash(d, 5) % 100 < 3 THEN '[["1"]]' ELSE '[["0"]]' END FROM (${reports})
  UNION ALL
  SELECT ts, DeviceId, DeviceName, 'WindowsServer2022', 'scid-2011', true, true, '[["1.411.1.0","1.1.24030.4","2025-01-01T00:00:00Z","4.18.24030.9"]]' FROM (${reports})`);
const counts = (await conn.runAndReadAll(`SELECT (SELECT count(*) FROM DeviceEvents), (SELECT count(*) FROM DeviceInfo), (SELECT count(*) FROM MpComputerStatus),
  (SELECT count(*) FROM DeviceTvmSecureConfigurationAssessment)`)).getRowsJS()[0].map(Number);
const generateS = (performance.now() - t0) / 1000;
log(`generated in ${generateS.toFixed(1)} s: ${counts.join(' / ')} rows`);

const engine = await openRuleEngine(store, conn, new Mutex(), { builtinDir: null });
const pack = loadPack().files;
for (let i = 0; i < RULES; i++) {
  const f = pack[i % pack.length];
  await engine.service.rules.create({ ...f.rule, frequency: '1h', enabled: true, name: `${f.rule.name} #${i}` }, { id: `bench-${i}-${f.rule.id}` });
}
const cycle = async (at: number) => {
  const s = performance.now();
  const outcomes = await engine.scheduler.tick(new Date(at));
  const ms = performance.now() - s;
  const errors = outcomes.filter(o => o.run.error).map(o => `${o.run.ruleId}: ${o.run.error}`);
  if (errors.length) log(errors.join('\n'));
  const slowest = outcomes.sort((a, b) => (b.run.durationMs ?? 0) - (a.run.durationMs ?? 0))[0];
  return { ms, runs: outcomes.length, rows: outcomes.reduce((n, o) => n + (o.run.rows ?? 0), 0), alerts: outcomes.reduce((n, o) => n + (o.run.alerts ?? 0), 0), errors: errors.length, slowest };
};
const first = await cycle(nowMs);
log(`first cycle: ${(first.ms / 1000).toFixed(1)} s, ${first.runs} runs, ${first.alerts} alerts`);
const steady = await cycle(nowMs + 3_600_000);
log(`steady cycle: ${(steady.ms / 1000).toFixed(1)} s, ${steady.runs} runs, ${steady.alerts} alerts`);
await engine.close();
conn.closeSync();
store.close();

const row = (name: string, c: typeof first, lookback: string) =>
  `| ${name} | ${lookback} | ${c.runs} | ${c.rows} | ${c.alerts} | ${c.errors} | ${(c.ms / 1000).toFixed(1)} | ${c.slowest ? `${c.slowest.run.ruleId} ${((c.slowest.run.durationMs ?? 0) / 1000).toFixed(1)} s` : ''} |`;
const body = `Produced by \`node --import tsx bench/rules.ts\`: ${RULES} rules (the built-in pack repeated, every copy at a 1 h frequency)
over a synthetic fleet of ${DEVICES.toLocaleString('en')} devices and 30 days, generated in SQL into an in-memory store:
${counts[0].toLocaleString('en')} DeviceEvents rows (bench/generate.ts), and a status report every ${REPORT_HOURS} h per device
(${counts[1].toLocaleString('en')} DeviceInfo, ${counts[2].toLocaleString('en')} MpComputerStatus and ${counts[3].toLocaleString('en')}
DeviceTvmSecureConfigurationAssessment rows). A cycle is one \`Scheduler.tick\`: every due rule runs in turn (query,
alert keys, incidents, AlertInfo/AlertEvidence rows, run record). The first cycle looks back 30 days (a new rule's
first run); the steady cycle, an hour later, looks back 4 hours. The target is under 60 s per cycle.

- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
- Machine: ${cpus()[0]?.model.split(' ')[0] ?? 'unknown'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory; load average at start ${loadavg().map(x => x.toFixed(2)).join(', ')}
- Node ${process.version}; data generation ${generateS.toFixed(1)} s

| Cycle | Lookback | Runs | Result rows | Alerts raised | Failed runs | Seconds | Slowest rule |
|---|---|---:|---:|---:|---:|---:|---|
${row('first', first, '30 days')}
${row('steady (1 h later)', steady, '4 hours')}
`;
process.stdout.write(body);
if (!args.flags.has('no-write')) {
  const file = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
  const doc = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(file, replaceSection(doc, '## Detection rules', body));
}
