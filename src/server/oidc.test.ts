/**
 * Single sign-on against a real (if minimal) OpenID Connect provider started here: discovery, JWKS, authorization
 * and token endpoints, RS256 id_tokens. Covers role mapping from a claim, role changes at the provider, and
 * the id_token checks (signature, algorithm, issuer, audience, expiry, nonce) and state binding.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server as HttpServer } from 'node:http';
import { createHash, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { oidcConfigFromEnv } from '../accounts/oidc.js';
import { createUser, sessionCookie, testServer } from './testing.js';

type Tamper = 'none' | 'alg-none' | 'other-key' | 'audience' | 'nonce' | 'expired' | 'issuer';

/** The provider: signs in whoever `provider.user` says, with the claims it says, tampered as `provider.tamper` says. */
const provider = {
  issuer: '', tamper: 'none' as Tamper,
  user: { sub: 'u-1', preferred_username: 'ada@example.com', name: 'Ada Lovelace', roles: ['Picket.Admin'] as unknown },
  codes: new Map<string, { nonce: string; challenge: string; clientId: string; redirectUri: string }>(),
};
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const b64 = (v: object | Buffer) => (Buffer.isBuffer(v) ? v : Buffer.from(JSON.stringify(v))).toString('base64url');

function sign(header: object, claims: object, key: KeyObject): string {
  const data = `${b64(header)}.${b64(claims)}`;
  return `${data}.${createSign('RSA-SHA256').update(data).sign(key).toString('base64url')}`;
}

let http: HttpServer;
before(async () => {
  http = createServer((req, res) => {
    const url = new URL(req.url!, provider.issuer);
    const json = (status: number, body: object) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(body)); };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, { issuer: provider.issuer, authorization_endpoint: `${provider.issuer}/authorize`, token_endpoint: `${provider.issuer}/token`,
        jwks_uri: `${provider.issuer}/jwks`, token_endpoint_auth_methods_supported: ['client_secret_basic'], id_token_signing_alg_values_supported: ['RS256'] });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] });
    if (url.pathname === '/authorize') {
      const p = url.searchParams;
      assert.equal(p.get('response_type'), 'code');
      assert.equal(p.get('code_challenge_method'), 'S256');
      const code = `code-${provider.codes.size}`;
      provider.codes.set(code, { nonce: p.get('nonce')!, challenge: p.get('code_challenge')!, clientId: p.get('client_id')!, redirectUri: p.get('redirect_uri')! });
      const back = new URL(p.get('redirect_uri')!);
      back.search = new URLSearchParams({ code, state: p.get('state')! }).toString();
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', c => { body += c; });
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const grant = provider.codes.get(form.get('code') ?? '');
        const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString();
        if (!grant || basic !== 'picket-client:s3cret' || form.get('redirect_uri') !== grant.redirectUri) return json(400, { error: 'invalid_grant' });
        if (createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') !== grant.challenge) return json(400, { error: 'invalid_grant' });
        provider.codes.delete(form.get('code')!);
        const now = Math.floor(Date.now() / 1000);
        const t = provider.tamper;
        const claims = { iss: t === 'issuer' ? 'https://evil.example' : provider.issuer, aud: t === 'audience' ? 'someone-else' : grant.clientId,
          exp: t === 'expired' ? now - 3600 : now + 300, iat: now, nonce: t === 'nonce' ? 'replayed' : grant.nonce, ...provider.user };
        const idToken = t === 'alg-none' ? `${b64({ alg: 'none' })}.${b64(claims)}.`
          : sign({ alg: 'RS256', kid: 'k1', typ: 'JWT' }, claims, t === 'other-key' ? other.privateKey : privateKey);
        json(200, { access_token: 'at', token_type: 'Bearer', id_token: idToken });
      });
      return;
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>(r => http.listen(0, '127.0.0.1', r));
  provider.issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
after(() => new Promise<void>(r => http.close(() => r())));

async function sso(s: Awaited<ReturnType<typeof testServer>>, options: { dropStateCookie?: boolean } = {}) {
  const start = await s.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/login' });
  assert.equal(start.statusCode, 302, start.body);
  const stateCookie = String(start.headers['set-cookie']).split(';')[0];
  assert.match(String(start.headers['set-cookie']), /picket_oidc=.*Path=\/api\/v1\/auth\/oidc; SameSite=Lax; HttpOnly/);
  const atProvider = await fetch(String(start.headers.location), { redirect: 'manual' });
  const back = new URL(atProvider.headers.get('location')!);
  return s.app.inject({ method: 'GET', url: back.pathname + back.search, headers: options.dropStateCookie ? {} : { cookie: stateCookie } });
}

