/**
 * Fuzzing, for a bounded time and from a fixed seed (failures reproduce): malformed ingest requests never get a
 * 500 or crash the server, and a refused request writes nothing; damaged .evtx files never make the reader or
 * the import throw. PICKET_FUZZ_MS sets the time per target (default 8 s).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readEvtx } from '../ingest/evtx/index.js';
import { readEvtxFile } from '../ingest/sources/evtx-record.js';
import { enrolDevice, testServer } from './testing.js';
import { Random } from '../simulate/random.js';

const BUDGET_MS = Number(process.env.PICKET_FUZZ_MS ?? 8000);
const fixture = (p: string) => readFileSync(new URL(`../../test/fixtures/${p}`, import.meta.url));

/** The project's seeded generator (src/simulate/random.ts), so failures reproduce. */
function prng(seed: number): () => number {
  const r = new Random(seed);
  return () => r.next();
}

let s: Awaited<ReturnType<typeof testServer>>;
let conn: DuckDBConnection;
let token: string;
before(async () => {
  s = await testServer({ rateLimits: { ingest: { burst: 1e9, perMinute: 1e9 } } });
  conn = await s.store.instance.connect();
  token = await enrolDevice(s, 'fuzz-pc');
});
after(async () => { conn.closeSync(); await s.close(); });

async function rowCounts(): Promise<string> {
  const r = await conn.runAndReadAll(`SELECT (SELECT count(*) FROM WindowsEvent), (SELECT count(*) FROM DeviceEvents), (SELECT count(*) FROM DeviceInfo),
    (SELECT count(*) FROM MpComputerStatus), (SELECT count(*) FROM app.ingest_keys)`);
  return JSON.stringify(r.getRowsJS()[0].map(Number));
}

test('malformed ingest requests: never a 500, never a crash, and a refused request writes nothing', { timeout: BUDGET_MS + 120_000 }, async () => {
  const rand = prng(20261123);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const xml = fixture('ingest/event-1116.xml').toString('utf8');
  const status = JSON.parse(fixture('ingest/mpcomputerstatus-ps51.json').toString('utf8'));
  const weird: unknown[] = [null, true, 0, -1, 1e308, -0, '', 'x'.repeat(10_000), '\u0000', '\uD800', [], {}, [[[[[]]]]], { __proto__: { admin: true } }, { constructor: { prototype: { x: 1 } } }, '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><Event>&b;</Event>'];
  let recordId = 500_000;
  const validBatch = () => ({ events: [xml.replace('<EventRecordID>20871<', `<EventRecordID>${recordId++}<`)], status: structuredClone(status) });
  const mutateValue = (v: unknown, depth = 0): unknown => {
    if (depth > 3 || rand() < 0.3) return pick(weird);
    if (Array.isArray(v)) return v.map(x => (rand() < 0.5 ? mutateValue(x, depth + 1) : x));
    if (v && typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) if (rand() > 0.1) o[rand() < 0.05 ? pick(['__proto__', 'constructor', k + '\u0000', '']) : k] = rand() < 0.3 ? mutateValue(x, depth + 1) : x;
      return o;
    }
    if (typeof v === 'string') {
      const cut = Math.floor(rand() * v.length);
      return pick([v.slice(0, cut), v.slice(0, cut) + pick(['<', '&', ']]>', '\u0000', '"', '\uFFFF', '&#0;', '<!--']) + v.slice(cut), v.replace(/\d/g, '9'.repeat(30))]);
    }
    return pick(weird);
  };
  const mutateText = (text: string): string => {
    const b = Buffer.from(text);
    const n = 1 + Math.floor(rand() * 8);
    for (let i = 0; i < n; i++) b[Math.floor(rand() * b.length)] = Math.floor(rand() * 256);
    return rand() < 0.3 ? b.toString('latin1').slice(0, Math.floor(rand() * b.length)) : b.toString('latin1');
  };
  const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);

  const started = Date.now();
  let requests = 0;
  const problems: string[] = [];
  while (Date.now() - started < BUDGET_MS) {
    const kind = Math.floor(rand() * 6);
    let payload: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' };
    if (kind === 0) payload = JSON.stringify(mutateValue(validBatch()));
    else if (kind === 1) payload = mutateText(JSON.stringify(validBatch()));
    else if (kind === 2) payload = JSON.stringify({ events: Array.from({ length: 1 + Math.floor(rand() * 5) }, () => mutateText(xml)) });
    else if (kind === 3) { payload = gzipSync(Buffer.from(mutateText(JSON.stringify(validBatch())))); headers['content-encoding'] = 'gzip'; if (rand() < 0.5) payload = payload.subarray(0, Math.floor(rand() * payload.length)); }
    else if (kind === 4) { payload = pick([deep(5000), `{"events":${deep(2000)}}`, '{"status":' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3001), '\uFEFF{}', '']); }
    else { payload = JSON.stringify(validBatch()); headers = { 'content-type': pick(['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/x-www-form-urlencoded']) }; }
    const before = await rowCounts();
    const res = await s.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { authorization: `Bearer ${token}`, ...headers }, payload });
    requests++;
    if (res.statusCode >= 500) problems.push(`${res.statusCode} for kind ${kind}: ${res.body.slice(0, 200)}`);
    else if (res.statusCode >= 400 && (await rowCounts()) !== before) problems.push(`kind ${kind}: refused with ${res.statusCode} but rows changed`);
    if (problems.length > 5) break;
  }
  assert.deepEqual(problems, []);
  assert.ok(requests > 20, `only ${requests} requests in the time budget`);
  const healthy = await s.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { authorization: `Bearer ${token}` }, payload: validBatch() });
  assert.equal(healthy.statusCode, 200, 'the server still ingests after the fuzzing');
});

test('damaged .evtx files: the reader and the import never throw or hang', { timeout: BUDGET_MS + 120_000 }, async () => {
  const rand = prng(7);
  const samples = ['defender-1116-1117-threat-detected.evtx', 'defender-5007-exclusion-added.evtx', 'defender-1151-health-status.evtx'].map(f => fixture(`evtx/${f}`));
  const started = Date.now();
  let files = 0;
  while (Date.now() - started < BUDGET_MS) {
    const src = samples[Math.floor(rand() * samples.length)];
    const buf = Buffer.from(src.subarray(0, Math.min(src.length, 4096 + 65536 * (1 + Math.floor(rand() * 2)))));
    const flips = 1 + Math.floor(rand() * 64);
    for (let i = 0; i < flips; i++) {
      // bias towards headers and the start of chunks, where lengths and offsets live
      const at = rand() < 0.5 ? Math.floor(rand() * Math.min(buf.length, 4096 + 512)) : Math.floor(rand() * buf.length);
      buf[at] = rand() < 0.5 ? Math.floor(rand() * 256) : pick255(rand);
    }
    const cut = rand() < 0.2 ? buf.subarray(0, Math.floor(rand() * buf.length)) : buf;
    const t = performance.now();
    assert.doesNotThrow(() => readEvtx(cut));
    const read = readEvtxFile(cut);
    assert.ok(performance.now() - t < 5000, 'a damaged file is read in bounded time');
    await s.context.ingest.importEvents(read.events);
    files++;
  }
  assert.ok(files > 5, `only ${files} files in the time budget`);
});

function pick255(rand: () => number): number {
  return [0x00, 0xff, 0x7f, 0x80][Math.floor(rand() * 4)];
}
