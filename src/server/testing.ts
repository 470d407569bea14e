/** Test helpers for the HTTP API: a server with a user of each role, signed in, and an API token of each role. */
import type { LightMyRequestResponse } from 'fastify';
import { Store } from '../store/duckdb.js';
import { buildServer, type Server, type ServerOptions } from './app.js';
import type { Role } from './permissions.js';

export const TEST_ADMIN_TOKEN = 'pat_test-bootstrap-admin-token';
export const TEST_PASSWORD = 'correct horse battery staple';

export interface Session { cookie: string; csrfToken: string; headers: Record<string, string> }

export function sessionCookie(res: LightMyRequestResponse): string {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const c = list.find(x => /^(__Host-)?picket_session=/.test(x));
  if (!c) throw new Error(`no session cookie in ${JSON.stringify(raw)}`);
  return c.split(';')[0];
}

export async function testServer(options: Partial<ServerOptions> = {}): Promise<Server & { store: Store; close(): Promise<void> }> {
  const store = await Store.open();
  const server = await buildServer({ store, adminToken: TEST_ADMIN_TOKEN, rateLimits: { login: { burst: 1000, perMinute: 1000 } }, ...options });
  return { ...server, store, close: async () => { await server.app.close(); store.close(); } };
}

export async function createUser(s: Server, username: string, role: Role, password = TEST_PASSWORD): Promise<string> {
  const r = await s.app.inject({ method: 'POST', url: '/api/v1/users', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, payload: { username, role, password } });
  if (r.statusCode !== 201) throw new Error(`create user: ${r.statusCode} ${r.body}`);
  return r.json().id as string;
}

export async function signIn(s: Server, username: string, password = TEST_PASSWORD): Promise<Session> {
  const r = await s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (r.statusCode !== 200) throw new Error(`login: ${r.statusCode} ${r.body}`);
  const cookie = sessionCookie(r);
  const csrfToken = r.json().csrfToken as string;
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken } };
}

export async function createToken(s: Server, role: Role, name = `${role} script`): Promise<string> {
  const r = await s.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, payload: { name, role } });
  if (r.statusCode !== 201) throw new Error(`create token: ${r.statusCode} ${r.body}`);
  return r.json().token as string;
}

export async function enrolDevice(s: Server, name = 'srv-test'): Promise<string> {
  const key = (await s.app.inject({ method: 'POST', url: '/api/v1/enrollment-keys', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, payload: { name: 'k' } })).json();
  const r = await s.app.inject({ method: 'POST', url: '/api/v1/enroll', payload: { enrollmentKey: key.secret, deviceName: name } });
  return r.json().deviceToken as string;
}
