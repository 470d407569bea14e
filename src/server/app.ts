/**
 * The HTTP API: one fastify instance serving enrolment, ingest and queries (and later the console).
 * buildServer wires the store and services; routes live one file per area under ./routes.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { Store } from '../store/duckdb.js';
import { Registry } from '../devices/registry.js';
import { Writer } from '../store/writer.js';
import { IngestService } from '../ingest/service.js';
import { Authenticator, ensureAdminToken } from './auth.js';
import { installErrorHandler } from './errors.js';
import { Gate, Mutex } from './overload.js';
import type { ServerContext } from './context.js';
import { enrollmentRoutes } from './routes/enrollment.js';
import { queryRoutes } from './routes/query.js';
import { ingestRoutes } from './routes/ingest.js';

export interface ServerOptions {
  store: Store;
  /** Admin token from the environment; otherwise one is generated at first start and returned once. */
  adminToken?: string;
  logger?: boolean | object;
  limits?: Partial<ServerContext['limits']>;
  /** Concurrent ingest requests, and how many may wait, before 429. */
  ingestConcurrency?: number;
  ingestQueue?: number;
}

export interface Server { app: FastifyInstance; context: ServerContext; newAdminToken: string | null }

export async function buildServer(options: ServerOptions): Promise<Server> {
  const limits = { queryTimeoutMs: 600_000, queryMaxRows: 100_000, ingestBodyBytes: 16 * 1024 * 1024, ...options.limits };
  const writeConn = await options.store.instance.connect();
  const newAdminToken = await ensureAdminToken(writeConn, options.adminToken);
  const registry = new Registry(writeConn);
  const writes = new Mutex();
  const context: ServerContext = {
    store: options.store,
    writeConn,
    writes,
    registry,
    auth: await Authenticator.load(writeConn, registry),
    ingest: new IngestService(new Writer(writeConn), registry, writes),
    ingestGate: new Gate(options.ingestConcurrency ?? 4, options.ingestQueue ?? 16),
    queryGate: new Gate(2, 16),
    limits,
  };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: limits.ingestBodyBytes,
    trustProxy: false,
    // hostile input is refused, not repaired: unknown fields and wrongly typed values are 400s
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  installErrorHandler(app);
  app.get('/api/v1/health', async () => ({ status: 'ok' }));
  await app.register(enrollmentRoutes(context));
  await app.register(queryRoutes(context));
  await app.register(ingestRoutes(context));
  app.addHook('onClose', async () => writeConn.closeSync());
  return { app, context, newAdminToken };
}
