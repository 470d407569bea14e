/** Alerts: list with filters and paging, get one, change its status. */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { IdParams, PageQuery, page, SeverityT, StatusFilterT, StatusT } from './rule-schemas.js';

const Iso = Type.String({ format: 'date-time' });

/** Who made a change, for incident history: the user, API token or admin token that made the request. */
export function actorOf(cx: ServerContext, req: FastifyRequest): string {
  return cx.auth.principal(req)?.name ?? 'unknown';
}

export function alertRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    const alerts = cx.rules.service.alerts;

    r.get('/api/v1/alerts', {
      schema: { querystring: Type.Object({
        status: Type.Optional(StatusFilterT), severity: Type.Optional(SeverityT), ruleId: Type.Optional(Type.String({ maxLength: 100 })),
        deviceId: Type.Optional(Type.String({ maxLength: 200 })), incidentId: Type.Optional(Type.String({ maxLength: 100 })),
        since: Type.Optional(Iso), until: Type.Optional(Iso), ...PageQuery,
      }, { additionalProperties: false }) },
    }, async req => {
      cx.auth.require(req, 'read');
      const { limit: _l, offset: _o, ...filter } = req.query;
      const { limit, offset } = page(req.query);
      return { ...(await alerts.listAlerts(filter, { limit, offset })), limit, offset };
    });

    r.get('/api/v1/alerts/:id', { schema: { params: IdParams } }, async req => {
      cx.auth.require(req, 'read');
      const a = await alerts.getAlert(req.params.id);
      if (!a) throw new HttpError(404, 'not_found', `No alert ${req.params.id}.`, 'id');
      return a;
    });

    r.patch('/api/v1/alerts/:id', { schema: { params: IdParams, body: Type.Object({ status: StatusT }, { additionalProperties: false }) } }, async req => {
      cx.auth.require(req, 'triage');
      if (!(await alerts.getAlert(req.params.id))) throw new HttpError(404, 'not_found', `No alert ${req.params.id}.`, 'id');
      return alerts.updateAlert(req.params.id, req.body.status, actorOf(cx, req));
    });
  };
}
