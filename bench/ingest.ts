/**
 * `npm run bench:ingest`: Defender events through the real HTTP ingest API (gzip off, batches of 1,000 Event XML
 * events, several devices at once), against two baselines in the same run: the same batches handed to the ingest
 * service in-process (no HTTP), and the store's writer alone with already normalised rows. Writes the
 * "## Ingest through the HTTP API" section of docs/benchmarks.md.
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Store } from '../src/store/duckdb.js';
import { Writer, type WriteItem } from '../src/store/writer.js';
import { Registry } from '../src/devices/registry.js';
import { IngestService, eventItem } from '../src/ingest/service.js';
import { readEventXml } from '../src/ingest/sources/event-xml.js';
import { Mutex } from '../src/server/overload.js';
import { buildServer } from '../src/server/app.js';
import { RssSampler, mib } from './measure.js';
import { writeSection } from './report.js';

const args = new Map(process.argv.slice(2).map(a => a.replace(/^--/, '').split('=') as [string, string]));
const BATCH = 1000;
const DEVICES = Number(args.get('devices') ?? 8);
const BATCHES_PER_DEVICE = Number(args.get('batches') ?? 12);
const TOTAL = DEVICES * BATCHES_PER_DEVICE * BATCH;

/** Three real event shapes (a detection, a configuration change, a health report) from the test fixtures. */
const templates = readFileSync(new URL('../test/fixtures/ingest/events-sequence.xml', import.meta.url), 'utf8')
  .match(/<Event[\s>][\s\S]*?<\/Event>/g)!;

function batches(device: number): string[][] {
  const out: string[][] = [];
  let record = 1;
  for (let b = 0; b < BATCHES_PER_DEVICE; b++) {
    out.push(Array.from({ length: BATCH }, (_, i) => templates[(b + i) % templates.length]
      .replace(/<EventRecordID>\d+</, `<EventRecordID>${record++}<`)
      .replace(/<Computer>[^<]*</, `<Computer>bench-${device}.corp.example.com<`)));
  }
  return out;
}

async function enrolAll(store: Store, n: number): Promise<{ deviceId: string; deviceName: string; token: string }[]> {
  const conn = await store.instance.connect();
  const registry = new Registry(conn);
  const { secret } = await registry.createEnrollmentKey('bench');
  const out = [];
  for (let i = 0; i < n; i++) {
    const { device, token } = await registry.enroll(secret, `bench-${i}`);
    out.push({ deviceId: device.deviceId, deviceName: device.deviceName, token });
  }
  conn.closeSync();
  return out;
}

async function viaHttp(work: string[][][]): Promise<{ ms: number; rss: number }> {
  const store = await Store.open();
  const devices = await enrolAll(store, DEVICES);
  const { app } = await buildServer({ store, logger: false, rules: { startScheduler: false } } as never);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const bodies = work.map(d => d.map(events => JSON.stringify({ events })));
  const rss = new RssSampler();
  rss.start();
  const t0 = performance.now();
  await Promise.all(devices.map(async (d, i) => {
    for (const body of bodies[i]) {
      const r = await fetch(`${url}/api/v1/ingest`, { method: 'POST', headers: { authorization: `Bearer ${d.token}`, 'content-type': 'application/json' }, body });
      if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${await r.text()}`);
      await r.arrayBuffer();
    }
  }));
  const ms = performance.now() - t0;
  const peak = rss.stop();
  await check(store, 'HTTP');
  await app.close();
  store.close();
  return { ms, rss: peak };
}

async function viaService(work: string[][][]): Promise<number> {
  const store = await Store.open();
  const devices = await enrolAll(store, DEVICES);
  const conn = await store.instance.connect();
  const service = new IngestService(new Writer(conn), new Registry(conn), new Mutex());
  const t0 = performance.now();
  await Promise.all(devices.map(async (d, i) => {
    for (const events of work[i]) await service.ingest(d, { events }, new Date().toISOString());
  }));
  const ms = performance.now() - t0;
  await check(store, 'service');
  conn.closeSync();
  store.close();
  return ms;
}

async function viaWriter(work: string[][][]): Promise<number> {
  const store = await Store.open();
  const items: WriteItem[][] = work.flatMap((d, i) => d.map(events => events.map(x => eventItem({ deviceId: `d${i}`, deviceName: `bench-${i}` }, readEventXml(x).events[0]).item)));
  const conn = await store.instance.connect();
  const writer = new Writer(conn);
  const t0 = performance.now();
  for (const batch of items) await writer.write(batch);
  const ms = performance.now() - t0;
  await check(store, 'writer');
  conn.closeSync();
  store.close();
  return ms;
}

async function check(store: Store, what: string): Promise<void> {
  const conn = await store.instance.connect();
  const n = Number((await conn.runAndReadAll('SELECT count(*) FROM WindowsEvent')).getRowsJS()[0][0]);
  conn.closeSync();
  if (n !== TOTAL) throw new Error(`${what}: ${n} events stored, expected ${TOTAL}`);
}

const cpu = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find(l => l.startsWith('model name'))?.split(':')[1].trim() ?? cpus()[0]?.model;
const load = loadavg().map(x => x.toFixed(2)).join(', ');
const work = Array.from({ length: DEVICES }, (_, i) => batches(i));
const http = await viaHttp(work);
const service = await viaService(work);
const writer = await viaWriter(work);
const rate = (ms: number) => Math.round(TOTAL / (ms / 1000));
const table = [
  '| Path | Events | Seconds | Events per second | Ratio to HTTP |',
  '|---|---:|---:|---:|---:|',
  `| HTTP API (JSON bodies, Event XML, ${DEVICES} devices at once) | ${TOTAL} | ${(http.ms / 1000).toFixed(2)} | ${rate(http.ms)} | 1.00 |`,
  `| IngestService in-process (same batches, no HTTP) | ${TOTAL} | ${(service / 1000).toFixed(2)} | ${rate(service)} | ${(http.ms / service).toFixed(2)} |`,
  `| Writer alone (rows already normalised) | ${TOTAL} | ${(writer / 1000).toFixed(2)} | ${rate(writer)} | ${(http.ms / writer).toFixed(2)} |`,
].join('\n');
const body = `Produced by \`npm run bench:ingest\` (bench/ingest.ts): ${DEVICES} enrolled devices each post ${BATCHES_PER_DEVICE} batches of
${BATCH} Defender events (Event XML as the agent sends it: detections, configuration changes and health reports
from the test fixtures, each with its own EventRecordID) to a real server on 127.0.0.1, all devices at once. Each
path must store every event exactly once (checked). The server and the client share the process and its 2 cores.

- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC
- Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB; load average at start ${load}
- Node ${process.version}; in-memory DuckDB store
- Peak RSS during the HTTP run: ${mib(http.rss)} MiB

${table}

The target in the telemetry issue is 50,000 events per second through the HTTP API.
`;
process.stdout.write(table + `\nPeak RSS (HTTP run): ${mib(http.rss)} MiB\n`);
if (!args.has('no-write')) writeSection(new URL('../docs/benchmarks.md', import.meta.url).pathname, body, '## Ingest through the HTTP API');
