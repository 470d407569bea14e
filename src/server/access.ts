/**
 * Access control for every route, before its body is read or validated:
 * - each route is `public`, `device` (telemetry from a device token), `session` (a signed-in person, not a
 *   token) or `user` (anyone else identified; the default, so a route added without thought is closed to
 *   anonymous callers); routes say so in `config.access` and `config.permission`, and those built before this
 *   existed are listed here;
 * - cookie-session requests that change something must carry the session's CSRF token (X-CSRF-Token), and any
 *   request with a foreign Origin that changes something is refused (login CSRF included);
 * - device routes are rate-limited per device and get the large ingest body limit; all others keep the small one;
 * - every change that reaches a route is written to the audit log when it is answered.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ServerContext } from './context.js';
import type { Principal } from './auth.js';
import { equalHashes } from './auth.js';
import { HttpError } from './errors.js';
import type { ActorKind, NewAuditEntry } from '../accounts/audit.js';
import type { Permission } from './permissions.js';

export type Access = 'public' | 'device' | 'user' | 'session';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may reach the route at all (permissions are checked by the route); default 'user'. */
    access?: Access;
    /** false: changes through this route are not written to the audit log by the generic hook. */
    audit?: boolean;
    /** The permission the route needs, checked before the body is read (the handler's require() checks again). */
    permission?: Permission;
  }
}

type RouteRule = { access?: Access; audit?: boolean; permission?: Permission };

/**
 * Routes whose files do not declare `config` themselves. A permission here is enforced before validation, so a
 * caller without it learns nothing from validation errors; the authorisation matrix test holds every route to it.
 */
const BUILT_IN: Record<string, RouteRule> = {
  'GET /api/v1/health': { access: 'public' },
  'POST /api/v1/enroll': { access: 'public' },
  // telemetry is data, not a change to Picket; queries read
  'POST /api/v1/ingest': { access: 'device', audit: false },
  'POST /api/v1/query': { audit: false, permission: 'hunt' },
  'GET /api/v1/enrollment-keys': { permission: 'admin' },
  'POST /api/v1/enrollment-keys': { permission: 'admin' },
  'DELETE /api/v1/enrollment-keys/:id': { permission: 'admin' },
  'GET /api/v1/alerts': { permission: 'read' },
  'GET /api/v1/alerts/:id': { permission: 'read' },
  'PATCH /api/v1/alerts/:id': { permission: 'triage' },
  'GET /api/v1/incidents': { permission: 'read' },
  'GET /api/v1/incidents/:id': { permission: 'read' },
  'PATCH /api/v1/incidents/:id': { permission: 'triage' },
  'POST /api/v1/incidents/:id/comments': { permission: 'triage' },
  'GET /api/v1/rules': { permission: 'read' },
  'GET /api/v1/rules/:id': { permission: 'read' },
  'GET /api/v1/rules/:id/runs': { permission: 'read' },
  'POST /api/v1/rules': { permission: 'rules' },
  'POST /api/v1/rules/validate': { permission: 'rules' },
  'POST /api/v1/rules/preview': { permission: 'rules' },
  'PUT /api/v1/rules/:id': { permission: 'rules' },
  'PATCH /api/v1/rules/:id': { permission: 'rules' },
  'DELETE /api/v1/rules/:id': { permission: 'rules' },
  'POST /api/v1/rules/:id/copy': { permission: 'rules' },
  'POST /api/v1/rules/:id/run': { permission: 'rules' },
  'POST /api/v1/rules/:id/preview': { permission: 'rules' },
};
// everything under these prefixes is administration
const ADMIN_PREFIXES = ['/api/v1/notifications/', '/api/v1/users', '/api/v1/tokens', '/api/v1/audit'];

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const audited = new WeakSet<FastifyRequest>();
const routeLists = new WeakMap<FastifyInstance, { method: string; url: string; config: RouteRule }[]>();

/** Every route of the app with its access rule, as registered (the authorisation matrix test walks this). */
export function routesOf(app: FastifyInstance): readonly { method: string; url: string; config: RouteRule }[] {
  return routeLists.get(app) ?? [];
}

