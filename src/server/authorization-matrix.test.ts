/**
 * The authorisation matrix: every API route, enumerated from the running app (so a route added later is covered
 * or makes this test fail until it is classified), called with no credentials, a device token, an API token of
 * each role and a cookie session of each role. Each answer must match what the route's class allows.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { routesOf } from './access.js';
import { ROLES, roleAllows, type Permission, type Role } from './permissions.js';
import { createToken, createUser, enrolDevice, signIn, testServer } from './testing.js';

/** public: anyone; device: device tokens only; any: any identified person or script; session: a signed-in person. */
type Expect = 'public' | 'device' | 'any' | 'session' | Permission;

const EXPECTED: Record<string, Expect> = {
  'GET /api/v1/functions': 'read',
  'GET /api/v1/functions/:id': 'read',
  'POST /api/v1/functions': 'hunt',
  'PUT /api/v1/functions/:id': 'hunt',
  'DELETE /api/v1/functions/:id': 'hunt',
  'GET /api/v1/saved-queries': 'read',
  'GET /api/v1/saved-queries/:id': 'read',
  'POST /api/v1/saved-queries': 'hunt',
  'PUT /api/v1/saved-queries/:id': 'hunt',
  'DELETE /api/v1/saved-queries/:id': 'hunt',
  'GET /api/v1/health': 'public',
  'GET /api/v1/auth/status': 'public',
  'POST /api/v1/auth/setup': 'public',
  'POST /api/v1/auth/login': 'public',
  'GET /api/v1/auth/oidc/login': 'public',
  'GET /api/v1/auth/oidc/callback': 'public',
  'POST /api/v1/enroll': 'public',
  'POST /api/v1/ingest': 'device',
  'GET /api/v1/auth/me': 'any',
  'POST /api/v1/auth/logout': 'session',
  'POST /api/v1/auth/password': 'session',
  'GET /api/v1/audit': 'admin',
  'GET /api/v1/users': 'admin',
  'POST /api/v1/users': 'admin',
  'PATCH /api/v1/users/:id': 'admin',
  'DELETE /api/v1/users/:id': 'admin',
  'GET /api/v1/tokens': 'admin',
  'POST /api/v1/tokens': 'admin',
  'DELETE /api/v1/tokens/:id': 'admin',
  'GET /api/v1/enrollment-keys': 'admin',
  'POST /api/v1/enrollment-keys': 'admin',
  'DELETE /api/v1/enrollment-keys/:id': 'admin',
  'GET /api/v1/devices': 'read',
  'GET /api/v1/devices/:id': 'read',
  'GET /api/v1/devices/:id/timeline': 'read',
  'GET /api/v1/devices/:id/detections': 'read',
  'GET /api/v1/fleet/summary': 'read',
  'GET /api/v1/schema': 'read',
  'POST /api/v1/query': 'hunt',
  'GET /api/v1/alerts': 'read',
  'GET /api/v1/alerts/:id': 'read',
  'PATCH /api/v1/alerts/:id': 'triage',
  'GET /api/v1/incidents': 'read',
  'GET /api/v1/incidents/:id': 'read',
  'PATCH /api/v1/incidents/:id': 'triage',
  'POST /api/v1/incidents/:id/comments': 'triage',
  'GET /api/v1/rules': 'read',
  'GET /api/v1/rules/:id': 'read',
  'GET /api/v1/rules/:id/runs': 'read',
  'POST /api/v1/rules': 'rules',
  'POST /api/v1/rules/validate': 'rules',
  'POST /api/v1/rules/preview': 'rules',
  'PUT /api/v1/rules/:id': 'rules',
  'PATCH /api/v1/rules/:id': 'rules',
  'DELETE /api/v1/rules/:id': 'rules',
  'POST /api/v1/rules/:id/copy': 'rules',
  'POST /api/v1/rules/:id/run': 'rules',
  'POST /api/v1/rules/:id/preview': 'rules',
  'GET /api/v1/notifications/channels': 'admin',
  'POST /api/v1/notifications/channels': 'admin',
  'GET /api/v1/notifications/channels/:id': 'admin',
  'PATCH /api/v1/notifications/channels/:id': 'admin',
  'DELETE /api/v1/notifications/channels/:id': 'admin',
  'POST /api/v1/notifications/channels/:id/test': 'admin',
  'GET /api/v1/notifications/subscriptions': 'admin',
  'POST /api/v1/notifications/subscriptions': 'admin',
  'GET /api/v1/notifications/subscriptions/:id': 'admin',
  'PATCH /api/v1/notifications/subscriptions/:id': 'admin',
  'DELETE /api/v1/notifications/subscriptions/:id': 'admin',
  'GET /api/v1/notifications/outbox': 'admin',
  'GET /api/v1/notifications/outbox/:id': 'admin',
  'POST /api/v1/notifications/outbox/:id/retry': 'admin',
  'POST /api/v1/devices/:id/actions': 'triage',
  'GET /api/v1/devices/:id/actions': 'read',
  'GET /api/v1/actions': 'read',
  'GET /api/v1/agent/actions': 'device',
  'POST /api/v1/agent/actions/:id/outcome': 'device',
  'GET /api/v1/onboarding/package': 'admin',
  'POST /api/v1/onboarding/package': 'admin',
};

