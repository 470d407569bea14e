/** Runs KQL over the hunting tables: the same engine as the CLI, with the server's time and row limits. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { runKql } from '../../kql/run.js';
import { KqlError } from '../../kql/errors.js';

export function queryRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    app.withTypeProvider<TypeBoxTypeProvider>().post('/api/v1/query', {
      schema: {
        body: Type.Object({
          query: Type.String({ minLength: 1, maxLength: 100_000 }),
          maxRows: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
        }, { additionalProperties: false }),
      },
    }, async (req, reply) => {
      cx.auth.require(req, 'hunt');
      return cx.queryGate.run(async () => {
        const conn = await cx.store.queryConnection();
        try {
          const result = await runKql(conn, req.body.query, { timeoutMs: cx.limits.queryTimeoutMs, maxRows: req.body.maxRows ?? cx.limits.queryMaxRows });
          return reply.send(result);
        } catch (err) {
          if (err instanceof KqlError) {
            const status = err.code === 'PK004' ? 408 : err.code === 'PK003' ? 422 : 400;
            return reply.status(status).send({ error: { ...err.toJSON(), field: 'query' } });
          }
          throw err;
        } finally {
          conn.closeSync();
        }
      });
    });
  };
}
