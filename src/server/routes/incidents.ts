/** Incidents: list with filters and paging, get one with its alerts, comments and history; triage; comment. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { ClassificationT, IdParams, PageQuery, page, SeverityT, StatusFilterT, StatusT } from './rule-schemas.js';
import { actorOf } from './alerts.js';

export function incidentRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    const alerts = cx.rules.service.alerts;
    const exists = async (id: string) => {
      if (!(await alerts.getIncident(id))) throw new HttpError(404, 'not_found', `No incident ${id}.`, 'id');
    };

    r.get('/api/v1/incidents', {
      schema: { querystring: Type.Object({
        status: Type.Optional(StatusFilterT), severity: Type.Optional(SeverityT), assignee: Type.Optional(Type.String({ maxLength: 200 })),
        deviceId: Type.Optional(Type.String({ maxLength: 200 })), ruleId: Type.Optional(Type.String({ maxLength: 100 })),
        since: Type.Optional(Type.String({ format: 'date-time' })), until: Type.Optional(Type.String({ format: 'date-time' })),
        classification: Type.Optional(Type.Union([Type.Literal('true_positive'), Type.Literal('false_positive'), Type.Literal('informational')])),
        ...PageQuery,
      }, { additionalProperties: false }) },
    }, async req => {
      cx.auth.require(req, 'read');
      const { limit: _l, offset: _o, ...filter } = req.query;
      const { limit, offset } = page(req.query);
      return { ...(await alerts.listIncidents(filter, { limit, offset })), limit, offset };
    });

    r.get('/api/v1/incidents/:id', { schema: { params: IdParams } }, async req => {
      cx.auth.require(req, 'read');
      const inc = await alerts.getIncident(req.params.id);
      if (!inc) throw new HttpError(404, 'not_found', `No incident ${req.params.id}.`, 'id');
      return inc;
    });

    r.patch('/api/v1/incidents/:id', {
      schema: { params: IdParams, body: Type.Object({
        status: Type.Optional(StatusT), classification: Type.Optional(ClassificationT),
        assignee: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
      }, { additionalProperties: false, minProperties: 1 }) },
    }, async req => {
      cx.auth.require(req, 'triage');
      await exists(req.params.id);
      return alerts.updateIncident(req.params.id, req.body, actorOf(cx, req));
    });

    r.post('/api/v1/incidents/:id/comments', {
      schema: { params: IdParams, body: Type.Object({ text: Type.String({ minLength: 1, maxLength: 10_000 }) }, { additionalProperties: false }) },
    }, async (req, reply) => {
      cx.auth.require(req, 'triage');
      await exists(req.params.id);
      return reply.status(201).send(await alerts.comment(req.params.id, req.body.text, actorOf(cx, req)));
    });
  };
}
