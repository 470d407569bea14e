/** Enrolment over HTTP: keys are admin-only, shown once, revocable and expiring; devices get a token that works. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../store/duckdb.js';
import { buildServer, type Server } from './app.js';

const ADMIN = 'pat_test-admin-token';
let store: Store;
let server: Server;
const admin = { authorization: `Bearer ${ADMIN}` };

before(async () => {
  store = await Store.open();
  server = await buildServer({ store, adminToken: ADMIN });
});
after(async () => { await server.app.close(); store.close(); });

async function newKey(body: object = { name: 'lab' }) {
  const r = await server.app.inject({ method: 'POST', url: '/api/v1/enrollment-keys', headers: admin, payload: body });
  assert.equal(r.statusCode, 201, r.body);
  return r.json() as { id: string; secret: string };
}

test('an admin creates a key; a device enrols with it and its token reads nothing but writes', async () => {
  const key = await newKey();
  assert.match(key.secret, /^pek_/);
  const e = await server.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { enrollmentKey: key.secret, deviceName: 'srv-01' } });
  assert.equal(e.statusCode, 201, e.body);
  const { deviceId, deviceToken } = e.json();
  assert.match(deviceId, /^[0-9a-f]{40}$/);
  const asDevice = { authorization: `Bearer ${deviceToken}` };
  const q = await server.app.inject({ method: 'POST', url: '/api/v1/query', headers: asDevice, payload: { query: 'DeviceInfo | count' } });
  assert.equal(q.statusCode, 403, 'a device token cannot query');
  const list = await server.app.inject({ method: 'GET', url: '/api/v1/enrollment-keys', headers: admin });
  assert.equal(list.json().keys.find((k: { id: string }) => k.id === key.id).uses, 1);
  assert.ok(!list.body.includes(key.secret), 'the secret is never shown again');
});

test('key management needs the admin token', async () => {
  const none = await server.app.inject({ method: 'POST', url: '/api/v1/enrollment-keys', payload: { name: 'x' } });
  assert.equal(none.statusCode, 401);
  // an unknown token is no credential at all: 401, so a client knows to get a new one (RFC 6750 §3.1)
  const wrong = await server.app.inject({ method: 'GET', url: '/api/v1/enrollment-keys', headers: { authorization: 'Bearer pat_wrong' } });
  assert.equal(wrong.statusCode, 401);
});

test('revoked, exhausted and unknown keys are refused with the reason', async () => {
  const key = await newKey({ name: 'once', maxUses: 1 });
  const enrol = () => server.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { enrollmentKey: key.secret, deviceName: 'pc' } });
  assert.equal((await enrol()).statusCode, 201);
  const second = await enrol();
  assert.equal(second.statusCode, 403);
  assert.equal(second.json().error.code, 'enrollment_key_exhausted');
  const other = await newKey();
  const del = await server.app.inject({ method: 'DELETE', url: `/api/v1/enrollment-keys/${other.id}`, headers: admin });
  assert.equal(del.statusCode, 204);
  const revoked = await server.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { enrollmentKey: other.secret, deviceName: 'pc' } });
  assert.equal(revoked.json().error.code, 'enrollment_key_revoked');
  const unknown = await server.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { enrollmentKey: 'pek_nope', deviceName: 'pc' } });
  assert.equal(unknown.json().error.code, 'enrollment_key_unknown');
  assert.equal(unknown.json().error.field, 'enrollmentKey');
});

test('bad input gets a 400 naming the field', async () => {
  const cases: [object, string][] = [
    [{ deviceName: 'x' }, 'enrollmentKey'],
    [{ enrollmentKey: 'k', deviceName: '' }, 'deviceName'],
    [{ enrollmentKey: 'k', deviceName: 'a\u0001b' }, 'deviceName'],
    [{ enrollmentKey: 'k', deviceName: 'x', extra: 1 }, 'body'],
  ];
  for (const [payload, field] of cases) {
    const r = await server.app.inject({ method: 'POST', url: '/api/v1/enroll', payload });
    assert.equal(r.statusCode, 400, JSON.stringify(payload));
    assert.ok(r.json().error.message.includes(field), `${r.body} should name ${field}`);
  }
  const notJson = await server.app.inject({ method: 'POST', url: '/api/v1/enroll', headers: { 'content-type': 'application/json' }, payload: '{"enrollmentKey":' });
  assert.equal(notJson.statusCode, 400);
  const missing = await server.app.inject({ method: 'GET', url: '/api/v1/nothing' });
  assert.equal(missing.statusCode, 404);
});

test('the query API answers KQL and positions errors', async () => {
  const ok = await server.app.inject({ method: 'POST', url: '/api/v1/query', headers: admin, payload: { query: 'print x = 1 + 1' } });
  assert.equal(ok.statusCode, 200);
  assert.deepEqual(ok.json().rows, [[2]]);
  const bad = await server.app.inject({ method: 'POST', url: '/api/v1/query', headers: admin, payload: { query: 'DeviceInfo | where Nope == 1' } });
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(bad.json().error.span, { offset: 19, length: 4 });
});
