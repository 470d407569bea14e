/**
 * Accounts over HTTP: first-admin setup, sign-in with cookie sessions, logout, expiry, lock-out, CSRF, security
 * headers, API tokens, the audit log and request limits.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../store/duckdb.js';
import { buildServer } from './app.js';
import { CONTENT_SECURITY_POLICY } from './security-headers.js';
import { TEST_ADMIN_TOKEN, TEST_PASSWORD, createToken, createUser, enrolDevice, sessionCookie, signIn, testServer } from './testing.js';

let s: Awaited<ReturnType<typeof testServer>>;
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
before(async () => { s = await testServer({ lockout: { threshold: 3, baseSeconds: 1, maxSeconds: 4 } }); });
after(async () => { await s.close(); });

test('a start with no users and no admin token issues a one-time setup token that makes the first admin', async () => {
  const store = await Store.open();
  const fresh = await buildServer({ store });
  try {
    assert.match(fresh.setupToken ?? '', /^pst_/);
    const status = await fresh.app.inject({ method: 'GET', url: '/api/v1/auth/status' });
    assert.equal(status.json().setupRequired, true);
    const body = { setupToken: fresh.setupToken, username: 'root', password: TEST_PASSWORD };
    const wrong = await fresh.app.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: { ...body, setupToken: 'pst_guess' } });
    assert.equal(wrong.statusCode, 403);
    const weak = await fresh.app.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: { ...body, password: 'short' } });
    assert.equal(weak.statusCode, 400);
    const ok = await fresh.app.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: body });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().user.role, 'admin');
    const again = await fresh.app.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: { ...body, username: 'second' } });
    assert.equal(again.statusCode, 403, 'the setup token works once');
    const me = await fresh.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: sessionCookie(ok) } });
    assert.equal(me.json().name, 'root');
    // passwords are stored as argon2id, never as given
    const conn = await store.instance.connect();
    const hash = String((await conn.runAndReadAll('SELECT password_hash FROM app.users')).getRowsJS()[0][0]);
    conn.closeSync();
    assert.match(hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const restarted = await buildServer({ store });
    assert.equal(restarted.setupToken, null, 'once users exist, no setup token');
    await restarted.app.close();
  } finally { await fresh.app.close(); store.close(); }
});

test('sign-in sets an HttpOnly SameSite cookie (Secure and __Host- on TLS); logout ends the session', async () => {
  await createUser(s, 'alice', 'analyst');
  const r = await s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'alice', password: TEST_PASSWORD } });
  assert.equal(r.statusCode, 200, r.body);
  const setCookie = String(r.headers['set-cookie']);
  assert.match(setCookie, /^picket_session=[A-Za-z0-9_-]{43}; Path=\/; SameSite=Lax; HttpOnly; Max-Age=86400$/);
  assert.ok(!/Secure/.test(setCookie), 'no Secure flag over plain HTTP, or the browser would drop it');
  assert.ok(!r.body.includes(setCookie.split(';')[0].split('=')[1]), 'the session id is not in the body');
  const session = { cookie: sessionCookie(r), 'x-csrf-token': r.json().csrfToken };
  const me = await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session });
  assert.deepEqual([me.json().name, me.json().role, me.json().permissions], ['alice', 'analyst', ['read', 'hunt', 'triage', 'rules']]);
  const out = await s.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: session });
  assert.equal(out.statusCode, 204);
  assert.match(String(out.headers['set-cookie']), /Max-Age=0/);
  const after = await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session });
  assert.equal(after.statusCode, 401);

  const proxied = await testServer({ trustProxy: true });
  try {
    await createUser(proxied, 'tls', 'viewer');
    const t = await proxied.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { username: 'tls', password: TEST_PASSWORD } });
    assert.match(String(t.headers['set-cookie']), /^__Host-picket_session=[^;]+; Path=\/; SameSite=Lax; HttpOnly; Secure; Max-Age=/);
    assert.equal(t.headers['strict-transport-security'], 'max-age=31536000');
    // over TLS only the __Host- cookie counts
    const plainName = { cookie: sessionCookie(t).replace('__Host-', ''), 'x-forwarded-proto': 'https' };
    assert.equal((await proxied.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: plainName })).statusCode, 401);
  } finally { await proxied.close(); }
});

test('sessions expire when idle and at their absolute end', async () => {
  const short = await testServer({ session: { idleMinutes: 0.002, maxHours: 1 } });
  try {
    await createUser(short, 'idle', 'viewer');
    const sess = await signIn(short, 'idle');
    assert.equal((await short.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: sess.headers })).statusCode, 200);
    await new Promise(r => setTimeout(r, 250));
    const late = await short.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: sess.headers });
    assert.equal(late.statusCode, 401);
    assert.match(late.json().error.message, /session has ended/);
  } finally { await short.close(); }
  const brief = await testServer({ session: { idleMinutes: 60, maxHours: 0.00005 } });
  try {
    await createUser(brief, 'brief', 'viewer');
    const sess = await signIn(brief, 'brief');
    await new Promise(r => setTimeout(r, 300));
    assert.equal((await brief.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: sess.headers })).statusCode, 401);
  } finally { await brief.close(); }
});

test('repeated failures lock the name out with growing delays, known or unknown, and say nothing about which', async () => {
  await createUser(s, 'bob', 'viewer');
  const login = (username: string, password: string) => s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  for (let i = 0; i < 3; i++) {
    const [known, unknown] = [await login('bob', 'wrong password!'), await login('nobody', 'wrong password!')];
    assert.equal(known.statusCode, 401);
    assert.equal(unknown.body, known.body, 'an unknown user gets the same answer');
  }
  const locked = await login('bob', TEST_PASSWORD);
  assert.equal(locked.statusCode, 429, 'even the right password waits');
  assert.equal(locked.json().error.code, 'locked_out');
  assert.equal(locked.headers['retry-after'], '1');
  assert.equal((await login('nobody', 'x')).statusCode, 429);
  await new Promise(r => setTimeout(r, 1100));
  assert.equal((await login('bob', 'still wrong!!')).statusCode, 401);
  assert.equal((await login('bob', TEST_PASSWORD)).headers['retry-after'], '2', 'the delay doubles');
  await new Promise(r => setTimeout(r, 2100));
  assert.equal((await login('bob', TEST_PASSWORD)).statusCode, 200, 'success after the delay');
  assert.equal((await login('bob', 'wrong again!')).statusCode, 401, 'and success clears the count');
});

test('sign-in attempts are rate-limited per address', async () => {
  const limited = await testServer({ rateLimits: { login: { burst: 3, perMinute: 3 } } });
  try {
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: `u${i}`, password: 'p' } })).statusCode);
    assert.deepEqual(codes, [401, 401, 401, 429, 429]);
  } finally { await limited.close(); }
});

test('a cookie session must send its CSRF token to change anything; a foreign Origin is refused', async () => {
  await createUser(s, 'carol', 'admin');
  const sess = await signIn(s, 'carol');
  const body = { name: 'csrf-test', role: 'viewer' };
  const noToken = await s.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: sess.cookie }, payload: body });
  assert.equal(noToken.statusCode, 403);
  assert.equal(noToken.json().error.code, 'csrf');
  const wrongToken = await s.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { cookie: sess.cookie, 'x-csrf-token': 'x'.repeat(43) }, payload: body });
  assert.equal(wrongToken.json().error.code, 'csrf');
  const ok = await s.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { ...sess.headers, origin: 'http://localhost:80' }, payload: body });
  assert.equal(ok.statusCode, 201, ok.body);
  const foreign = await s.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { ...sess.headers, origin: 'https://evil.example' }, payload: body });
  assert.equal(foreign.json().error.code, 'cross_origin');
  const loginCsrf = await s.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { origin: 'https://evil.example' }, payload: { username: 'carol', password: TEST_PASSWORD } });
  assert.equal(loginCsrf.statusCode, 403, 'no signing a victim in from another site');
  const read = await s.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: { cookie: sess.cookie } });
  assert.equal(read.statusCode, 200, 'reads need no CSRF token');
});

test('every response carries the security headers and a CSP the console can run under', async () => {
  for (const url of ['/api/v1/health', '/api/v1/users', '/nothing']) {
    const r = await s.app.inject({ method: 'GET', url });
    assert.equal(r.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    assert.equal(r.headers['x-frame-options'], 'DENY');
    assert.equal(r.headers['referrer-policy'], 'no-referrer');
    assert.equal(r.headers['strict-transport-security'], undefined, 'no HSTS over plain HTTP');
  }
  const csp = Object.fromEntries(CONTENT_SECURITY_POLICY.split('; ').map(d => [d.split(' ')[0], d.split(' ').slice(1)]));
  assert.deepEqual(csp['script-src'], ["'self'"], 'no inline or remote scripts, no eval');
  assert.deepEqual(csp['worker-src'], ["'self'"], 'the analyser and editor workers load from the console build, never from blob: or elsewhere');
  assert.ok(csp['style-src'].includes("'unsafe-inline'"), 'Monaco inline styles');
  assert.deepEqual(csp['frame-ancestors'], ["'none'"]);
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/v1/health' })).headers['cache-control'], 'no-store');
});

test('API tokens: shown once, stored hashed, scoped to their role, revocable', async () => {
  const create = await s.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: admin, payload: { name: 'nightly export', role: 'viewer' } });
  assert.equal(create.statusCode, 201);
  const { id, token } = create.json();
  assert.match(token, /^ppt_[A-Za-z0-9_-]{43}$/);
  const list = await s.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: admin });
  assert.ok(!list.body.includes(token), 'never shown again');
  const conn = await s.store.instance.connect();
  const stored = (await conn.runAndReadAll('SELECT token_hash FROM app.api_tokens WHERE id = $1', [id])).getRowsJS()[0][0];
  conn.closeSync();
  assert.match(String(stored), /^[0-9a-f]{64}$/);
  const asToken = { authorization: `Bearer ${token}` };
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/v1/devices', headers: asToken })).statusCode, 200);
  assert.equal((await s.app.inject({ method: 'POST', url: '/api/v1/query', headers: asToken, payload: { query: 'print 1' } })).statusCode, 403, 'viewer cannot hunt');
  assert.equal((await s.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${id}`, headers: admin })).statusCode, 204);
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/v1/devices', headers: asToken })).statusCode, 401);
});

test('device tokens write their own telemetry and read nothing', async () => {
  const device = { authorization: `Bearer ${await enrolDevice(s, 'pc-dev')}` };
  for (const [method, url] of [['GET', '/api/v1/devices'], ['POST', '/api/v1/query'], ['GET', '/api/v1/auth/me'], ['GET', '/api/v1/audit'], ['POST', '/api/v1/enrollment-keys']] as const) {
    const r = await s.app.inject({ method, url, headers: device, payload: method === 'POST' ? {} : undefined });
    assert.equal(r.statusCode, 403, `${method} ${url}: ${r.body}`);
  }
  const ingest = await s.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: device, payload: {} });
  assert.equal(ingest.statusCode, 200);
  const asUser = await s.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: admin, payload: {} });
  assert.equal(asUser.statusCode, 403, 'only devices send telemetry');
});

test('ingest is rate-limited per device', async () => {
  const limited = await testServer({ rateLimits: { ingest: { burst: 2, perMinute: 2 } } });
  try {
    const headers = { authorization: `Bearer ${await enrolDevice(limited)}` };
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await limited.app.inject({ method: 'POST', url: '/api/v1/ingest', headers, payload: {} })).statusCode);
    assert.deepEqual(codes, [200, 200, 429]);
  } finally { await limited.close(); }
});

test('every change is in the audit log with who, what, when and where; only admins read it', async () => {
  const dave = await createUser(s, 'dave', 'viewer');
  await s.app.inject({ method: 'PATCH', url: `/api/v1/users/${dave}`, headers: admin, payload: { role: 'analyst' } });
  await s.app.inject({ method: 'POST', url: '/api/v1/enrollment-keys', headers: admin, payload: { name: 'audited' } });
  const r = await s.app.inject({ method: 'GET', url: '/api/v1/audit?limit=50', headers: admin });
  assert.equal(r.statusCode, 200);
  const entries = r.json().entries as { action: string; actorKind: string; actorName: string; ip: string; at: string; target: string; details: Record<string, unknown> }[];
  const update = entries.find(e => e.action === 'user.update' && e.target === `user:${dave}`)!;
  assert.equal(update.actorKind, 'bootstrap');
  assert.equal(update.ip, '127.0.0.1');
  assert.equal(update.details.role, 'analyst');
  assert.ok(Date.now() - Date.parse(update.at) < 60_000);
  assert.ok(entries.some(e => e.action === 'POST /api/v1/enrollment-keys'), 'routes without their own entry are logged by the generic hook');
  assert.ok(entries.some(e => e.action === 'auth.login' && (e as { outcome?: string }).outcome === 'failure'), 'failed sign-ins are logged');
  const filtered = await s.app.inject({ method: 'GET', url: '/api/v1/audit?action=user.&actor=admin%20token', headers: admin });
  assert.ok(filtered.json().entries.length > 0 && filtered.json().entries.every((e: { action: string }) => e.action.startsWith('user.')));
  const viewer = await createToken(s, 'analyst');
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/v1/audit', headers: { authorization: `Bearer ${viewer}` } })).statusCode, 403);
  const bad = await s.app.inject({ method: 'GET', url: "/api/v1/audit?limit=1;DROP", headers: admin });
  assert.equal(bad.statusCode, 400);
});

test('the last admin cannot be removed, demoted or disabled; a disabled user is signed out', async () => {
  const store = await Store.open();
  const solo = await buildServer({ store });
  try {
    const setup = await solo.app.inject({ method: 'POST', url: '/api/v1/auth/setup', payload: { setupToken: solo.setupToken, username: 'only', password: TEST_PASSWORD } });
    const headers = { cookie: sessionCookie(setup), 'x-csrf-token': setup.json().csrfToken };
    const id = setup.json().user.id;
    const demote = await solo.app.inject({ method: 'PATCH', url: `/api/v1/users/${id}`, headers, payload: { role: 'viewer' } });
    assert.equal(demote.statusCode, 409);
    assert.equal((await solo.app.inject({ method: 'DELETE', url: `/api/v1/users/${id}`, headers })).statusCode, 409);
    const other = await solo.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { username: 'eve', role: 'viewer', password: TEST_PASSWORD } });
    assert.equal(other.statusCode, 201);
    const eve = await signIn(solo, 'eve');
    await solo.app.inject({ method: 'PATCH', url: `/api/v1/users/${other.json().id}`, headers, payload: { disabled: true } });
    assert.equal((await solo.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: eve.headers })).statusCode, 401);
    assert.equal((await solo.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'eve', password: TEST_PASSWORD } })).statusCode, 401);
  } finally { await solo.app.close(); store.close(); }
});

test('a password change needs the current one and ends the other sessions', async () => {
  await createUser(s, 'frank', 'viewer');
  const [a, b] = [await signIn(s, 'frank'), await signIn(s, 'frank')];
  const wrong = await s.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: a.headers, payload: { currentPassword: 'nope', newPassword: 'a new long passphrase' } });
  assert.equal(wrong.statusCode, 403);
  const ok = await s.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: a.headers, payload: { currentPassword: TEST_PASSWORD, newPassword: 'a new long passphrase' } });
  assert.equal(ok.statusCode, 204, ok.body);
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: a.headers })).statusCode, 200);
  assert.equal((await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: b.headers })).statusCode, 401);
  await signIn(s, 'frank', 'a new long passphrase');
});

test('bodies are limited everywhere: 1 MiB for the API, the ingest limit only for ingest', async () => {
  const big = JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) });
  const r = await s.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'content-type': 'application/json' }, payload: big });
  assert.equal(r.statusCode, 413);
  const device = { authorization: `Bearer ${await enrolDevice(s, 'pc-big')}`, 'content-type': 'application/json' };
  const ingest = await s.app.inject({ method: 'POST', url: '/api/v1/ingest', headers: device, payload: JSON.stringify({ events: ['x'.repeat(900_000), 'y'.repeat(900_000)] }) });
  assert.notEqual(ingest.statusCode, 413, 'ingest takes larger batches');
  const anonymousBig = await s.app.inject({ method: 'POST', url: '/api/v1/users', headers: { 'content-type': 'application/json' }, payload: big });
  assert.equal(anonymousBig.statusCode, 401, 'anonymous callers are refused before the body is read');
});

test('requests authenticate while a writer holds the write connection in a failed transaction', async () => {
  // the ingest writer's optimistic key insert can fail and leave its transaction aborted until it rolls back;
  // sign-in lookups made meanwhile must not run on that connection (they answered 500 "transaction is aborted")
  await createUser(s, 'wanda', 'analyst');
  const session = await signIn(s, 'wanda');
  const token = await createToken(s, 'viewer', 'reader during a write');
  const deviceToken = await enrolDevice(s, 'srv-during-write');
  const first = await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
  assert.equal(first.statusCode, 200, 'the token is used once before, so its use is not written again now');
  const conn = s.context.writeConn;
  await conn.run('BEGIN TRANSACTION');
  await assert.rejects(conn.run("SELECT error('a key conflict')"));
  try {
    const bySession = await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: session.headers });
    assert.equal(bySession.statusCode, 200, bySession.body);
    const byToken = await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    assert.equal(byToken.statusCode, 200, byToken.body);
    assert.deepEqual(await s.context.registry.deviceForToken(deviceToken), { deviceId: (await s.context.registry.listDevices()).find(d => d.deviceName === 'srv-during-write')!.deviceId, deviceName: 'srv-during-write' });
    for (const url of ['/api/v1/users', '/api/v1/tokens', '/api/v1/enrollment-keys', '/api/v1/audit']) {
      const list = await s.app.inject({ method: 'GET', url, headers: admin });
      assert.equal(list.statusCode, 200, `${url}: ${list.body}`);
    }
  } finally {
    await conn.run('ROLLBACK');
  }
});
