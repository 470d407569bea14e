/**
 * The agent's protocol end to end: the emulator (posting what PicketAgent.ps1 posts) against a real server on a
 * loopback port. Enrolment, reports, the cursor, gaps, the spool across a server outage, response actions, collector
 * mode, and the seed query on what the emulator sent.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readdirSync, copyFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../store/duckdb.js';
import { buildServer, type Server } from '../server/app.js';
import { runKql } from '../kql/run.js';
import { SEED_QUERY } from '../demo/seed-query.js';
import { AgentEmulator } from './emulator.js';
import { FakeWindows, fixtureEvents, fixtureJson, type MachineFacts } from './windows.js';
import { agentHealth } from './health.js';
import { expireActions } from './actions.js';

const ADMIN = 'pat_agent-emulator-test';
const admin = { authorization: `Bearer ${ADMIN}` };
const dirs: string[] = [];
let store: Store;
let server: Server;
let port = 0;
let key = '';

async function start(): Promise<void> {
  server = await buildServer({ store, adminToken: ADMIN, rules: { startScheduler: false } });
  await server.app.listen({ host: '127.0.0.1', port });
  port = (server.app.server.address() as AddressInfo).port;
}

before(async () => {
  store = await Store.open();
  await start();
  const r = await server.app.inject({ method: 'POST', url: '/api/v1/enrollment-keys', headers: admin, payload: { name: 'agents' } });
  key = r.json().secret;
});
after(async () => {
  await server.app.close();
  store.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A clock the test moves. */
function clock(iso?: string) {
  let t = iso ? Date.parse(iso) : Date.now();
  return { now: () => new Date(t), advance: (ms: number) => { t += ms; } };
}

function emulator(machine: FakeWindows, extra: Partial<ConstructorParameters<typeof AgentEmulator>[0]> = {}) {
  const stateDir = mkdtempSync(join(tmpdir(), 'picket-agent-'));
  dirs.push(stateDir);
  return new AgentEmulator({ serverUrl: `http://127.0.0.1:${port}`, enrollmentKey: key, stateDir, machine, ...extra });
}

/** A machine of its own name, so that tests do not share devices. */
function machine(host: string, options: ConstructorParameters<typeof FakeWindows>[0] = {}): FakeWindows {
  const facts = { ...(fixtureJson('machine-srv-app02.json') as MachineFacts), DNSHostName: host.toUpperCase() };
  const events = options.events === undefined
    ? fixtureEvents('defender-operational.xml').map(r => ({ ...r, computer: `${host}.corp.example.com`, xml: r.xml.replace('srv-app02.corp.example.com', `${host}.corp.example.com`) }))
    : options.events;
  return new FakeWindows({ facts, ...options, events });
}

async function withConn<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
  const conn = await store.queryConnection();
  try { return await work(conn); } finally { conn.closeSync(); }
}
const count = (kql: string) => withConn(async c => Number((await runKql(c, `${kql} | count`)).rows[0][0]));
const deviceIdOf = (em: AgentEmulator, k = '@self') => em.enrolled()[k].deviceId;

