/**
 * Onboarding packages (admin): POST makes a new enrolment key and returns the package holding it; GET returns the
 * package again for a key made that way (its secret is kept sealed with the server's secret box for this).
 * Keys made elsewhere are only stored hashed, so no package can hold them.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { recordAudit } from '../access.js';
import { onboardingPackage, PackageError, caThumbprint, type PackageOptions } from '../../agent/package.js';

const Url = Type.String({ maxLength: 500, pattern: '^https?://[^\\s/?#]+(/[^\\s?#]*)?$' });
const Options = {
  serverUrl: Type.Optional(Url),
  intervalMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440 })),
  pollSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
  collectorMode: Type.Optional(Type.Boolean()),
  spoolLimitMB: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  caCertificate: Type.Optional(Type.String({ maxLength: 20_000 })),
};
const CreateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f]+$' })),
  expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  maxUses: Type.Optional(Type.Integer({ minimum: 1 })),
  ...Options,
}, { additionalProperties: false });
type Stored = Omit<PackageOptions, 'enrollmentKey' | 'serverUrl'> & { serverUrl?: string };

export function onboardingRoutes(cx: ServerContext): FastifyPluginAsync {
  const sealContext = (keyId: string) => `onboarding-key:${keyId}`;

  function send(req: FastifyRequest, reply: FastifyReply, keyId: string, options: PackageOptions) {
    let zip: Buffer;
    try {
      zip = onboardingPackage(options);
    } catch (err) {
      if (err instanceof PackageError) throw new HttpError(400, 'invalid_request', err.message, err.field);
      throw err;
    }
    req.log.info({ keyId }, 'onboarding package built');
    return reply.header('content-type', 'application/zip')
      .header('content-disposition', `attachment; filename="picket-onboarding-${keyId}.zip"`)
      .header('x-picket-enrollment-key-id', keyId).send(zip);
  }

  const origin = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.post('/api/v1/onboarding/package', { config: { permission: 'admin' }, schema: { body: CreateBody } }, async (req, reply) => {
      cx.auth.require(req, 'admin');
      const { name, expiresInDays, maxUses, ...options } = req.body as Static<typeof CreateBody>;
      if (options.caCertificate) {
        try { caThumbprint(options.caCertificate); } catch (err) {
          if (err instanceof PackageError) throw new HttpError(400, 'invalid_request', err.message, err.field);
          throw err;
        }
      }
      const who = cx.auth.requirePrincipal(req);
      const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : undefined;
      const { key, secret } = await cx.writes.run(async () => {
        const made = await cx.registry.createEnrollmentKey(name ?? `onboarding package ${new Date().toISOString().slice(0, 10)}`, { expiresAt, maxUses });
        await cx.writeConn.run(
          'INSERT INTO app.onboarding_keys (key_id, sealed_secret, options, created_at, created_by) VALUES ($1, $2, $3, current_timestamp, $4)',
          [made.key.id, cx.secrets.seal(made.secret, sealContext(made.key.id)), JSON.stringify(options), who.name]);
        return made;
      });
      await recordAudit(cx, req, { action: 'onboarding.package', target: `enrollment-key:${key.id}`, details: { name: key.name, created: true }, status: 201 });
      reply.status(201);
      return send(req, reply, key.id, { ...options, serverUrl: options.serverUrl ?? origin(req), enrollmentKey: secret });
    });

    r.get('/api/v1/onboarding/package', {
      config: { permission: 'admin' },
      schema: { querystring: Type.Object({ enrollmentKeyId: Type.String({ pattern: '^[0-9a-f]{16}$' }), serverUrl: Type.Optional(Url) }, { additionalProperties: false }) },
    }, async (req, reply) => {
      cx.auth.require(req, 'admin');
      const id = req.query.enrollmentKeyId;
      const key = (await cx.registry.listEnrollmentKeys()).find(k => k.id === id);
      if (!key) throw new HttpError(404, 'not_found', `No enrolment key ${id}.`, 'enrollmentKeyId');
      if (key.revokedAt) throw new HttpError(409, 'enrollment_key_revoked', `Enrolment key ${id} has been revoked.`, 'enrollmentKeyId');
      if (key.expiresAt && new Date(key.expiresAt) <= new Date()) throw new HttpError(409, 'enrollment_key_expired', `Enrolment key ${id} has expired.`, 'enrollmentKeyId');
      const rows = (await cx.writes.run(() => cx.writeConn.runAndReadAll('SELECT sealed_secret, options FROM app.onboarding_keys WHERE key_id = $1', [id]))).getRowsJS();
      if (!rows.length) {
        throw new HttpError(409, 'secret_not_kept', `Enrolment key ${id} was not made for an onboarding package, and its secret is not kept; make a package with POST /api/v1/onboarding/package.`, 'enrollmentKeyId');
      }
      const stored = JSON.parse(String(rows[0][1])) as Stored;
      const secret = cx.secrets.open(String(rows[0][0]), sealContext(id));
      await recordAudit(cx, req, { action: 'onboarding.package', target: `enrollment-key:${id}`, details: { name: key.name, created: false }, status: 200 });
      return send(req, reply, id, { ...stored, serverUrl: req.query.serverUrl ?? stored.serverUrl ?? origin(req), enrollmentKey: secret });
    });
  };
}
