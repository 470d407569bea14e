/** Enrolment keys (admin) and device enrolment (with a key). */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { EnrollmentError } from '../../devices/registry.js';

const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f]+$' });

export function enrollmentRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.post('/api/v1/enrollment-keys', {
      schema: { body: Type.Object({ name: Name, expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })), maxUses: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false }) },
    }, async (req, reply) => {
      cx.auth.require(req, 'admin');
      const { name, expiresInDays, maxUses } = req.body;
      const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : undefined;
      const { key, secret } = await cx.writes.run(() => cx.registry.createEnrollmentKey(name, { expiresAt, maxUses }));
      return reply.status(201).send({ ...key, secret });
    });

    r.get('/api/v1/enrollment-keys', async req => {
      cx.auth.require(req, 'admin');
      return { keys: await cx.registry.listEnrollmentKeys() };
    });

    r.delete('/api/v1/enrollment-keys/:id', { schema: { params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) }) } }, async (req, reply) => {
      cx.auth.require(req, 'admin');
      const done = await cx.writes.run(() => cx.registry.revokeEnrollmentKey(req.params.id));
      if (!done) throw new HttpError(404, 'not_found', `No active enrolment key ${req.params.id}.`, 'id');
      return reply.status(204).send();
    });

    r.post('/api/v1/enroll', {
      schema: {
        body: Type.Object({
          enrollmentKey: Type.String({ minLength: 1, maxLength: 200 }),
          deviceName: Name,
          osPlatform: Type.Optional(Type.String({ maxLength: 100 })),
          agentVersion: Type.Optional(Type.String({ maxLength: 50 })),
        }, { additionalProperties: false }),
      },
    }, async (req, reply) => {
      const { enrollmentKey, deviceName, osPlatform, agentVersion } = req.body;
      try {
        const { device, token } = await cx.writes.run(() => cx.registry.enroll(enrollmentKey, deviceName, { osPlatform, agentVersion }));
        return reply.status(201).send({ deviceId: device.deviceId, deviceName: device.deviceName, deviceToken: token });
      } catch (err) {
        if (err instanceof EnrollmentError) throw new HttpError(403, `enrollment_key_${err.reason}`, err.message, 'enrollmentKey');
        throw err;
      }
    });
  };
}
