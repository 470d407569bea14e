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
        // a client that goes away (the console's Cancel, a closed tab) stops its query and frees the gate: it sends
        // FIN ('end'; HTTP clients never half-close while they wait for an answer) or resets ('close')
        const socket = req.raw.socket;
        const gone = new AbortController();
        const cancel = () => { if (!reply.raw.writableEnded) gone.abort(); };
        if (socket.destroyed || socket.readableEnded) gone.abort();
        socket.once('end', cancel);
        socket.once('close', cancel);
        const conn = await cx.store.queryConnection();
        try {
          const result = await runKql(conn, req.body.query, { timeoutMs: cx.limits.queryTimeoutMs, maxRows: req.body.maxRows ?? cx.limits.queryMaxRows, signal: gone.signal });
          return reply.send(result);
        } catch (err) {
          if (err instanceof KqlError) {
            // PK009: nobody is listening any more; 499 is the status proxies log for a client that closed the request
            const status = err.code === 'PK004' ? 408 : err.code === 'PK009' ? 499 : err.code === 'PK003' || err.code === 'PK007' ? 422 : 400;
            return reply.status(status).send({ error: { ...err.toJSON(), field: 'query' } });
          }
          throw err;
        } finally {
          socket.off('end', cancel);
          socket.off('close', cancel);
          conn.closeSync();
        }
      });
    });
  };
}
