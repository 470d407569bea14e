/**
 * The --url path: every simulated device runs the agent emulator against a real server on loopback. It stores
 * what a direct write stores, less what the agent does not send; lost answers, refused connections and 429s are
 * retried from the agent's spool and add nothing; the seed rule finds the passive devices.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Store } from '../store/duckdb.js';
import { runKql } from '../kql/run.js';
import { SEED_QUERY } from '../demo/seed-query.js';
import { testServer, TEST_ADMIN_TOKEN } from '../server/testing.js';
import type { SentRequest } from '../agent/emulator.js';
import { FakeWindows } from '../agent/windows.js';
import { renderEventXml } from './event-xml.js';
import { healthReport } from './events.js';
import { StoreSink } from './store-sink.js';
import { AgentSink } from './agent-sink.js';
import { passiveNow, simulate, type SimulationResult } from './run.js';
import { planFleet } from './fleet.js';
import { DeviceHistory, type Report } from './device.js';
import { enrolmentName } from './sink.js';

const NOW = Date.UTC(2025, 5, 2, 12, 0, 0); // noon: every report of a device falls on its own UTC day
const OPTIONS = { devices: 12, days: 4, seed: 5, now: NOW };
const TABLES = ['DeviceEvents', 'WindowsEvent', 'DeviceInfo', 'MpComputerStatus', 'DeviceTvmSecureConfigurationAssessment', 'DeviceTvmSoftwareInventory'];
const NOT_SENT_BY_AGENT = ['scid-2013', 'scid-2014', 'scid-2016']; // from Get-MpPreference and the cloud check
const ticks = (ms: number) => BigInt(ms) * 10_000n;

async function kql(store: Store, query: string): Promise<unknown[][]> {
  const conn = await store.queryConnection();
  try { return (await runKql(conn, query, { now: ticks(NOW) })).rows; } finally { conn.closeSync(); }
}

async function counts(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number((await kql(store, `${t} | count`))[0]![0]);
  return out;
}

/** Rows by device name (ids differ between stores), sorted, as text. */
async function rows(store: Store, query: string): Promise<string[]> {
  return (await kql(store, query)).map(r => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort();
}

async function enrolmentKey(s: Awaited<ReturnType<typeof testServer>>): Promise<string> {
  const r = await s.app.inject({ method: 'POST', url: '/api/v1/enrollment-keys', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, payload: { name: 'simulate' } });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().secret as string;
}

function reportsOf(index: number): Report[] {
  const plan = planFleet(OPTIONS)[index]!;
  return [...new DeviceHistory(plan, { days: OPTIONS.days, now: NOW, seed: OPTIONS.seed }).reports()];
}

/** The fleet through the agent sink into a fresh server, the requests it made kept by device. */
async function agentRun(concurrency: number, through?: (base: string) => Promise<{ url: string; close(): Promise<void> }>) {
  const s = await testServer();
  const base = await s.app.listen({ host: '127.0.0.1', port: 0 });
  const key = await enrolmentKey(s);
  const proxy = through ? await through(base) : null;
  const requests = new Map<string, SentRequest[]>();
  const sink = new AgentSink(proxy?.url ?? base, key, {
    concurrency, backoffMs: 5, attempts: 12,
    onRequest: (name, r) => requests.set(name, [...(requests.get(name) ?? []), { ...r }]),
  });
  try {
    const result = await simulate(sink, OPTIONS);
    return { s, base, key, result, requests, retries: sink.retries };
  } finally {
    await sink.close();
    await proxy?.close();
  }
}

let storeRun: Promise<{ store: Store; result: SimulationResult }> | undefined;
function directRun() {
  return storeRun ??= (async () => {
    const store = await Store.open();
    const sink = await StoreSink.open(store);
    const result = await simulate(sink, OPTIONS);
    await sink.close();
    return { store, result };
  })();
}

test('through the agent a fleet stores what a direct write stores, less what the agent does not send', async () => {
  const direct = await directRun();
  // several devices at once, as a fleet sends: every event must land under its own device (the per-device
  // comparison below), not only in the right total
  const { s, key, result, requests } = await agentRun(3);
  try {
    assert.equal(result.totals.rejected, 0);
    assert.equal(result.totals.events, direct.result.totals.events);
    assert.equal(result.totals.batches, direct.result.totals.batches);
    assert.deepEqual(result.devices.map(d => [d.deviceName, d.runningMode, d.lastReport, d.reportedWithinHour]),
      direct.result.devices.map(d => [d.deviceName, d.runningMode, d.lastReport, d.reportedWithinHour]));

    const [a, b] = [await counts(direct.store), await counts(s.store)];
    for (const t of ['DeviceEvents', 'WindowsEvent', 'MpComputerStatus', 'DeviceTvmSoftwareInventory']) assert.equal(b[t], a[t], t);
    assert.ok(a.DeviceEvents! > 100 && a.DeviceTvmSoftwareInventory! > 0);
    // DeviceInfo: the direct write has one row per status report and one per report whose OS facts changed; the
    // agent sends its OS facts every run, so two rows per report
    const reports = result.totals.batches;
    const osReports = planFleet(OPTIONS).reduce((n, p) => n + reportsOf(p.index).filter(r => r.batch.os).length, 0);
    assert.equal(a.DeviceInfo, reports + osReports);
    assert.equal(b.DeviceInfo, 2 * reports);
    // assessments: the same, except those from Get-MpPreference and the cloud check, which the agent does not send
    const tvm = `DeviceTvmSecureConfigurationAssessment | project DeviceName, ConfigurationId, IsCompliant, tostring(Context)`;
    const notSent = `| where ConfigurationId in (${NOT_SENT_BY_AGENT.map(x => `"${x}"`).join(', ')})`;
    assert.deepEqual(await rows(s.store, `${tvm} ${notSent}`), []);
    assert.equal((await rows(direct.store, `${tvm} ${notSent}`)).length, 3 * OPTIONS.devices);
    assert.deepEqual(await rows(s.store, tvm), (await rows(direct.store, tvm)).filter(r => !NOT_SENT_BY_AGENT.some(x => r.includes(`"${x}"`))));
    for (const q of ['DeviceEvents | project DeviceName, Timestamp, ActionType, FileName, tostring(AdditionalFields)',
      'MpComputerStatus | project DeviceName, Timestamp, AMRunningMode, AntivirusSignatureVersion, RealTimeProtectionEnabled, QuickScanEndTime',
      'DeviceTvmSoftwareInventory | project DeviceName, SoftwareVendor, SoftwareName, SoftwareVersion']) {
      assert.deepEqual(await rows(s.store, q), await rows(direct.store, q), q);
    }

    // the seed rule finds exactly the passive devices that reported within the hour
    const expected = passiveNow(result).map(d => d.deviceName).sort();
    assert.ok(expected.length >= 2);
    assert.ok(result.devices.some(d => d.avMode === 'Passive' && !d.reportedWithinHour));
    assert.ok(result.devices.some(d => d.initialMode === 'Passive Mode' && d.avMode === 'Active'));
    const found = await kql(s.store, `${SEED_QUERY}\n| distinct DeviceName`);
    assert.deepEqual(found.map(r => String(r[0])).sort(), expected);

    // what the first device sent: the script's requests, in its order and bytes
    const plan = planFleet(OPTIONS)[0]!;
    const name = enrolmentName(plan);
    const sent = requests.get(name)!;
    const history = reportsOf(0);
    assert.equal(sent[0]!.path, '/api/v1/enroll');
    assert.equal(sent[0]!.body, `{"enrollmentKey":"${key}","deviceName":"${name}","agentVersion":"0.1.0"}`);
    assert.equal(sent[0]!.headers.authorization, undefined);
    assert.match(sent[0]!.headers['user-agent']!, /^PicketAgent\/0\.1\.0 \(PowerShell 5\.1\.\d+\.\d+\)$/);
    assert.deepEqual(sent.map(r => `${r.method} ${r.path} ${r.status}`), ['POST /api/v1/enroll 201',
      ...history.flatMap(() => ['GET /api/v1/agent/actions 200', 'POST /api/v1/ingest 200'])]);
    const token = JSON.parse(sent[0]!.response!).deviceToken as string;
    assert.ok(sent.slice(1).every(r => r.headers.authorization === `Bearer ${token}`));
    const ingests = sent.filter(r => r.path === '/api/v1/ingest');
    for (const [i, r] of ingests.entries()) {
      const body = JSON.parse(r.body!) as Record<string, any>;
      const report = history[i]!;
      assert.deepEqual(Object.keys(body), ['agentVersion', 'agent', 'status', 'threatDetections', 'threats', 'os', 'software', 'events']);
      assert.deepEqual(body.events, report.batch.events);
      assert.doesNotMatch(r.body!, /[<>]/, 'Windows PowerShell 5.1 writes < and > as \\u003c and \\u003e');
      assert.equal(body.agent.mode, 'agent');
      assert.equal(body.agent.runAt, new Date(report.at).toISOString().replace('Z', '0000Z'));
      assert.deepEqual([body.agent.errors, body.agent.missing, body.agent.gaps], [[], [], []]);
      assert.equal(body.status.timestamp, body.agent.runAt);
      assert.equal('PSComputerName' in body.status.status, false);
      assert.match(r.body!, /"QuickScanEndTime":("\\\/Date\(\d+\)\\\/"|null)/);
      assert.equal(body.os.Timestamp, body.agent.runAt);
      assert.deepEqual(body.os.IPAddresses, (report.batch.status as any).os.IPv4Addresses);
      assert.deepEqual(body.software.map((x: any) => x.DisplayName).sort(), ((report.batch.software ?? body.software) as any[]).map(x => x.DisplayName).sort());
    }
  } finally {
    await s.close();
  }
});

/** A proxy that loses some answers after the server has committed, drops some connections and answers 429. */
async function faultyProxy(upstream: string) {
  let n = 0;
  const faults = { lost: 0, dropped: 0, busy: 0 };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c as Buffer));
    req.on('end', () => void (async () => {
      const fault = req.url === '/api/v1/ingest' ? ++n % 6 : -1;
      if (fault === 2) { faults.dropped++; req.socket.destroy(); return; }
      if (fault === 4) { faults.busy++; res.writeHead(429, { 'retry-after': '1' }).end('{}'); return; }
      const headers: Record<string, string> = {};
      for (const h of ['authorization', 'content-type', 'user-agent']) if (req.headers[h]) headers[h] = String(req.headers[h]);
      const up = await fetch(upstream + req.url, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      const text = await up.text();
      if (fault === 0 && up.ok) { faults.lost++; res.writeHead(503).end('{"error":{"message":"gateway timeout"}}'); return; }
      res.writeHead(up.status, { 'content-type': 'application/json' }).end(text);
    })());
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, faults, close: () => new Promise<void>(r => server.close(() => r())) };
}

