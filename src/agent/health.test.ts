/**
 * The `agent` section of ingest batches: stored per device, gaps added once, a newer run never overwritten by an
 * older spooled one, and a section the server cannot use never sinks the telemetry it rides with.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { enrolDevice, testServer, TEST_ADMIN_TOKEN } from '../server/testing.js';
import { agentHealth, listAgentHealth, readAgentSection } from './health.js';
import { fixture } from './windows.js';

let s: Awaited<ReturnType<typeof testServer>>;
let token: string;
let deviceId: string;
const channel = 'Microsoft-Windows-Windows Defender/Operational';

before(async () => {
  s = await testServer({ rules: { startScheduler: false } } as never);
  token = await enrolDevice(s, 'srv-health');
  const list = (await s.app.inject({ method: 'GET', url: '/api/v1/devices', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } })).json().devices as { deviceId: string; deviceName: string }[];
  deviceId = list.find(d => d.deviceName === 'srv-health')!.deviceId;
});
after(async () => { await s.close(); });

const ingest = (payload: object) => s.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: { authorization: `Bearer ${token}` }, payload });
const health = async () => { const c = await s.store.queryConnection(); try { return await agentHealth(c, deviceId); } finally { c.closeSync(); } };

test('a report is stored; a gap reported again adds nothing; an older run does not replace a newer one', async () => {
  const agent = {
    version: '0.1.0', mode: 'agent', psVersion: '5.1.17763.5830', runAt: '2024-04-09T12:00:00.0000000Z',
    errors: [{ at: '2024-04-09T12:00:01.0000000Z', step: 'threats', message: 'Get-MpThreat: access denied' }],
    missing: ['Get-MpThreat'], gaps: [{ channel, firstMissing: 10, lastMissing: 19, detectedAt: '2024-04-09T12:00:00.0000000Z' }],
    sendFailures: 0, lastSendError: null,
  };
  const first = await ingest({ agentVersion: '0.1.0', agent });
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual(first.json().rejected, []);
  await ingest({ agentVersion: '0.1.0', agent });
  let h = await health();
  assert.equal(h?.gaps.length, 1);
  assert.equal(h?.missingRecords, 10);
  assert.deepEqual(h?.errors.map(e => e.step), ['threats']);
  await ingest({ agent: { ...agent, runAt: '2024-04-09T11:55:00.0000000Z', version: '0.0.9', missing: [], gaps: [{ channel, firstMissing: 5, lastMissing: 5 }] } });
  h = await health();
  assert.equal(h?.agentVersion, '0.1.0', 'the older run did not replace the newer');
  assert.deepEqual(h?.missing, ['Get-MpThreat']);
  assert.deepEqual(h?.gaps.map(g => g.firstMissing), [10, 5], 'its gap is kept all the same');
  const conn = await s.store.queryConnection();
  try { assert.ok((await listAgentHealth(conn)).has(deviceId)); } finally { conn.closeSync(); }
});

test('an agent section the server cannot use is listed back, field by field, and the events still go in', async () => {
  const xml = fixture('defender-operational.xml').split('\n')[0].replace('srv-app02', 'srv-health');
  const r = await ingest({
    events: [xml],
    agent: { version: 7, mode: 'robot', runAt: 'yesterday', gaps: [{ channel, firstMissing: 9, lastMissing: 3 }, 'x'], errors: 'none', missing: [''], sendFailures: -1, future: { ok: 1 } },
  });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().accepted.events, 1);
  const fields = (r.json().rejected as { section: string; field: string }[]).filter(x => x.section === 'agent').map(x => x.field);
  assert.deepEqual(fields, ['version', 'mode', 'runAt', 'sendFailures', 'errors', 'missing[0]', 'gaps[0]', 'gaps[1]']);
  const notAnObject = await ingest({ agent: [] });
  assert.equal(notAnObject.statusCode, 400, 'the section itself must be an object');
});

test('long texts are clipped, not refused', () => {
  const { report, rejections } = readAgentSection({ lastSendError: 'x'.repeat(5000), errors: [{ message: 'y'.repeat(3000), step: 's' }] });
  assert.deepEqual(rejections, []);
  assert.equal(report.lastSendError?.length, 2000);
  assert.equal(report.errors[0].message.length, 2000);
});