test('first run: enrols with the key, stores the token, sends status, threats, OS facts, software and every event', async () => {
  const m = machine('srv-first');
  const em = emulator(m);
  await em.run();
  const dev = em.enrolled()['@self'];
  assert.match(dev.deviceId, /^[0-9a-f]{40}$/);
  assert.match(dev.token, /^pdt_/);
  assert.equal(dev.deviceName, 'srv-first.corp.example.com');
  assert.deepEqual(em.spoolFiles(), []);
  assert.equal(em.cursor(), 4110);
  const id = dev.deviceId;
  assert.equal(await count(`WindowsEvent | where DeviceId == "${id}"`), 10);
  assert.equal(await count(`DeviceEvents | where DeviceId == "${id}" and ActionType == "AntivirusDetection"`), 1);
  // the status and the OS facts are separate sections; both DeviceInfo rows, the assessments and the inventory
  // carry the OS the facts give
  assert.equal(await count(`DeviceInfo | where DeviceId == "${id}"`), 2);
  assert.equal(await count(`DeviceInfo | where DeviceId == "${id}" and OSPlatform == "WindowsServer2019" and OSArchitecture == "64-bit"`), 2);
  assert.equal(await count(`DeviceTvmSecureConfigurationAssessment | where DeviceId == "${id}" and OSPlatform != "WindowsServer2019"`), 0);
  assert.ok(await count(`DeviceTvmSecureConfigurationAssessment | where DeviceId == "${id}"`) >= 5);
  assert.equal(await count(`DeviceTvmSoftwareInventory | where DeviceId == "${id}" and OSPlatform == "WindowsServer2019" and OSVersion == "10.0"`), 3);
  assert.equal(await count(`MpComputerStatus | where DeviceId == "${id}" and AMRunningMode == "Passive Mode"`), 1);
  assert.equal(await count(`DeviceTvmSoftwareInventory | where DeviceId == "${id}"`), 3, 'system components and updates are skipped');
  // the body went out as Windows PowerShell 5.1 writes it
  const ingest = em.sent.find(r => r.path === '/api/v1/ingest')!;
  assert.equal(ingest.headers['content-type'], 'application/json; charset=utf-8');
  assert.match(ingest.headers['user-agent'], /^PicketAgent\/0\.1\.0 \(PowerShell 5\.1\./);
  assert.ok(ingest.body!.startsWith('{"agentVersion":"0.1.0","agent":{"version":"0.1.0","mode":"agent"'), ingest.body!.slice(0, 100));
  assert.ok(ingest.body!.includes('"\\u003cEvent xmlns=\\u0027http://schemas.microsoft.com/win/2004/08/events/event\\u0027\\u003e'));
  assert.ok(ingest.body!.includes('"AntivirusSignatureLastUpdated":"\\/Date(1712650202000)\\/"'));
  // software once a day: the next run sends none
  await em.run();
  assert.ok(!em.sent.at(-1)!.body!.includes('"software"'));
  const health = await withConn(c => agentHealth(c, id));
  assert.equal(health?.agentVersion, '0.1.0');
  assert.equal(health?.mode, 'agent');
  assert.deepEqual(health?.missing, []);
});

test('an older Defender platform: missing cmdlets and status fields are reported, the rest is stored', async () => {
  const m = machine('srv-old', { status: fixtureJson('status-ps51-old-platform.json') as Record<string, unknown>, missingCmdlets: ['Get-MpThreat'] });
  const em = emulator(m);
  await em.run();
  const id = deviceIdOf(em);
  const health = await withConn(c => agentHealth(c, id));
  assert.deepEqual(health?.missing, ['Get-MpComputerStatus.AMRunningMode', 'Get-MpComputerStatus.IsTamperProtected', 'Get-MpThreat']);
  assert.equal(await count(`MpComputerStatus | where DeviceId == "${id}" and AMProductVersion == "4.18.1807.18075"`), 1);
  assert.ok(!em.sent.some(r => r.body?.includes('"threats":')));
});

test('the cursor moves only when the server acknowledged; a gap in the log is reported once', async () => {
  const m = machine('srv-gap');
  const em = emulator(m);
  await em.run();
  assert.equal(em.cursor(), 4110);
  // five new records, of which the log keeps only the last two before the agent runs again
  for (let i = 0; i < 5; i++) m.write({ eventId: 5000, level: 4, timeMs: Date.now(), subTicks: i, data: [['Product Name', '%%827'], ['Product Version', '4.18.24030.9']] });
  m.wrap(m.log!.length - 2);
  await em.run();
  assert.equal(em.cursor(), 4115);
  const id = deviceIdOf(em);
  const health = await withConn(c => agentHealth(c, id));
  assert.deepEqual(health?.gaps.map(g => [g.channel, g.firstMissing, g.lastMissing]), [['Microsoft-Windows-Windows Defender/Operational', 4111, 4113]]);
  assert.equal(health?.missingRecords, 3);
  assert.equal(await count(`WindowsEvent | where DeviceId == "${id}"`), 12);
  await em.run();
  assert.equal((await withConn(c => agentHealth(c, id)))?.gaps.length, 1);
});

test('a cleared log, even while the server is away: reading starts again from its first record, nothing is lost or doubled', async () => {
  const t = clock();
  const m = machine('srv-cleared');
  const em = emulator(m, { now: t.now });
  await em.run();
  const id = deviceIdOf(em);
  assert.equal(em.cursor(), 4110);
  const scan = (i: number) => m.write({ eventId: 1001, level: 4, timeMs: t.now().getTime(), subTicks: i, data: [['Product Name', '%%827'], ['Scan Type', '%%803']] });

  // two new records wait in the spool while the server is away; then the log is cleared and numbers from 1 again
  await server.app.close();
  scan(0); scan(1);
  await em.run();
  assert.match(em.spoolFiles()[0], /_@self_4112_ingest\.json$/);
  m.clearLog();
  scan(2); scan(3); scan(4);
  assert.equal(m.newestRecordId(), 3);
  t.advance(90_000);
  await em.run();
  assert.deepEqual(em.spoolFiles().map(f => f.split('_')[2]), ['4112', '3'], 'the cleared log was read from its start');
  assert.match(JSON.stringify(em.errors()), /the log was cleared: its newest record is 3, below 4112/);

  await start();
  t.advance(180_000);
  await em.run();
  assert.deepEqual(em.spoolFiles(), []);
  assert.equal(em.cursor(), 3, 'the cursor follows the batches in the order they were read');
  assert.equal(await count(`WindowsEvent | where DeviceId == "${id}"`), 15);
  assert.equal(await count(`DeviceEvents | where DeviceId == "${id}" and ActionType == "AntivirusScanCompleted" and Timestamp > ago(1d)`), 5);
  scan(5);
  await em.run();
  assert.equal(em.cursor(), 4);
  assert.equal(await count(`WindowsEvent | where DeviceId == "${id}"`), 16);
  assert.doesNotMatch(JSON.stringify(em.errors()), /cleared/, 'noticed once');
});

test('a server outage: bodies are spooled, retried with backoff, and replayed with no loss and no duplicates', async () => {
  const t = clock();
  const m = machine('srv-outage');
  const em = emulator(m, { now: t.now });
  await em.run();
  const id = deviceIdOf(em);
  assert.equal(em.cursor(), 4110);

  await server.app.close();
  m.startMpScan('QuickScan', t.now().getTime());
  m.updateMpSignature(t.now().getTime());
  await em.run();
  assert.equal(em.spoolFiles().length, 1);
  assert.match(em.spoolFiles()[0], /^\d{19}_@self_4114_ingest\.json$/);
  assert.equal(em.cursor(), 4110, 'nothing acknowledged, the cursor stays');
  assert.equal(em.backoff().failures, 1);

  // within the backoff the agent does not try the network, but keeps collecting
  t.advance(30_000);
  m.startMpScan('FullScan', t.now().getTime());
  const before = em.sent.length;
  await em.run();
  assert.equal(em.sent.length, before, 'no request during the backoff');
  assert.deepEqual(em.spoolFiles().map(f => f.split('_')[2]), ['4114', '4116']);

  t.advance(60_000);
  await em.run();
  assert.equal(em.backoff().failures, 2, 'retried once the backoff was over, and failed again');
  assert.equal(em.spoolFiles().length, 3);
  assert.equal(em.backoff().retryAt!.getTime(), t.now().getTime() + 120_000, 'the second backoff is twice the first');

  await start();
  t.advance(120_000);
  await em.run();
  assert.deepEqual(em.spoolFiles(), []);
  assert.equal(em.cursor(), 4116);
  assert.equal(em.backoff().failures, 0);
  assert.equal(await count(`WindowsEvent | where DeviceId == "${id}"`), 16);
  assert.equal(await count(`WindowsEvent | where DeviceId == "${id}" | distinct EventRecordId`), 16);
  assert.equal(await count(`MpComputerStatus | where DeviceId == "${id}"`), 5, 'one status report per run, each once');
  assert.equal(await count(`DeviceEvents | where DeviceId == "${id}" and ActionType == "AntivirusScanCompleted"`), 3);

  // a crash after the server acknowledged but before the file was deleted: the body is sent again, adds nothing
  m.startMpScan('QuickScan', t.now().getTime());
  await server.app.close();
  await em.run();
  const [file] = em.spoolFiles();
  const spool = join(em['spoolDir'] as string, file);
  copyFileSync(spool, `${spool}.copy`);
  await start();
  t.advance(60_000);
  await em.run();
  renameSync(`${spool}.copy`, spool);
  await em.run();
  assert.equal(em.sent.at(-1)!.status, 200);
  assert.equal(await count(`WindowsEvent | where DeviceId == "${id}"`), 18);
  assert.deepEqual(readdirSync(join(em['spoolDir'] as string)).filter(n => n.endsWith('.json')), []);
});

async function requestAction(deviceId: string, kind: string, extra: object = {}) {
  const r = await server.app.inject({ method: 'POST', url: `/api/v1/devices/${deviceId}/actions`, headers: admin, payload: { kind, ...extra } });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; status: string };
}
const actionsOf = async (deviceId: string) =>
  (await server.app.inject({ method: 'GET', url: `/api/v1/devices/${deviceId}/actions`, headers: admin })).json().actions as { id: string; kind: string; status: string; result: { message?: string; startedAt?: string; finishedAt?: string } | null; startedAt: string | null; finishedAt: string | null }[];

