/** The audit log (admin): newest first, filtered by time, actor and action, paged with `before`. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';

// query strings are text (types are not coerced), so numbers and dates are checked by pattern and parsed here
const Time = Type.String({ maxLength: 40, pattern: '^\\d{4}-\\d\\d-\\d\\d([T ][0-9:.]+(Z|[+-]\\d\\d:?\\d\\d)?)?$' });
const Int = Type.String({ pattern: '^[0-9]{1,12}$' });

export function auditRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    app.withTypeProvider<TypeBoxTypeProvider>().get('/api/v1/audit', {
      schema: { querystring: Type.Object({
        since: Type.Optional(Time), until: Type.Optional(Time),
        actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        action: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        before: Type.Optional(Int), limit: Type.Optional(Int),
      }, { additionalProperties: false }) },
    }, async req => {
      cx.auth.require(req, 'admin');
      const q = req.query;
      const date = (v: string | undefined, field: string) => {
        if (v === undefined) return undefined;
        const d = new Date(v);
        if (Number.isNaN(d.getTime())) throw new HttpError(400, 'invalid_request', `${field}: not a date`, field);
        return d;
      };
      const limit = q.limit === undefined ? undefined : Number(q.limit);
      if (limit !== undefined && (limit < 1 || limit > 1000)) throw new HttpError(400, 'invalid_request', 'limit: between 1 and 1000', 'limit');
      const entries = await cx.accounts.audit.query({
        since: date(q.since, 'since'), until: date(q.until, 'until'), actor: q.actor, action: q.action,
        before: q.before === undefined ? undefined : Number(q.before), limit,
      });
      return { entries, ...(entries.length ? { next: entries[entries.length - 1].id } : {}) };
    });
  };
}
