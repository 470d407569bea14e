/**
 * Who is calling. Every request is identified once, before its body is read (see access.ts): a bearer token (the
 * bootstrap admin token, an API token or a device token) or a session cookie. Routes then ask `require(req,
 * permission)`, which is synchronous and answers from what was identified: 401 without credentials, 403 without
 * the permission. Device tokens hold no permission at all: they only send their own device's telemetry.
 */
import type { FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import { hashSecret } from '../devices/secrets.js';
import type { Registry } from '../devices/registry.js';
import type { Accounts } from '../accounts/index.js';
import type { ActiveSession } from '../accounts/sessions.js';
import type { Mutex } from './overload.js';
import { getCookie } from './cookies.js';
import { HttpError } from './errors.js';
import { roleAllows, ROLE_PERMISSIONS, type Permission, type Role } from './permissions.js';

export const SESSION_COOKIE = 'picket_session';

export type Principal =
  | { kind: 'user'; id: string; name: string; role: Role; session: ActiveSession }
  | { kind: 'token'; id: string; name: string; role: Role }
  | { kind: 'bootstrap'; id: 'admin-token'; name: 'admin token'; role: 'admin' }
  | { kind: 'device'; id: string; name: string };

interface Identity { principal: Principal | null; problem?: string }

export function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S{1,512})$/i.exec(h);
  return m ? m[1] : null;
}

export class Authenticator {
  private readonly identities = new WeakMap<FastifyRequest, Identity>();

  constructor(
    private readonly accounts: Accounts,
    private readonly registry: Registry,
    private readonly writes: Mutex,
    /** SHA-256 of the bootstrap admin token (PICKET_ADMIN_TOKEN), or null when there is none. */
    private readonly adminTokenHash: string | null,
  ) {}

  /** Identifies the caller; never throws for bad credentials (public routes must still answer). */
  async identify(req: FastifyRequest): Promise<Principal | null> {
    const identity = await this.resolve(req);
    this.identities.set(req, identity);
    return identity.principal;
  }

  principal(req: FastifyRequest): Principal | null {
    return this.identities.get(req)?.principal ?? null;
  }

  /** Throws 401 when the caller is not identified, 403 when they lack the permission. */
  require(req: FastifyRequest, permission: Permission): void {
    const p = this.requirePrincipal(req);
    if (p.kind === 'device') throw new HttpError(403, 'forbidden', 'A device token can only send its own telemetry.');
    if (!roleAllows(p.role, permission)) throw new HttpError(403, 'forbidden', `This needs the '${permission}' permission, which the ${p.role} role does not have.`);
  }

  requireAdmin(req: FastifyRequest): void {
    this.require(req, 'admin');
  }

  /** A signed-in user (cookie session), for what only a person may do: change their password, log out. */
  requireSessionUser(req: FastifyRequest): Extract<Principal, { kind: 'user' }> {
    const p = this.requirePrincipal(req);
    if (p.kind !== 'user') throw new HttpError(403, 'forbidden', 'This needs a signed-in user, not a token.');
    return p;
  }

  async requireDevice(req: FastifyRequest): Promise<{ deviceId: string; deviceName: string }> {
    if (!this.identities.has(req)) await this.identify(req);
    const p = this.requirePrincipal(req);
    if (p.kind !== 'device') throw new HttpError(403, 'forbidden', 'Only a device token may send telemetry.');
    return { deviceId: p.id, deviceName: p.name };
  }

  permissionsOf(p: Principal): Permission[] {
    return p.kind === 'device' ? [] : [...ROLE_PERMISSIONS[p.role]];
  }

  /** The identified caller; 401 when there is none. */
  requirePrincipal(req: FastifyRequest): Principal {
    const identity = this.identities.get(req);
    if (!identity?.principal) {
      throw new HttpError(401, 'unauthenticated', identity?.problem ?? 'Sign in, or send a token (Authorization: Bearer …).');
    }
    return identity.principal;
  }

  private async resolve(req: FastifyRequest): Promise<Identity> {
    const token = bearer(req);
    if (token) {
      if (this.adminTokenHash && equalHashes(hashSecret(token), this.adminTokenHash)) {
        return { principal: { kind: 'bootstrap', id: 'admin-token', name: 'admin token', role: 'admin' } };
      }
      if (!token.startsWith('pdt_')) {
        const t = await this.accounts.tokens.find(token);
        if (t) {
          if (this.accounts.tokens.dueForUse(t.id)) await this.writes.run(() => this.accounts.tokens.recordUse(t.id));
          return { principal: { kind: 'token', id: t.id, name: t.name, role: t.role } };
        }
      }
      const device = await this.registry.deviceForToken(token);
      if (device) return { principal: { kind: 'device', id: device.deviceId, name: device.deviceName } };
      return { principal: null, problem: 'The token is not valid, has expired or has been revoked.' };
    }
    if (req.headers.authorization) return { principal: null, problem: 'The Authorization header must be: Bearer <token>.' };
    const sid = getCookie(req, SESSION_COOKIE);
    if (sid) {
      const session = await this.accounts.sessions.find(sid);
      if (!session) return { principal: null, problem: 'The session has ended; sign in again.' };
      if (this.accounts.sessions.stale(session)) await this.writes.run(() => this.accounts.sessions.touch(session.idHash));
      return { principal: { kind: 'user', id: session.user.id, name: session.user.username, role: session.user.role, session } };
    }
    return { principal: null };
  }
}

export function equalHashes(a: string, b: string): boolean {
  const x = Buffer.from(a), y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