/** Error codes that mean "not allowed"; an allowed caller may still get 400, 404, 409… but never these. */
const REFUSALS = new Set(['unauthenticated', 'forbidden', 'csrf', 'cross_origin']);

type Caller = { label: string; headers: Record<string, string>; role?: Role; device?: boolean; session?: boolean };

let s: Awaited<ReturnType<typeof testServer>>;
const callers: Caller[] = [];
before(async () => {
  s = await testServer({ rules: { startScheduler: false } } as never);
  callers.push({ label: 'anonymous', headers: {} });
  callers.push({ label: 'device', headers: { authorization: `Bearer ${await enrolDevice(s, 'matrix-pc')}` }, device: true });
  for (const role of ROLES) {
    callers.push({ label: `${role} token`, headers: { authorization: `Bearer ${await createToken(s, role)}` }, role });
    await createUser(s, `matrix-${role}`, role);
    callers.push({ label: `${role} session`, headers: (await signIn(s, `matrix-${role}`)).headers, role, session: true });
  }
});
after(async () => { await s.close(); });

function expected(rule: Expect, c: Caller): 'allowed' | 401 | 403 | 'any' {
  if (rule === 'public') return 'any';
  if (!c.device && !c.role) return 401;
  if (rule === 'device') return c.device ? 'allowed' : 403;
  if (c.device) return 403;
  if (rule === 'any') return 'allowed';
  if (rule === 'session') return c.session ? 'allowed' : 403;
  return roleAllows(c.role!, rule) ? 'allowed' : 403;
}

test('every route answers every caller as its class says', async () => {
  const routes = routesOf(s.app).filter(r => r.method !== 'HEAD' && r.url.startsWith('/api/'));
  const unclassified = routes.map(r => `${r.method} ${r.url}`).filter(k => !(k in EXPECTED));
  assert.deepEqual(unclassified, [], 'routes missing from the authorisation matrix: add each to EXPECTED (and declare its permission)');
  assert.ok(routes.length >= 20, `only ${routes.length} routes found`);
  // logout ends the session it is called with: it goes last
  routes.sort((a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')));
  const wrong: string[] = [];
  for (const route of routes) {
    const rule = EXPECTED[`${route.method} ${route.url}`];
    const url = route.url.replace(/:[A-Za-z]+/g, '0000000000000000');
    for (const c of callers) {
      const res = await s.app.inject({ method: route.method as 'GET', url, headers: c.headers, ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { payload: {} } : {}) });
      const code = res.body.startsWith('{') ? (res.json() as { error?: { code?: string } }).error?.code : undefined;
      const want = expected(rule, c);
      const got = res.statusCode;
      const ok = got < 500 && (want === 'any' || (want === 'allowed' ? !REFUSALS.has(code ?? '') : got === want && REFUSALS.has(code ?? '')));
      if (!ok) wrong.push(`${route.method} ${route.url} as ${c.label}: expected ${want}, got ${got} ${code ?? ''}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('every response in the matrix carries the security headers', async () => {
  const r = await s.app.inject({ method: 'GET', url: '/api/v1/rules' });
  assert.equal(r.statusCode, 401);
  assert.ok(r.headers['content-security-policy']);
  assert.equal(r.headers['cache-control'], 'no-store');
});