function server() {
  const oidc = oidcConfigFromEnv({
    PICKET_OIDC_ISSUER: provider.issuer, PICKET_OIDC_CLIENT_ID: 'picket-client', PICKET_OIDC_CLIENT_SECRET: 's3cret',
    PICKET_OIDC_ROLE_MAP: 'Picket.Admin=admin,Picket.Analyst=analyst,Picket.Viewer=viewer',
  }, 'http://localhost');
  return testServer({ oidc });
}

test('a provider user signs in with the role its claim maps to, and follows role changes', async () => {
  const s = await server();
  try {
    provider.tamper = 'none';
    provider.user = { sub: 'u-1', preferred_username: 'ada@example.com', name: 'Ada Lovelace', roles: ['Picket.Viewer', 'Picket.Admin'] };
    const status = await s.app.inject({ method: 'GET', url: '/api/v1/auth/status' });
    assert.equal(status.json().sso.enabled, true);
    const done = await sso(s);
    assert.equal(done.statusCode, 302, done.body);
    assert.equal(done.headers.location, '/');
    const me = await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: sessionCookie(done) } });
    assert.deepEqual([me.json().name, me.json().role], ['ada@example.com', 'admin'], 'the highest mapped role wins');
    provider.user = { ...provider.user, roles: 'Picket.Analyst' };
    const again = await sso(s);
    const me2 = await s.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: sessionCookie(again) } });
    assert.equal(me2.json().role, 'analyst');
    const users = await s.app.inject({ method: 'GET', url: '/api/v1/users', headers: { authorization: 'Bearer pat_test-bootstrap-admin-token' } });
    assert.equal(users.json().users.filter((u: { source: string }) => u.source === 'oidc').length, 1, 'one account per provider subject');
    // single-sign-on accounts have no password to guess
    const pw = await s.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ada@example.com', password: 'anything at all' } });
    assert.equal(pw.statusCode, 401);
    provider.user = { ...provider.user, roles: ['Other.Role'] };
    const none = await sso(s);
    assert.equal(none.statusCode, 403);
    assert.match(none.json().error.message, /no Picket role/);
  } finally { await s.close(); }
});

test('forged, misdirected, expired or replayed id_tokens and foreign states are refused', async () => {
  const s = await server();
  try {
    provider.user = { sub: 'u-2', preferred_username: 'mallory', name: 'M', roles: ['Picket.Admin'] };
    for (const tamper of ['alg-none', 'other-key', 'audience', 'nonce', 'expired', 'issuer'] as Tamper[]) {
      provider.tamper = tamper;
      const r = await sso(s);
      assert.equal(r.statusCode, 403, `${tamper}: ${r.body}`);
      assert.equal(r.json().error.code, 'sso_failed', tamper);
      assert.equal(r.headers['set-cookie'] && /picket_session=[^;]/.test(String(r.headers['set-cookie'])), false, `${tamper}: no session`);
    }
    provider.tamper = 'none';
    const noState = await sso(s, { dropStateCookie: true });
    assert.equal(noState.statusCode, 400, 'a callback not started in this browser is refused');
    const replay = await s.app.inject({ method: 'GET', url: '/api/v1/auth/oidc/callback?code=code-0&state=made-up' });
    assert.equal(replay.statusCode, 400);
  } finally { await s.close(); }
});

test('a provider user whose name belongs to a local account is not merged into it', async () => {
  const s = await server();
  try {
    await createUser(s, 'grace', 'viewer');
    provider.tamper = 'none';
    provider.user = { sub: 'u-3', preferred_username: 'grace', name: 'Grace', roles: ['Picket.Admin'] };
    const r = await sso(s);
    assert.equal(r.statusCode, 409);
  } finally { await s.close(); }
});

test('configuration from the environment: role map, default role and its mistakes', () => {
  assert.equal(oidcConfigFromEnv({}), null);
  const c = oidcConfigFromEnv({ PICKET_OIDC_ISSUER: 'https://login.microsoftonline.com/t/v2.0', PICKET_OIDC_CLIENT_ID: 'c', PICKET_OIDC_ROLE_MAP: 'g1=viewer, a=b=admin', PICKET_OIDC_DEFAULT_ROLE: 'viewer' }, 'https://picket.example/');
  assert.deepEqual(c?.roleMap, { g1: 'viewer', 'a=b': 'admin' });
  assert.equal(c?.redirectUri, 'https://picket.example/api/v1/auth/oidc/callback');
  assert.throws(() => oidcConfigFromEnv({ PICKET_OIDC_ISSUER: 'https://x', PICKET_OIDC_CLIENT_ID: 'c', PICKET_OIDC_ROLE_MAP: 'g=root' }, 'https://p'));
  assert.throws(() => oidcConfigFromEnv({ PICKET_OIDC_ISSUER: 'https://x' }, 'https://p'));
});
