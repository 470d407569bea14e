/** API tokens for scripts (admin): created with a role and shown once, listed without the secret, revoked. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { recordAudit } from '../access.js';
import { ROLES } from '../permissions.js';

export function tokenRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.get('/api/v1/tokens', async req => {
      cx.auth.require(req, 'admin');
      return { tokens: await cx.accounts.tokens.list() };
    });

    r.post('/api/v1/tokens', {
      config: { audit: false },
      schema: { body: Type.Object({
        name: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f]+$' }),
        role: Type.Union(ROLES.map(x => Type.Literal(x))),
        expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
      }, { additionalProperties: false }) },
    }, async (req, reply) => {
      cx.auth.require(req, 'admin');
      const p = cx.auth.requirePrincipal(req);
      const { name, role, expiresInDays } = req.body;
      const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : undefined;
      const { token, secret } = await cx.writes.run(() => cx.accounts.tokens.create({ name, role, expiresAt, createdBy: `${p.kind}:${p.id}` }));
      await recordAudit(cx, req, { action: 'token.create', target: `token:${token.id}`, details: { name, role, expiresAt: token.expiresAt }, status: 201 });
      return reply.status(201).send({ ...token, token: secret });
    });

    r.delete('/api/v1/tokens/:id', { config: { audit: false }, schema: { params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) }) } }, async (req, reply) => {
      cx.auth.require(req, 'admin');
      const done = await cx.writes.run(() => cx.accounts.tokens.revoke(req.params.id));
      if (!done) throw new HttpError(404, 'not_found', `No active API token ${req.params.id}.`, 'id');
      await recordAudit(cx, req, { action: 'token.revoke', target: `token:${req.params.id}`, status: 204 });
      return reply.status(204).send();
    });
  };
}
