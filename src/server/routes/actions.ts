/**
 * Response actions over HTTP. Analysts ask a device for a scan, a signature update or its state, and follow the
 * action's status; a device (its own token) reads its pending actions and reports their outcome. Every request
 * and every outcome is written to the audit log.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { recordAudit } from '../access.js';
import { ActionError, expireActions, listActions, pendingActions, recordOutcome, requestAction } from '../../agent/actions.js';
import { ACTION_ID, ACTION_KINDS, ACTION_STATUSES, AGENT_ACTIONS_PATH, OutcomeBody } from '../../agent/protocol.js';

const DeviceId = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{40}$' }) });
const Kind = Type.Union(ACTION_KINDS.map(k => Type.Literal(k)));
const Status = Type.Union(ACTION_STATUSES.map(s => Type.Literal(s)));
const Limit = Type.String({ pattern: '^[0-9]{1,4}$' });

const STATUS_OF: Record<ActionError['reason'], number> = {
  unknown_device: 404, not_found: 404, no_agent: 409, already_pending: 409, expired: 409, finished: 409,
};

async function answer<T>(work: () => Promise<T>, field?: string): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof ActionError) throw new HttpError(STATUS_OF[err.reason], err.reason, err.message, field);
    throw err;
  }
}

export function actionRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.post('/api/v1/devices/:id/actions', {
      config: { permission: 'triage' },
      schema: {
        params: DeviceId,
        body: Type.Object({
          kind: Kind,
          expiresInMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 7 * 24 * 60 })),
          comment: Type.Optional(Type.String({ maxLength: 500 })),
        }, { additionalProperties: false }),
      },
    }, async (req, reply) => {
      cx.auth.require(req, 'triage');
      const who = cx.auth.requirePrincipal(req);
      const action = await answer(() => cx.writes.run(() => requestAction(cx.writeConn, {
        deviceId: req.params.id, kind: req.body.kind, requestedBy: who.name, requestedById: who.id,
        comment: req.body.comment, expiresInMinutes: req.body.expiresInMinutes,
      })), 'id');
      await recordAudit(cx, req, { action: 'action.request', target: `device:${action.deviceId}`, details: { actionId: action.id, kind: action.kind, comment: action.comment }, status: 201 });
      return reply.status(201).send(action);
    });

    r.get('/api/v1/devices/:id/actions', { config: { permission: 'read' }, schema: { params: DeviceId } }, async req => {
      cx.auth.require(req, 'read');
      const actions = await cx.writes.run(async () => {
        await expireActions(cx.writeConn); // what is due is shown as expired
        return listActions(cx.writeConn, { deviceId: req.params.id });
      });
      return { actions };
    });

    r.get('/api/v1/actions', {
      config: { permission: 'read' },
      schema: { querystring: Type.Object({ status: Type.Optional(Status), kind: Type.Optional(Kind), limit: Type.Optional(Limit) }, { additionalProperties: false }) },
    }, async req => {
      cx.auth.require(req, 'read');
      const { status, kind, limit } = req.query;
      if (limit !== undefined && (Number(limit) < 1 || Number(limit) > 1000)) throw new HttpError(400, 'invalid_request', 'limit: between 1 and 1000', 'limit');
      const actions = await cx.writes.run(async () => {
        await expireActions(cx.writeConn);
        return listActions(cx.writeConn, { status, kind, limit: limit === undefined ? undefined : Number(limit) });
      });
      return { actions };
    });

    // --- the device's side: its own actions only ---

    r.get(AGENT_ACTIONS_PATH, { config: { access: 'device' } }, async req => {
      const device = await cx.auth.requireDevice(req);
      return { actions: await cx.writes.run(() => pendingActions(cx.writeConn, device.deviceId)) };
    });

    r.post(`${AGENT_ACTIONS_PATH}/:id/outcome`, {
      config: { access: 'device' },
      bodyLimit: 64 * 1024,
      schema: { params: Type.Object({ id: Type.String({ pattern: ACTION_ID }) }), body: OutcomeBody },
    }, async req => {
      const device = await cx.auth.requireDevice(req);
      const { action, changed } = await answer(() => cx.writes.run(() => recordOutcome(cx.writeConn, device.deviceId, req.params.id, req.body)), 'id');
      if (changed) {
        await recordAudit(cx, req, { action: 'action.outcome', target: `device:${device.deviceId}`, details: { actionId: action.id, kind: action.kind, status: action.status, message: req.body.result?.message ?? null }, status: 200 });
      }
      return { id: action.id, status: action.status };
    });
  };
}