test('lost answers, dropped connections and 429s are retried from the spool, and resent or replayed bodies add nothing', async () => {
  const direct = await directRun();
  let proxy: Awaited<ReturnType<typeof faultyProxy>> | undefined;
  const { s, base, result, requests, retries } = await agentRun(3, async up => (proxy = await faultyProxy(up)));
  try {
    assert.ok(proxy!.faults.lost > 0 && proxy!.faults.dropped > 0 && proxy!.faults.busy > 0, JSON.stringify(proxy!.faults));
    assert.ok(retries >= proxy!.faults.lost + proxy!.faults.dropped + proxy!.faults.busy - 1, `${retries} retries`);
    assert.equal(result.totals.rejected, 0);
    // the events of a body whose answer was lost count as duplicates when it is sent again
    assert.ok(result.totals.duplicates > 0 && result.totals.events < direct.result.totals.events);
    // each retry sent the spooled bytes unchanged
    for (const sent of requests.values()) {
      const bodies = sent.filter(r => r.path === '/api/v1/ingest').map(r => r.body);
      const delivered = sent.filter(r => r.path === '/api/v1/ingest' && r.status === 200).map(r => r.body);
      assert.deepEqual([...new Set(bodies)], delivered);
    }
    const expected = await counts(direct.store);
    const reports = result.totals.batches;
    const agentCounts = { ...expected, DeviceInfo: 2 * reports, DeviceTvmSecureConfigurationAssessment: expected.DeviceTvmSecureConfigurationAssessment! - 3 * OPTIONS.devices };
    assert.deepEqual(await counts(s.store), agentCounts);

    // every delivered body once more, straight to the server: all duplicates, nothing new
    let duplicates = 0;
    for (const sent of requests.values()) {
      for (const r of sent.filter(x => x.path === '/api/v1/ingest' && x.status === 200)) {
        const res = await fetch(base + r.path, { method: 'POST', headers: r.headers, body: r.body });
        assert.equal(res.status, 200);
        const answer = await res.json() as { accepted: { events: number; reports: number }; duplicates: number };
        assert.deepEqual(answer.accepted, { events: 0, reports: 0 });
        duplicates += answer.duplicates;
      }
    }
    assert.ok(duplicates >= result.totals.events);
    assert.deepEqual(await counts(s.store), agentCounts);
  } finally {
    await s.close();
  }
});

