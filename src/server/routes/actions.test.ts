/**
 * Response actions over HTTP, the refusals: a device sees and answers only its own actions; malformed outcomes
 * and requests are 400s naming the field; a viewer cannot ask for a scan; each refusal leaves the action as it was.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createToken, enrolDevice, testServer, TEST_ADMIN_TOKEN } from '../testing.js';

const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
let s: Awaited<ReturnType<typeof testServer>>;
let a: { token: string; id: string };
let b: { token: string; id: string };

async function device(name: string) {
  const token = await enrolDevice(s, name);
  const list = (await s.app.inject({ method: 'GET', url: '/api/v1/devices', headers: admin })).json().devices as { deviceId: string; deviceName: string }[];
  return { token, id: list.find(d => d.deviceName === name)!.deviceId };
}

before(async () => {
  s = await testServer({ rules: { startScheduler: false } } as never);
  a = await device('pc-a');
  b = await device('pc-b');
});
after(async () => { await s.close(); });

const ask = (deviceId: string, payload: unknown, headers: Record<string, string> = admin) =>
  s.app.inject({ method: 'POST', url: `/api/v1/devices/${deviceId}/actions`, headers, payload: payload as object });
const report = (token: string, id: string, payload: unknown) =>
  s.app.inject({ method: 'POST', url: `/api/v1/agent/actions/${id}/outcome`, headers: { authorization: `Bearer ${token}` }, payload: payload as object });

test("a device cannot see or answer another device's actions", async () => {
  const action = (await ask(a.id, { kind: 'quick_scan' })).json();
  const seenByB = await s.app.inject({ method: 'GET', url: '/api/v1/agent/actions', headers: { authorization: `Bearer ${b.token}` } });
  assert.equal(seenByB.statusCode, 200);
  assert.deepEqual(seenByB.json().actions, []);
  const seenByA = await s.app.inject({ method: 'GET', url: '/api/v1/agent/actions', headers: { authorization: `Bearer ${a.token}` } });
  assert.deepEqual(seenByA.json().actions.map((x: { id: string }) => x.id), [action.id]);
  const answered = await report(b.token, action.id, { status: 'done', result: { message: 'forged' } });
  assert.equal(answered.statusCode, 404);
  assert.equal(answered.json().error.code, 'not_found');
  // nor can it read the analysts' view
  const list = await s.app.inject({ method: 'GET', url: `/api/v1/devices/${a.id}/actions`, headers: { authorization: `Bearer ${b.token}` } });
  assert.equal(list.statusCode, 403);
  const still = (await s.app.inject({ method: 'GET', url: `/api/v1/devices/${a.id}/actions`, headers: admin })).json().actions[0];
  assert.equal(still.status, 'pending');
  assert.equal(still.result, null);
});

test('malformed outcomes are 400s naming the field', async () => {
  const action = (await ask(a.id, { kind: 'full_scan' })).json();
  const cases: [unknown, string][] = [
    [{}, 'status'],
    [{ status: 'finished' }, 'status'],
    [{ status: 'done', result: { message: 42 } }, 'result.message'],
    [{ status: 'done', result: { message: 'ok', exitCode: 0 } }, 'result'],
    [{ status: 'done', extra: true }, 'body'],
    [{ status: 'done', result: { message: 'x'.repeat(4001) } }, 'result.message'],
  ];
  for (const [payload, field] of cases) {
    const r = await report(a.token, action.id, payload);
    assert.equal(r.statusCode, 400, `${JSON.stringify(payload)} -> ${r.body}`);
    assert.ok(r.json().error.message.includes(field), `${r.body} should name ${field}`);
  }
  const badId = await report(a.token, 'not-an-id', { status: 'done' });
  assert.equal(badId.statusCode, 400);
  assert.match(badId.json().error.message, /id/);
  const still = (await s.app.inject({ method: 'GET', url: `/api/v1/devices/${a.id}/actions`, headers: admin })).json().actions.find((x: { id: string }) => x.id === action.id);
  assert.equal(still.status, 'pending');
});

test('requests: unknown kinds and devices, a second identical pending action, and a viewer are refused', async () => {
  const kind = await ask(a.id, { kind: 'reboot' });
  assert.equal(kind.statusCode, 400);
  assert.match(kind.json().error.message, /kind/);
  const expiry = await ask(a.id, { kind: 'send_state', expiresInMinutes: 1 });
  assert.equal(expiry.statusCode, 400);
  assert.match(expiry.json().error.message, /expiresInMinutes/);
  const nobody = await ask('f'.repeat(40), { kind: 'quick_scan' });
  assert.equal(nobody.statusCode, 404);
  const first = await ask(b.id, { kind: 'update_signatures' });
  assert.equal(first.statusCode, 201);
  const again = await ask(b.id, { kind: 'update_signatures' });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'already_pending');
  const viewer = { authorization: `Bearer ${await createToken(s, 'viewer')}` };
  assert.equal((await ask(b.id, { kind: 'quick_scan' }, viewer)).statusCode, 403);
  assert.equal((await s.app.inject({ method: 'GET', url: `/api/v1/devices/${b.id}/actions`, headers: viewer })).statusCode, 200);
  const analyst = { authorization: `Bearer ${await createToken(s, 'analyst')}` };
  const byAnalyst = await ask(b.id, { kind: 'quick_scan' }, analyst);
  assert.equal(byAnalyst.statusCode, 201);
  assert.equal(byAnalyst.json().requestedBy, 'analyst script');
});

test('outcomes move forward only: a retried report changes nothing, a finished action cannot be reopened', async () => {
  const action = (await ask(b.id, { kind: 'full_scan' })).json();
  assert.equal((await report(b.token, action.id, { status: 'running' })).statusCode, 200);
  assert.equal((await report(b.token, action.id, { status: 'running' })).statusCode, 200);
  const done = await report(b.token, action.id, { status: 'done', result: { message: 'Full scan completed.' } });
  assert.deepEqual(done.json(), { id: action.id, status: 'done' });
  assert.equal((await report(b.token, action.id, { status: 'done' })).statusCode, 200, 'a retried final report');
  const reopen = await report(b.token, action.id, { status: 'running' });
  assert.equal(reopen.statusCode, 409);
  assert.equal(reopen.json().error.code, 'finished');
  const flip = await report(b.token, action.id, { status: 'failed' });
  assert.equal(flip.statusCode, 409);
});
