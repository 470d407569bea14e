/**
 * The fleet API over a simulated fleet: the dashboard's counts agree with the device list's filters, a device
 * page has its state, history, events and software, and bad filters are 400s naming the field.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { testServer, TEST_ADMIN_TOKEN } from './testing.js';
import { simulate, passiveNow } from '../simulate/run.js';
import { StoreSink } from '../simulate/store-sink.js';
import { Writer } from '../store/writer.js';

let s: Awaited<ReturnType<typeof testServer>>;
let passive: string[];
const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const get = async (url: string) => { const r = await s.app.inject({ method: 'GET', url, headers: auth }); return { status: r.statusCode, body: r.json() }; };

before(async () => {
  s = await testServer({ rules: { startScheduler: false }, console: false } as never);
  const sink = await StoreSink.open(s.store, 4);
  const fleet = await simulate(sink, { devices: 40, days: 2, seed: 7 });
  await sink.close();
  passive = passiveNow(fleet).map(d => d.deviceName);
});
after(async () => { await s.close(); });

test('the summary counts every device once by mode, and each count is the size of its filtered list', async () => {
  const { status, body } = await get('/api/v1/fleet/summary');
  assert.equal(status, 200);
  assert.equal(body.devices, 40);
  const modes = body.modes as Record<string, number>;
  assert.equal(Object.values(modes).reduce((a, b) => a + b, 0), 40);
  assert.ok(modes.active > 0 && modes.passive > 0, JSON.stringify(modes));
  for (const [mode, n] of Object.entries(modes)) {
    const list = await get(`/api/v1/devices?mode=${mode}`);
    assert.equal(list.body.devices.length, n, `mode ${mode}`);
  }
  for (const b of body.signatureAge as { bucket: string; count: number }[]) {
    assert.equal((await get(`/api/v1/devices?sigAge=${encodeURIComponent(b.bucket)}`)).body.devices.length, b.count, `bucket ${b.bucket}`);
  }
  for (const state of ['on', 'off', 'unknown']) {
    assert.equal((await get(`/api/v1/devices?rtp=${state}`)).body.devices.length, body.realTimeProtection[state], `rtp ${state}`);
  }
  assert.equal(body.detections.days.length, 30);
  assert.equal(body.detections.total, (body.detections.days as { count: number }[]).reduce((a, d) => a + d.count, 0));
});

test('passive devices in the list are the ones the simulator made passive and that still report', async () => {
  const list = (await get('/api/v1/devices?mode=passive')).body.devices as { deviceName: string; mode: string; amRunningMode: string }[];
  const names = new Set(list.map(d => d.deviceName));
  for (const p of passive) assert.ok(names.has(p), `${p} missing from the passive list`);
  for (const d of list) assert.match(d.amRunningMode, /passive/i);
});

test('a top threat filters the devices that detected it', async () => {
  const { body } = await get('/api/v1/fleet/summary');
  const top = body.topThreats[0] as { threat: string; devices: number } | undefined;
  assert.ok(top, 'the simulated fleet has detections');
  const list = await get(`/api/v1/devices?threat=${encodeURIComponent(top.threat)}`);
  assert.equal(list.body.devices.length, top.devices);
});

test('a device page has its state, history, software, events and detections', async () => {
  const list = (await get('/api/v1/devices')).body.devices as { deviceId: string; deviceName: string }[];
  const withDetection = (await get('/api/v1/fleet/summary')).body.topDevices[0] as { deviceId: string };
  const page = await get(`/api/v1/devices/${withDetection.deviceId}`);
  assert.equal(page.status, 200);
  assert.equal(page.body.device.deviceId, withDetection.deviceId);
  assert.ok(page.body.status.AMRunningMode, 'latest Get-MpComputerStatus fields');
  assert.match(page.body.status.Timestamp, /^\d{4}-\d\d-\d\dT/);
  assert.ok(page.body.history.length >= 1);
  assert.ok(page.body.software.length > 0);
  const timeline = await get(`/api/v1/devices/${withDetection.deviceId}/timeline?limit=5`);
  assert.ok(timeline.body.events.length > 0 && timeline.body.events.length <= 5);
  const times = (timeline.body.events as { timestamp: string }[]).map(e => e.timestamp);
  assert.deepEqual([...times].sort().reverse(), times, 'newest first');
  const older = await get(`/api/v1/devices/${withDetection.deviceId}/timeline?limit=5&before=${encodeURIComponent(times.at(-1)!)}`);
  for (const e of older.body.events as { timestamp: string }[]) assert.ok(e.timestamp < times.at(-1)!);
  const detections = await get(`/api/v1/devices/${withDetection.deviceId}/detections`);
  assert.ok(detections.body.detections.length > 0);
  assert.ok(detections.body.detections[0].threatName);
  assert.ok(list.length === 40);
});

test('timeline pages follow their cursor: events sharing a time (to the 100 ns) are neither skipped nor repeated', async () => {
  const d = (await get('/api/v1/devices')).body.devices[0] as { deviceId: string; deviceName: string };
  // newer than anything simulated: five events in one 100 ns tick, two in the same millisecond, one earlier
  const times = ['2099-01-01T00:00:00.1234567Z', '2099-01-01T00:00:00.1234567Z', '2099-01-01T00:00:00.1234567Z', '2099-01-01T00:00:00.1234567Z',
    '2099-01-01T00:00:00.1234567Z', '2099-01-01T00:00:00.1230001Z', '2099-01-01T00:00:00.1230000Z', '2099-01-01T00:00:00.0000000Z'];
  const rows = times.map((t, i) => ({ Timestamp: t, DeviceId: d.deviceId, DeviceName: d.deviceName, ActionType: 'AntivirusScanCompleted', ReportId: 9_000_000 + i }));
  await s.context.writes.run(() => new Writer(s.context.writeConn).write([{ key: 'timeline-paging-test', rows: { DeviceEvents: rows } }]));
  const seen: number[] = [];
  let url = `/api/v1/devices/${d.deviceId}/timeline?limit=3`;
  for (let pages = 0; pages < 3; pages++) {
    const page = await get(url);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    seen.push(...(page.body.events as { reportId: number }[]).map(e => e.reportId));
    assert.match(page.body.next, /^\d+_-?\d+$/);
    url = `/api/v1/devices/${d.deviceId}/timeline?limit=3&cursor=${encodeURIComponent(page.body.next)}`;
  }
  assert.deepEqual(seen.slice(0, 8), [9_000_004, 9_000_003, 9_000_002, 9_000_001, 9_000_000, 9_000_005, 9_000_006, 9_000_007]);
  const bad = await get(`/api/v1/devices/${d.deviceId}/timeline?cursor=9999999999999999999_1`);
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.field, 'cursor');
  const garbage = await get(`/api/v1/devices/${d.deviceId}/timeline?cursor=yesterday`);
  assert.equal(garbage.status, 400);
  assert.match(garbage.body.error.field, /cursor/);
  const last = await get(`/api/v1/devices/${d.deviceId}/timeline?limit=1000`);
  assert.ok(last.body.events.length < 1000);
  assert.equal(last.body.next, null, 'a short page has no next');
});

test('bad filters and unknown devices are 4xx naming the field', async () => {
  const bad = await get('/api/v1/devices?mode=sleeping');
  assert.equal(bad.status, 400);
  assert.match(bad.body.error.field, /mode/);
  const extra = await get('/api/v1/devices?colour=red');
  assert.equal(extra.status, 400);
  const limit = await get('/api/v1/devices/x/timeline?limit=0');
  assert.equal(limit.status, 400);
  const missing = await get('/api/v1/devices/no-such-device');
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error.field, 'id');
});

test('the schema lists every hunting table with KQL types, and the saved functions', async () => {
  const fn = await s.app.inject({ method: 'POST', url: '/api/v1/functions', headers: auth, payload: { name: 'PassiveDevices', parameters: [], body: 'MpComputerStatus | where AMRunningMode has "passive"', description: 'devices in passive mode' } });
  assert.equal(fn.statusCode, 201, fn.body);
  const { status, body } = await get('/api/v1/schema');
  assert.equal(status, 200);
  const events = (body.tables as { name: string; columns: { name: string; type: string }[] }[]).find(t => t.name === 'DeviceEvents');
  assert.deepEqual(events?.columns.find(c => c.name === 'Timestamp'), { name: 'Timestamp', type: 'datetime' });
  assert.ok((body.tables as { name: string }[]).some(t => t.name === 'MpComputerStatus'));
  assert.deepEqual(body.functions, [{ name: 'PassiveDevices', parameters: '()', body: 'MpComputerStatus | where AMRunningMode has "passive"', docString: 'devices in passive mode' }]);
});