/** A stand-in server: enrols anyone, has no actions unless told, and answers ingest as `ingest` says. */
async function fakeServer(ingest: (body: string, n: number) => [number, string], actions: () => unknown[] = () => []) {
  const calls: string[] = [];
  let n = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c as Buffer));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      calls.push(`${req.method} ${req.url}`);
      const reply = (status: number, text: string) => res.writeHead(status, { 'content-type': 'application/json' }).end(text);
      if (req.url === '/api/v1/enroll') {
        const { deviceName, enrollmentKey } = JSON.parse(body) as { deviceName: string; enrollmentKey: string };
        if (enrollmentKey !== 'good-key') return reply(401, '{"error":{"message":"unknown enrolment key"}}');
        return reply(201, JSON.stringify({ deviceId: 'dev-1', deviceName, deviceToken: 'tok-1' }));
      }
      if (req.url === '/api/v1/agent/actions') return reply(200, JSON.stringify({ actions: actions() }));
      if (req.url?.endsWith('/outcome')) return reply(200, '{}');
      if (req.url === '/api/v1/ingest') return reply(...ingest(body, ++n));
      reply(404, '{}');
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, calls, close: () => new Promise<void>(r => server.close(() => r())) };
}

const OK = (events: number) => JSON.stringify({ accepted: { events, reports: 3 }, duplicates: 0, rejected: [] });
const plan0 = () => planFleet({ devices: 1, days: 2, seed: 3 })[0]!;
const reports0 = () => [...new DeviceHistory(plan0(), { days: 2, now: NOW, seed: 3 }).reports()];