test('a requested quick scan is picked up, run, and its outcome reported: pending -> running -> done, audited', async () => {
  const m = machine('srv-scan');
  const em = emulator(m);
  await em.run();
  const id = deviceIdOf(em);
  const action = await requestAction(id, 'quick_scan', { comment: 'after the EICAR detection' });
  assert.equal(action.status, 'pending');
  assert.equal((await actionsOf(id))[0].status, 'pending');
  await em.run();
  const [done] = await actionsOf(id);
  assert.equal(done.status, 'done');
  assert.equal(done.result?.message, 'Quick scan completed.');
  assert.ok(done.startedAt && done.finishedAt);
  // "running" went out before the scan's events and the outcome
  const posts = em.sent.filter(r => r.method === 'POST').map(r => `${r.path} ${r.body?.slice(0, 20)}`);
  const running = posts.indexOf(`/api/v1/agent/actions/${action.id}/outcome {"status":"running"}`);
  const final = posts.indexOf(`/api/v1/agent/actions/${action.id}/outcome {"status":"done","re`);
  assert.ok(running >= 0 && final > running, posts.join('\n'));
  assert.equal(await count(`DeviceEvents | where DeviceId == "${id}" and ActionType == "AntivirusScanCompleted"`), 2);
  const audit = (await server.app.inject({ method: 'GET', url: '/api/v1/audit?action=action.', headers: admin })).json().entries as { action: string; details: { actionId: string; status?: string } }[];
  const mine = audit.filter(e => e.details?.actionId === action.id).reverse();
  assert.deepEqual(mine.map(e => `${e.action} ${e.details.status ?? ''}`.trim()), ['action.request', 'action.outcome running', 'action.outcome done']);
  // the fleet-wide list shows it too
  const all = (await server.app.inject({ method: 'GET', url: '/api/v1/actions?status=done&kind=quick_scan', headers: admin })).json().actions as { id: string }[];
  assert.ok(all.some(a => a.id === action.id));
});

