/**
 * Notifications (admin): channels (secrets write-only, shown as "set"), subscriptions, "send a test", and the
 * outbox with its failures and a retry. Channel settings are checked by the channel's driver; a bad one is a
 * 400 naming `config.<field>`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { ConfigError, DeliveryError } from '../../notify/channel.js';
import { view } from '../../notify/channels.js';
import type { Subscription } from '../../notify/model.js';

const Id = Type.String({ pattern: '^[0-9a-f]{16}$' });
const OutboxId = Type.String({ pattern: '^[0-9a-f]{32}$' });
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f]+$' });
const Kind = Type.Union([Type.Literal('email'), Type.Literal('webhook'), Type.Literal('teams'), Type.Literal('slack'), Type.Literal('syslog')]);
const Severity = Type.Union([Type.Literal('informational'), Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]);
const Severities = Type.Array(Severity, { minItems: 1, maxItems: 4, uniqueItems: true });
const RuleIds = Type.Union([Type.Null(), Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 1000 })]);
const DigestMinutes = Type.Union([Type.Null(), Type.Integer({ minimum: 1, maximum: 1440 })]);
// settings are checked by the channel's driver (each kind has its own); only their container is checked here
const Config = Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 50 });
const OutboxStatus = Type.Union([Type.Literal('pending'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed'), Type.Literal('cancelled')]);

function configError(err: unknown): never {
  if (err instanceof ConfigError) throw new HttpError(400, 'invalid_config', `config.${err.field}: ${err.message}`, `config.${err.field}`);
  throw err;
}

export function notificationRoutes(cx: ServerContext): FastifyPluginAsync {
  const n = cx.notifications;
  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    const channelOr404 = async (id: string) => {
      const c = await n.channels.get(id);
      if (!c) throw new HttpError(404, 'not_found', `No notification channel ${id}.`, 'id');
      return c;
    };

    // ---- channels

    r.get('/api/v1/notifications/channels', async req => {
      cx.auth.require(req, 'admin');
      return { channels: (await n.channels.list()).map(view) };
    });

    r.post('/api/v1/notifications/channels', {
      schema: { body: Type.Object({ name: Name, kind: Kind, enabled: Type.Optional(Type.Boolean()), config: Config }, { additionalProperties: false }) },
    }, async (req, reply) => {
      cx.auth.require(req, 'admin');
      const { channel, generated } = await n.channels.create(req.body).catch(configError);
      // a generated secret (a webhook's signing key) is shown this once, like an enrolment key
      return reply.status(201).send({ ...view(channel), ...(Object.keys(generated).length ? { generatedSecrets: generated } : {}) });
    });

    r.get('/api/v1/notifications/channels/:id', { schema: { params: Type.Object({ id: Id }) } }, async req => {
      cx.auth.require(req, 'admin');
      return view(await channelOr404(req.params.id));
    });

    r.patch('/api/v1/notifications/channels/:id', {
      schema: {
        params: Type.Object({ id: Id }),
        body: Type.Object({ name: Type.Optional(Name), enabled: Type.Optional(Type.Boolean()), config: Type.Optional(Config) }, { additionalProperties: false }),
      },
    }, async req => {
      cx.auth.require(req, 'admin');
      const c = await n.channels.update(req.params.id, req.body).catch(configError);
      if (!c) throw new HttpError(404, 'not_found', `No notification channel ${req.params.id}.`, 'id');
      return view(c);
    });

    r.delete('/api/v1/notifications/channels/:id', { schema: { params: Type.Object({ id: Id }) } }, async (req, reply) => {
      cx.auth.require(req, 'admin');
      if (!(await n.channels.delete(req.params.id))) throw new HttpError(404, 'not_found', `No notification channel ${req.params.id}.`, 'id');
      return reply.status(204).send();
    });

    r.post('/api/v1/notifications/channels/:id/test', { schema: { params: Type.Object({ id: Id }) } }, async req => {
      cx.auth.require(req, 'admin');
      try {
        if (!(await n.sendTest(req.params.id))) throw new HttpError(404, 'not_found', `No notification channel ${req.params.id}.`, 'id');
      } catch (err) {
        // the receiver's answer is what the admin needs to fix the channel; it names their server, not ours
        if (err instanceof DeliveryError) throw new HttpError(502, 'delivery_failed', err.message);
        throw err;
      }
      return { delivered: true };
    });

    // ---- subscriptions

    const checkSubscription = async (channelId: string, digestMinutes: number | null | undefined) => {
      const c = await n.channels.get(channelId);
      if (!c) throw new HttpError(400, 'unknown_channel', `channelId: no notification channel ${channelId}.`, 'channelId');
      if (digestMinutes && c.kind !== 'email') throw new HttpError(400, 'invalid_request', `digestMinutes: digests are for e-mail channels; ${channelId} is a ${c.kind} channel.`, 'digestMinutes');
    };

    const subscriptionOr404 = async (id: string): Promise<Subscription> => {
      const s = await n.subscriptions.get(id);
      if (!s) throw new HttpError(404, 'not_found', `No notification subscription ${id}.`, 'id');
      return s;
    };

    r.get('/api/v1/notifications/subscriptions', {
      schema: { querystring: Type.Object({ channelId: Type.Optional(Id) }, { additionalProperties: false }) },
    }, async req => {
      cx.auth.require(req, 'admin');
      return { subscriptions: await n.subscriptions.list(req.query.channelId) };
    });

    r.post('/api/v1/notifications/subscriptions', {
      schema: {
        body: Type.Object({
          channelId: Id, severities: Severities, ruleIds: Type.Optional(RuleIds), digestMinutes: Type.Optional(DigestMinutes), enabled: Type.Optional(Type.Boolean()),
        }, { additionalProperties: false }),
      },
    }, async (req, reply) => {
      cx.auth.require(req, 'admin');
      await checkSubscription(req.body.channelId, req.body.digestMinutes);
      return reply.status(201).send(await n.subscriptions.create(req.body));
    });

    r.get('/api/v1/notifications/subscriptions/:id', { schema: { params: Type.Object({ id: Id }) } }, async req => {
      cx.auth.require(req, 'admin');
      return subscriptionOr404(req.params.id);
    });

    r.patch('/api/v1/notifications/subscriptions/:id', {
      schema: {
        params: Type.Object({ id: Id }),
        body: Type.Object({ severities: Type.Optional(Severities), ruleIds: Type.Optional(RuleIds), digestMinutes: Type.Optional(DigestMinutes), enabled: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      },
    }, async req => {
      cx.auth.require(req, 'admin');
      const s = await subscriptionOr404(req.params.id);
      await checkSubscription(s.channelId, req.body.digestMinutes);
      return (await n.subscriptions.update(req.params.id, req.body))!;
    });

    r.delete('/api/v1/notifications/subscriptions/:id', { schema: { params: Type.Object({ id: Id }) } }, async (req, reply) => {
      cx.auth.require(req, 'admin');
      if (!(await n.subscriptions.delete(req.params.id))) throw new HttpError(404, 'not_found', `No notification subscription ${req.params.id}.`, 'id');
      return reply.status(204).send();
    });

    // ---- outbox

    r.get('/api/v1/notifications/outbox', {
      // query strings are text (types are not coerced): the limit is checked by pattern and parsed here
      schema: { querystring: Type.Object({ status: Type.Optional(OutboxStatus), channelId: Type.Optional(Id), limit: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })) }, { additionalProperties: false }) },
    }, async req => {
      cx.auth.require(req, 'admin');
      const limit = Math.min(1000, Number(req.query.limit ?? 100));
      return { entries: await n.outbox.list({ status: req.query.status, channelId: req.query.channelId, limit }) };
    });

    r.get('/api/v1/notifications/outbox/:id', { schema: { params: Type.Object({ id: OutboxId }) } }, async req => {
      cx.auth.require(req, 'admin');
      const e = await n.outbox.get(req.params.id);
      if (!e) throw new HttpError(404, 'not_found', `No outbox entry ${req.params.id}.`, 'id');
      return e;
    });

    r.post('/api/v1/notifications/outbox/:id/retry', { schema: { params: Type.Object({ id: OutboxId }) } }, async req => {
      cx.auth.require(req, 'admin');
      const outcome = await n.outbox.retry(req.params.id);
      if (outcome === 'not_found') throw new HttpError(404, 'not_found', `No outbox entry ${req.params.id}.`, 'id');
      if (outcome !== 'retried') throw new HttpError(409, 'conflict', `The entry is ${outcome}; only failed or waiting entries can be retried.`, 'id');
      n.worker.wake();
      return (await n.outbox.get(req.params.id))!;
    });
  };
}