test('bad input: not an http URL, no key, a refused enrolment key, no server, a device not enrolled', async () => {
  assert.throws(() => new AgentSink('ftp://example.com', 'k'), /http\(s\) URL/);
  assert.throws(() => new AgentSink('http://127.0.0.1:1', ''), /enrolment key/);
  const fake = await fakeServer(() => [200, OK(0)]);
  try {
    const refused = new AgentSink(fake.url, 'bad-key', { attempts: 3, backoffMs: 1 });
    await assert.rejects(refused.enroll(plan0(), 'x'), /\(401\) .*unknown enrolment key/);
    assert.equal(refused.retries, 0, 'a refused key is not retried');
    assert.deepEqual(fake.calls, ['POST /api/v1/enroll']);
    await assert.rejects(refused.send({ deviceId: 'd', deviceName: enrolmentName(plan0()), token: 't' }, reports0()[0]!), /not enrolled through this sink/);
    await refused.close();
  } finally {
    await fake.close();
  }
  const down = new AgentSink(fake.url, 'good-key', { attempts: 3, backoffMs: 1 });
  await assert.rejects(down.enroll(plan0(), 'x'), /Unable to connect/);
  assert.equal(down.retries, 2);
  await down.close();
});

test('a body refused for good is set aside and counted as rejected; one that keeps failing gives up after the attempts', async () => {
  const [first, second] = reports0();
  const refusing = await fakeServer(() => [400, '{"error":{"message":"bad body"}}']);
  try {
    const sink = new AgentSink(refusing.url, 'good-key', { attempts: 3, backoffMs: 1 });
    const device = await sink.enroll(plan0(), 'x');
    assert.deepEqual(device, { deviceId: 'dev-1', deviceName: enrolmentName(plan0()), token: 'tok-1' });
    const r = await sink.send(device, first!);
    assert.deepEqual(r, { events: 0, reports: 0, duplicates: 0, rejected: first!.batch.events!.length });
    assert.equal(sink.retries, 0, '400 is final: no retry');
    await sink.close();
  } finally {
    await refusing.close();
  }
  const busy = await fakeServer((_b, n) => (n === 1 ? [200, OK(first!.batch.events!.length)] : [503, '{}']));
  try {
    const sink = new AgentSink(busy.url, 'good-key', { attempts: 3, backoffMs: 1 });
    const device = await sink.enroll(plan0(), 'x');
    assert.equal((await sink.send(device, first!)).events, first!.batch.events!.length);
    await assert.rejects(sink.send(device, second!), /1 bodies still in the agent's spool after 3 rounds; last error: POST \/api\/v1\/ingest: 503/);
    assert.equal(busy.calls.filter(c => c === 'POST /api/v1/ingest').length, 4);
    await sink.close();
  } finally {
    await busy.close();
  }
});

test('events Defender writes for a response action come before the simulator\'s next records, without a gap', async () => {
  const [first, second] = reports0();
  const bodies: string[] = [];
  let asked = false;
  const fake = await fakeServer(body => { bodies.push(body); return [200, OK(0)]; },
    () => (asked ? [] : (asked = true, [{ id: '0123456789abcdef', kind: 'quick_scan' }])));
  try {
    const sink = new AgentSink(fake.url, 'good-key', { backoffMs: 1 });
    const device = await sink.enroll(plan0(), 'x');
    await sink.send(device, first!);
    await sink.send(device, second!);
    await sink.close();
    const ids = (body: string) => (JSON.parse(body) as { events?: string[] }).events?.map(x => Number(/<EventRecordID>(\d+)</.exec(x)![1])) ?? [];
    const ingests = bodies.filter(b => b.includes('"events"'));
    assert.equal(ingests.length, 2);
    const [a, b] = [ids(ingests[0]!), ids(ingests[1]!)];
    assert.equal(a.length, first!.batch.events!.length + 2, 'the quick scan\'s 1000 and 1001');
    assert.deepEqual(b, Array.from({ length: second!.batch.events!.length }, (_, i) => a.at(-1)! + 1 + i));
    assert.deepEqual((JSON.parse(ingests[1]!) as { agent: { gaps: unknown[] } }).agent.gaps, []);
    assert.ok(fake.calls.includes('POST /api/v1/agent/actions/0123456789abcdef/outcome'));
  } finally {
    await fake.close();
  }
});

test('appendLog keeps the records\' numbers, renumbers those below the next, and refuses records without one', () => {
  const m = new FakeWindows({ events: [], status: null });
  const xml = (recordId: number) => renderEventXml(healthReport({ timeMs: NOW, subTicks: 0 }, {
    versions: { platform: '4.18.1', engine: '1.1.1', signature: '1.1.1.0' }, rtp: true, behaviorMonitoring: true, signatureAgeDays: 0,
    signatureCreated: NOW, now: NOW, productStatus: 0,
  } as Parameters<typeof healthReport>[1]), { computer: m.name, recordId, processId: 1, threadId: 2 });
  assert.deepEqual(m.appendLog([xml(10), xml(11)]).map(r => r.recordId), [10, 11]);
  m.startMpScan('QuickScan', NOW);
  assert.deepEqual(m.log!.map(r => r.recordId), [10, 11, 12, 13]);
  assert.deepEqual(m.appendLog([xml(12), xml(20)]).map(r => r.recordId), [14, 20]);
  assert.match(m.log![4]!.xml, /<EventRecordID>14<\/EventRecordID>/);
  assert.throws(() => m.appendLog(['<Event/>']), /EventRecordID/);
  assert.throws(() => new FakeWindows({ events: null }).appendLog([xml(1)]), /no Defender Operational log/);
  const small = new FakeWindows({ events: [], logCapacity: 2 });
  small.appendLog([xml(1), xml(2), xml(3)]);
  assert.deepEqual(small.log!.map(r => r.recordId), [2, 3]);
});

after(async () => { (await storeRun)?.store.close(); });