export function installAccess(app: FastifyInstance, cx: ServerContext, options: { publicUrl?: string }): void {
  const publicOrigin = options.publicUrl ? new URL(options.publicUrl).origin : null;

  const routes: { method: string; url: string; config: RouteRule }[] = [];
  routeLists.set(app, routes);
  app.addHook('onRoute', route => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const known = methods.map(m => BUILT_IN[`${m === 'HEAD' ? 'GET' : m} ${route.url}`]).find(Boolean);
    const admin = ADMIN_PREFIXES.some(p => route.url.startsWith(p)) ? { permission: 'admin' as const } : {};
    route.config = { ...admin, ...known, ...route.config } as typeof route.config;
    if ((route.config as { access?: Access }).access === 'device') route.bodyLimit ??= cx.limits.ingestBodyBytes;
    for (const method of methods) routes.push({ method, url: route.url, config: route.config as RouteRule });
  });

  app.addHook('onRequest', async req => {
    const config = req.routeOptions.config as RouteRule | undefined;
    if (!req.routeOptions.url) return; // no such route: the 404 handler answers
    const unsafe = UNSAFE.has(req.method);
    if (unsafe) {
      const origin = req.headers.origin;
      if (origin !== undefined && origin !== `${req.protocol}://${req.host}` && origin !== publicOrigin) {
        throw new HttpError(403, 'cross_origin', 'Requests that change something must come from the console itself.');
      }
    }
    const principal = await cx.auth.identify(req);
    const access = config?.access ?? 'user';
    if (access === 'public') return;
    cx.auth.requirePrincipal(req);
    if (access === 'device') {
      if (principal!.kind !== 'device') throw new HttpError(403, 'forbidden', 'Only a device token may send telemetry.');
      cx.rateLimits.ingest.take(principal!.id, 'ingest requests from this device');
      return;
    }
    if (principal!.kind === 'device') throw new HttpError(403, 'forbidden', 'A device token can only send its own telemetry.');
    if (access === 'session') cx.auth.requireSessionUser(req);
    if (config?.permission) cx.auth.require(req, config.permission);
    if (unsafe && principal!.kind === 'user') {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !equalHashes(sent, principal!.session.csrfToken)) {
        throw new HttpError(403, 'csrf', 'This change needs the X-CSRF-Token header from the sign-in answer (or GET /api/v1/auth/me).');
      }
    }
  });

  app.addHook('onResponse', async (req, reply) => {
    if (!UNSAFE.has(req.method) || !req.routeOptions.url || audited.has(req)) return;
    if ((req.routeOptions.config as { audit?: boolean } | undefined)?.audit === false) return;
    const principal = cx.auth.principal(req);
    if (!principal) return; // anonymous refusals are not changes; the log would only fill with noise
    const status = reply.statusCode;
    await recordAudit(cx, req, {
      action: `${req.method} ${req.routeOptions.url}`,
      target: Object.keys(req.params as object ?? {}).length ? JSON.stringify(req.params) : null,
      outcome: status < 400 ? 'success' : status === 401 || status === 403 ? 'denied' : 'failure',
      status,
    });
  });
}

/** Who did something: a principal, or a user who has just signed in. */
export type Actor = Pick<Principal, 'kind' | 'id' | 'name'>;

export function actorOf(p: Actor | null): { actorKind: ActorKind; actorId: string | null; actorName: string | null } {
  if (!p) return { actorKind: 'anonymous', actorId: null, actorName: null };
  return { actorKind: p.kind, actorId: p.id, actorName: p.name };
}

/** Writes an audit entry for this request (who and from where come from the request); never throws. */
export async function recordAudit(cx: ServerContext, req: FastifyRequest, e: Partial<NewAuditEntry> & { action: string; actor?: Actor | null }): Promise<void> {
  audited.add(req);
  const { actor, ...entry } = e;
  try {
    await cx.writes.run(() => cx.accounts.audit.record({
      ...actorOf(actor === undefined ? cx.auth.principal(req) : actor),
      target: null, outcome: 'success', status: null, details: null, ...entry, ip: req.ip,
    }));
  } catch (err) {
    req.log.error({ err }, 'audit log write failed');
  }
}
