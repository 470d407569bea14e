/**
 * HTTP errors as data: { error: { code, message, field? } }. Client mistakes get a 4xx naming what is wrong;
 * anything else is a 500 whose message says nothing about internals (the log has the details).
 */
import type { FastifyError, FastifyInstance } from 'fastify';

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string) { super(message); }
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError) {
      const retryAfter = (err as HttpError & { retryAfter?: number }).retryAfter;
      if (retryAfter) reply.header('Retry-After', String(retryAfter));
      return reply.status(err.status).send({ error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } });
    }
    if (err.validation) {
      const v = err.validation[0];
      const path = (v?.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
      const missing = (v?.params as { missingProperty?: string } | undefined)?.missingProperty;
      const field = [err.validationContext, path, missing].filter(Boolean).join('.');
      return reply.status(400).send({ error: { code: 'invalid_request', message: `${field || 'request'}: ${v?.message ?? 'is not valid'}`, field } });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) {
      req.log.error({ err }, 'request failed');
      if (process.env.PICKET_DEBUG_500) process.stderr.write(`500 on ${req.method} ${req.url}: ${err.stack ?? err}\n`);
      return reply.status(500).send({ error: { code: 'internal', message: 'Internal error; the server log has the details.' } });
    }
    return reply.status(status).send({ error: { code: err.code ?? 'bad_request', message: err.message } });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}` } }));
}