test('a failed signature update is reported as failed with its message; send_state in poll mode sends the state first', async () => {
  const m = machine('srv-fail');
  const em = emulator(m);
  await em.run();
  const id = deviceIdOf(em);
  m.failNext = 'Update-MpSignature: The update could not be found (0x80070002).';
  const update = await requestAction(id, 'update_signatures');
  const state = await requestAction(id, 'send_state');
  const reports = await count(`MpComputerStatus | where DeviceId == "${id}"`);
  await em.poll();
  const byId = new Map((await actionsOf(id)).map(a => [a.id, a]));
  assert.equal(byId.get(update.id)?.status, 'failed');
  assert.match(byId.get(update.id)?.result?.message ?? '', /0x80070002/);
  assert.equal(byId.get(state.id)?.status, 'done');
  assert.equal(await count(`MpComputerStatus | where DeviceId == "${id}"`), reports + 1);
  const paths = em.sent.filter(r => r.method === 'POST').map(r => r.path);
  assert.ok(paths.lastIndexOf('/api/v1/ingest') < paths.lastIndexOf(`/api/v1/agent/actions/${state.id}/outcome`), 'the outcome follows the state it promises');
  // a poll with nothing requested sends nothing but the question
  const before = em.sent.length;
  await em.poll();
  assert.deepEqual(em.sent.slice(before).map(r => `${r.method} ${r.path}`), ['GET /api/v1/agent/actions']);
});

test('an action nobody picked up in time expires, and the agent does not run it', async () => {
  const m = machine('srv-expiry');
  const em = emulator(m);
  await em.run();
  const id = deviceIdOf(em);
  const action = await requestAction(id, 'full_scan', { expiresInMinutes: 5 });
  await withConn(c => expireActions(c, new Date(Date.now() + 6 * 60_000)));
  assert.equal((await actionsOf(id)).find(a => a.id === action.id)?.status, 'expired');
  const events = m.log!.length;
  await em.run();
  assert.equal(m.log!.length, events, 'no scan ran');
  // a late outcome for it is refused
  const r = await server.app.inject({ method: 'POST', url: `/api/v1/agent/actions/${action.id}/outcome`, headers: { authorization: `Bearer ${em.enrolled()['@self'].token}` }, payload: { status: 'running' } });
  assert.equal(r.statusCode, 409);
  assert.equal(r.json().error.code, 'expired');
});

