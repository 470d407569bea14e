/**
 * Signing in and out: first-admin setup with the one-time setup token, password login (rate-limited per address,
 * locked out with backoff per user name), logout, the caller's identity, password change, and single sign-on.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { SESSION_COOKIE } from '../auth.js';
import { recordAudit } from '../access.js';
import { clearCookie, getCookie, setCookie } from '../cookies.js';
import { PASSWORD_MAX, passwordProblem, verifyNothing, verifyPassword } from '../../accounts/passwords.js';
import { USERNAME_PATTERN, type User } from '../../accounts/users.js';
import { OidcError, type PendingLogin } from '../../accounts/oidc.js';

const Username = Type.String({ minLength: 1, maxLength: 128 });
const Password = Type.String({ minLength: 1, maxLength: PASSWORD_MAX });
const OIDC_COOKIE = 'picket_oidc';
const OIDC_PATH = '/api/v1/auth/oidc';

export function publicUser(u: User) {
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, source: u.source, createdAt: u.createdAt, lastLoginAt: u.lastLoginAt, disabled: u.disabled };
}

export function authRoutes(cx: ServerContext): FastifyPluginAsync {
  const { accounts } = cx;
  const pendingSso = new Map<string, PendingLogin>();

  async function startSession(req: FastifyRequest, reply: FastifyReply, user: { id: string; username: string; displayName: string; role: string }) {
    // a new id at every sign-in (no session fixation); the old session, if any, ends
    const old = getCookie(req, SESSION_COOKIE);
    const oldSession = old ? await accounts.sessions.find(old) : null;
    const session = await cx.writes.run(async () => {
      if (oldSession) await accounts.sessions.end(oldSession.idHash);
      await accounts.users.recordLogin(user.id);
      return accounts.sessions.create(user.id, { ip: req.ip, userAgent: req.headers['user-agent'] });
    });
    setCookie(req, reply, SESSION_COOKIE, session.id, { maxAgeSeconds: accounts.sessions.policy.maxHours * 3600 });
    return { user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role }, csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString() };
  }

  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.get('/api/v1/auth/status', { config: { access: 'public' } }, async () => ({
      setupRequired: (await accounts.users.count()) === 0,
      sso: accounts.oidc ? { enabled: true, label: accounts.oidc.config.label, loginUrl: `${OIDC_PATH}/login` } : { enabled: false },
    }));

    r.post('/api/v1/auth/setup', {
      config: { access: 'public' },
      schema: { body: Type.Object({ setupToken: Type.String({ minLength: 1, maxLength: 200 }), username: Username, password: Password, displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false }) },
    }, async (req, reply) => {
      cx.rateLimits.login.take(req.ip, 'sign-in attempts');
      const { setupToken, username, password, displayName } = req.body;
      if (!accounts.setup.matches(setupToken)) {
        await recordAudit(cx, req, { action: 'auth.setup', outcome: 'denied', status: 403 });
        throw new HttpError(403, 'invalid_setup_token', 'The setup token is not valid (it works once, and only until the first admin exists).', 'setupToken');
      }
      if (!new RegExp(USERNAME_PATTERN).test(username)) throw new HttpError(400, 'invalid_username', 'A user name is letters, digits and . _ @ + -.', 'username');
      const problem = passwordProblem(password, username);
      if (problem) throw new HttpError(400, 'weak_password', problem, 'password');
      const user = await cx.writes.run(async () => {
        if ((await accounts.users.count()) > 0) return null;
        return accounts.users.create({ username, displayName, role: 'admin', password });
      });
      accounts.setup.spend();
      if (!user) throw new HttpError(403, 'invalid_setup_token', 'An admin already exists; sign in instead.', 'setupToken');
      const answer = await startSession(req, reply, user);
      await recordAudit(cx, req, { action: 'auth.setup', actor: null, target: `user:${user.id}`, details: { username }, status: 201 });
      return reply.status(201).send(answer);
    });

    r.post('/api/v1/auth/login', {
      config: { access: 'public' },
      schema: { body: Type.Object({ username: Username, password: Password }, { additionalProperties: false }) },
    }, async (req, reply) => {
      cx.rateLimits.login.take(req.ip, 'sign-in attempts');
      const { username, password } = req.body;
      const wait = accounts.lockout.retryAfter(username);
      if (wait > 0) {
        await recordAudit(cx, req, { action: 'auth.login', actor: null, target: `username:${username}`, outcome: 'denied', status: 429, details: { reason: 'locked out' } });
        throw Object.assign(new HttpError(429, 'locked_out', 'Too many failed sign-ins for this user; retry after the delay in Retry-After.'), { retryAfter: wait });
      }
      const found = await accounts.users.forLogin(username);
      const usable = found && found.passwordHash && !found.user.disabled;
      const ok = usable ? await verifyPassword(found.passwordHash!, password) : await verifyNothing(password);
      if (!ok || !found) {
        accounts.lockout.failed(username);
        await recordAudit(cx, req, { action: 'auth.login', actor: null, target: `username:${username}`, outcome: 'failure', status: 401 });
        // one answer for unknown user, wrong password, disabled and single-sign-on-only accounts
        throw new HttpError(401, 'invalid_credentials', 'The user name or password is not right.');
      }
      accounts.lockout.succeeded(username);
      const answer = await startSession(req, reply, found.user);
      await recordAudit(cx, req, { action: 'auth.login', actor: { kind: 'user', id: found.user.id, name: found.user.username }, status: 200 });
      return answer;
    });

    r.post('/api/v1/auth/logout', { config: { access: 'session', audit: false } }, async (req, reply) => {
      const p = cx.auth.requireSessionUser(req);
      await cx.writes.run(() => accounts.sessions.end(p.session.idHash));
      clearCookie(req, reply, SESSION_COOKIE);
      await recordAudit(cx, req, { action: 'auth.logout', status: 204 });
      return reply.status(204).send();
    });

    r.get('/api/v1/auth/me', async req => {
      const p = cx.auth.requirePrincipal(req);
      return {
        kind: p.kind, id: p.id, name: p.name, role: 'role' in p ? p.role : null, permissions: cx.auth.permissionsOf(p),
        ...(p.kind === 'user' ? { csrfToken: p.session.csrfToken, expiresAt: p.session.expiresAt.toISOString() } : {}),
      };
    });

    r.post('/api/v1/auth/password', {
      config: { access: 'session', audit: false },
      schema: { body: Type.Object({ currentPassword: Password, newPassword: Password }, { additionalProperties: false }) },
    }, async (req, reply) => {
      const p = cx.auth.requireSessionUser(req);
      cx.rateLimits.login.take(req.ip, 'password attempts');
      const wait = accounts.lockout.retryAfter(p.name);
      if (wait > 0) throw Object.assign(new HttpError(429, 'locked_out', 'Too many failed attempts; retry after the delay in Retry-After.'), { retryAfter: wait });
      const found = await accounts.users.forLogin(p.name);
      if (!found?.passwordHash) throw new HttpError(409, 'no_password', 'This account signs in through single sign-on and has no password here.');
      if (!(await verifyPassword(found.passwordHash, req.body.currentPassword))) {
        accounts.lockout.failed(p.name);
        await recordAudit(cx, req, { action: 'auth.password', outcome: 'failure', status: 403 });
        throw new HttpError(403, 'invalid_credentials', 'The current password is not right.', 'currentPassword');
      }
      const problem = passwordProblem(req.body.newPassword, p.name);
      if (problem) throw new HttpError(400, 'weak_password', problem, 'newPassword');
      await cx.writes.run(async () => {
        await accounts.users.setPassword(p.id, req.body.newPassword);
        await accounts.sessions.endAllFor(p.id, p.session.idHash);
      });
      await recordAudit(cx, req, { action: 'auth.password', target: `user:${p.id}`, status: 204 });
      return reply.status(204).send();
    });

    r.get(`${OIDC_PATH}/login`, { config: { access: 'public' } }, async (req, reply) => {
      if (!accounts.oidc) throw new HttpError(404, 'sso_disabled', 'Single sign-on is not configured.');
      cx.rateLimits.login.take(req.ip, 'sign-in attempts');
      const { url, pending } = await accounts.oidc.begin().catch(err => { throw ssoError(err); });
      // bounded: old attempts go first, and none lives past ten minutes
      for (const [k, v] of pendingSso) if (pendingSso.size >= 1000 || Date.now() - v.createdAt > 600_000) pendingSso.delete(k); else break;
      pendingSso.set(pending.state, pending);
      // SameSite=Lax: the provider's redirect back is a top-level cross-site GET, which Lax cookies accompany
      setCookie(req, reply, OIDC_COOKIE, pending.state, { path: OIDC_PATH, maxAgeSeconds: 600 });
      return reply.redirect(url, 302);
    });

    r.get(`${OIDC_PATH}/callback`, {
      config: { access: 'public' },
      schema: { querystring: Type.Object({ code: Type.Optional(Type.String({ maxLength: 4096 })), state: Type.Optional(Type.String({ maxLength: 200 })), error: Type.Optional(Type.String({ maxLength: 200 })), error_description: Type.Optional(Type.String({ maxLength: 2000 })), session_state: Type.Optional(Type.String({ maxLength: 500 })), iss: Type.Optional(Type.String({ maxLength: 500 })) }) },
    }, async (req, reply) => {
      if (!accounts.oidc) throw new HttpError(404, 'sso_disabled', 'Single sign-on is not configured.');
      cx.rateLimits.login.take(req.ip, 'sign-in attempts');
      const { code, state, error } = req.query;
      if (error) throw new HttpError(403, 'sso_refused', `The identity provider refused the sign-in (${error}).`);
      const pending = state ? pendingSso.get(state) : undefined;
      // the state must be this browser's own (the cookie), so nobody can sign a victim into their account
      if (!code || !state || !pending || getCookie(req, OIDC_COOKIE) !== state || Date.now() - pending.createdAt > 600_000) {
        throw new HttpError(400, 'sso_state', 'This sign-in attempt is unknown or expired; start again.');
      }
      pendingSso.delete(state);
      clearCookie(req, reply, OIDC_COOKIE, { path: OIDC_PATH });
      let identity;
      try {
        identity = await accounts.oidc.complete(code, pending);
      } catch (err) {
        await recordAudit(cx, req, { action: 'auth.sso', actor: null, outcome: 'failure', status: 403, details: { reason: err instanceof Error ? err.message : String(err) } });
        throw ssoError(err);
      }
      const user = await cx.writes.run(async () => {
        const existing = await accounts.users.bySubject(identity.subject);
        // the provider is the source of truth for SSO users: role and name follow it at every sign-in
        if (existing) return existing.disabled ? existing : accounts.users.update(existing.id, { role: identity.role, displayName: identity.displayName }, true);
        const taken = await accounts.users.forLogin(identity.username);
        if (taken) return null;
        return accounts.users.create({ username: identity.username, displayName: identity.displayName, role: identity.role, subject: identity.subject });
      });
      if (!user) throw new HttpError(409, 'username_taken', `A local account named ${identity.username} exists; an admin must rename or remove it before ${identity.username} can use single sign-on.`);
      if (user.disabled) throw new HttpError(403, 'account_disabled', 'This account is disabled.');
      await startSession(req, reply, user);
      await recordAudit(cx, req, { action: 'auth.sso', actor: { kind: 'user', id: user.id, name: user.username }, details: { role: user.role }, status: 302 });
      return reply.redirect('/', 302);
    });
  };
}

function ssoError(err: unknown): HttpError {
  if (err instanceof OidcError) return new HttpError(403, 'sso_failed', err.message);
  return new HttpError(502, 'sso_unreachable', 'The identity provider could not be reached.');
}