test('collector mode: each forwarded event goes under the device named in its Computer field', async () => {
  const t = clock('2024-04-09T12:00:00Z');
  const facts = { ...(fixtureJson('machine-srv-app02.json') as MachineFacts), DNSHostName: 'WEC01' };
  const wec = new FakeWindows({ facts, events: [], forwarded: fixtureEvents('forwarded-events.xml') });
  const em = emulator(wec, { collectorMode: true, now: t.now });
  await em.run();
  const devices = em.enrolled();
  assert.deepEqual(Object.keys(devices).sort(), ['@self', 'ws-0101.corp.example.com', 'ws-0102.corp.example.com', 'ws-0103.corp.example.com']);
  const counts: Record<string, number> = {};
  for (const [k, d] of Object.entries(devices)) counts[k] = await count(`WindowsEvent | where DeviceId == "${d.deviceId}"`);
  assert.deepEqual(counts, { '@self': 0, 'ws-0101.corp.example.com': 3, 'ws-0102.corp.example.com': 3, 'ws-0103.corp.example.com': 1 });
  const ws2 = devices['ws-0102.corp.example.com'].deviceId;
  assert.equal(await count(`DeviceEvents | where DeviceId == "${ws2}" and DeviceName == "ws-0102.corp.example.com" and ActionType == "AntivirusDetection"`), 1);
  assert.deepEqual(['ws-0101', 'ws-0102', 'ws-0103'].map(h => em.cursor(`${h}.corp.example.com`)), [882, 1507, 42]);
  const health = await withConn(c => agentHealth(c, ws2));
  assert.equal(health?.mode, 'forwarded');
  assert.equal(health?.collector, 'wec01.corp.example.com');
  assert.deepEqual(health?.gaps.map(g => [g.firstMissing, g.lastMissing]), [[1502, 1506]]);
  assert.equal((await withConn(c => agentHealth(c, devices['@self'].deviceId)))?.mode, 'collector');
  // nothing new: nothing sent; one new record: only it
  await em.run();
  assert.equal(await count(`WindowsEvent | where DeviceId == "${devices['ws-0101.corp.example.com'].deviceId}"`), 3);
  const [last] = fixtureEvents('forwarded-events.xml');
  wec.forwarded.push({ ...last, recordId: 883, timeMs: t.now().getTime(), xml: last.xml.replace('<EventRecordID>880<', '<EventRecordID>883<') });
  await em.run();
  assert.equal(await count(`WindowsEvent | where DeviceId == "${devices['ws-0101.corp.example.com'].deviceId}"`), 4);
  // a device known only through the collector has no agent to run actions
  const r = await server.app.inject({ method: 'POST', url: `/api/v1/devices/${ws2}/actions`, headers: admin, payload: { kind: 'quick_scan' } });
  assert.equal(r.statusCode, 409);
  assert.equal(r.json().error.code, 'no_agent');
});

test("the emulator's data answers the seed query: its passive-mode device, reported within the hour", async () => {
  const own = await Store.open();
  const s = await buildServer({ store: own, adminToken: ADMIN, rules: { startScheduler: false } });
  await s.app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const k = (await s.app.inject({ method: 'POST', url: '/api/v1/enrollment-keys', headers: admin, payload: { name: 'seed' } })).json().secret;
    const url = `http://127.0.0.1:${(s.app.server.address() as AddressInfo).port}`;
    const passive = emulator(machine('srv-passive'), { serverUrl: url, enrollmentKey: k });
    const normalStatus = { ...(fixtureJson('status-ps51-passive.json') as Record<string, unknown>), AMRunningMode: 'Normal' };
    const active = emulator(machine('srv-active', { status: normalStatus }), { serverUrl: url, enrollmentKey: k, psVersion: '7' });
    await passive.run();
    await active.run();
    const conn = await own.queryConnection();
    try {
      const r = await runKql(conn, SEED_QUERY);
      const name = r.columns.findIndex(c => c.name === 'DeviceName');
      const mode = r.columns.findIndex(c => c.name === 'AVMode');
      assert.deepEqual([...new Set(r.rows.map(row => `${String(row[name])} ${String(row[mode])}`))], ['srv-passive.corp.example.com Passive']);
    } finally { conn.closeSync(); }
  } finally {
    await s.app.close();
    own.close();
  }
});
