/**
 * The HTTP API: one fastify instance serving accounts, enrolment, ingest and queries (and later the console).
 * buildServer wires the store and services; routes live one file per area under ./routes; access.ts decides
 * who may reach each route before its body is read.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Store } from '../store/duckdb.js';
import { Registry } from '../devices/registry.js';
import { Writer } from '../store/writer.js';
import { IngestService } from '../ingest/service.js';
import { Accounts } from '../accounts/index.js';
import type { OidcConfig } from '../accounts/oidc.js';
import type { SessionPolicy } from '../accounts/sessions.js';
import type { LockoutPolicy } from '../accounts/lockout.js';
import { SecretBox } from '../accounts/secret-box.js';
import { hashSecret } from '../devices/secrets.js';
import { Authenticator } from './auth.js';
import { installAccess } from './access.js';
import { installSecurityHeaders } from './security-headers.js';
import { DEFAULT_RATE_LIMITS, RateLimiter, type RateLimits } from './rate-limit.js';
import { installErrorHandler } from './errors.js';
import { Gate, Mutex } from './overload.js';
import type { ServerContext } from './context.js';
import { enrollmentRoutes } from './routes/enrollment.js';
import { queryRoutes } from './routes/query.js';
import { ingestRoutes } from './routes/ingest.js';
import { authRoutes } from './routes/auth.js';
import { userRoutes } from './routes/users.js';
import { tokenRoutes } from './routes/tokens.js';
import { auditRoutes } from './routes/audit.js';
import { notificationRoutes } from './routes/notifications.js';
import { NotificationService, type NotifyOptions } from '../notify/service.js';
import { openRuleEngine, type EngineOptions } from '../rules/engine.js';
import { ruleRoutes } from './routes/rules.js';
import { alertRoutes } from './routes/alerts.js';
import { incidentRoutes } from './routes/incidents.js';
import { actionRoutes } from './routes/actions.js';
import { onboardingRoutes } from './routes/onboarding.js';
import { deviceRoutes } from './routes/devices.js';
import { schemaRoutes } from './routes/schema.js';
import { functionRoutes } from './routes/functions.js';
import { savedQueryRoutes } from './routes/saved-queries.js';
import { installConsoleFiles } from './console-files.js';

export interface ServerOptions {
  store: Store;
  /**
   * A bootstrap admin credential (PICKET_ADMIN_TOKEN): a bearer token with the admin role, for first setup by
   * script and for automation. Without it, a start that finds no users prints a one-time setup token instead.
   */
  adminToken?: string;
  logger?: boolean | object;
  limits?: Partial<ServerContext['limits']>;
  /** Concurrent ingest requests, and how many may wait, before 429. */
  ingestConcurrency?: number;
  ingestQueue?: number;
  /** Serve HTTPS directly (`picket serve --tls-cert --tls-key`). */
  tls?: { cert: Buffer; key: Buffer };
  /** Behind a reverse proxy: the proxy's address(es), so X-Forwarded-For/-Proto are believed from it only. */
  trustProxy?: boolean | string | string[];
  /** The URL users reach Picket at (https://picket.example); allowed as Origin and used for single sign-on. */
  publicUrl?: string;
  oidc?: OidcConfig | null;
  session?: Partial<SessionPolicy>;
  lockout?: Partial<LockoutPolicy>;
  rateLimits?: Partial<RateLimits>;
  /** The secret-box key (32 bytes); default PICKET_SECRET_KEY or the key file beside the database. */
  secretKey?: Buffer;
  /** The fetch used to reach the OIDC provider (tests). */
  fetch?: typeof fetch;
  /** Notification outbox settings (worker, retry policy, clock); links use publicUrl. */
  notify?: Partial<Omit<NotifyOptions, 'publicUrl' | 'secrets'>>;
  /** Detection engine settings (incident window, extra alert sinks, pack directory); startScheduler: false keeps the scheduler stopped (tests). */
  rules?: EngineOptions & { startScheduler?: boolean };
  /** The web console's build folder (default dist/console), or false to serve the API only. */
  console?: string | false;
}

export interface Server {
  app: FastifyInstance;
  context: ServerContext;
  /** The one-time setup token when this start found no users and no admin token; print it once. */
  setupToken: string | null;
}

export async function buildServer(options: ServerOptions): Promise<Server> {
  const limits = { queryTimeoutMs: 600_000, queryMaxRows: 100_000, ingestBodyBytes: 16 * 1024 * 1024, bodyBytes: 1024 * 1024, ...options.limits };
  // the write connection is used only under `writes`: a statement run on it outside the lock would join (or find
  // aborted) whatever transaction the lock holder has open. Lookups outside the lock go through `lookupConn`.
  const writeConn = await options.store.instance.connect();
  const lookupConn = await options.store.instance.connect();
  const registry = new Registry(writeConn, lookupConn);
  const writes = new Mutex();
  const accounts = new Accounts(writeConn, { read: lookupConn, session: options.session, lockout: options.lockout, oidc: options.oidc, fetch: options.fetch });
  const rateLimits = { ...DEFAULT_RATE_LIMITS, ...options.rateLimits };
  const secrets = options.secretKey ? SecretBox.fromKey(options.secretKey) : SecretBox.forDatabase(options.store.path);
  const notifications = await NotificationService.open(options.store, {
    publicUrl: options.publicUrl ?? process.env.PICKET_PUBLIC_URL ?? 'http://localhost:8080', secrets, ...options.notify,
  });
  const rules = await openRuleEngine(options.store, writeConn, writes, { ...options.rules, sinks: [notifications.sink, ...(options.rules?.sinks ?? [])] });
  const context: ServerContext = {
    store: options.store,
    writeConn,
    writes,
    registry,
    accounts,
    auth: new Authenticator(accounts, registry, writes, options.adminToken ? hashSecret(options.adminToken) : null),
    secrets,
    rateLimits: { login: new RateLimiter(rateLimits.login), ingest: new RateLimiter(rateLimits.ingest) },
    ingest: new IngestService(new Writer(writeConn), registry, writes),
    notifications,
    rules,
    ingestGate: new Gate(options.ingestConcurrency ?? 4, options.ingestQueue ?? 16),
    queryGate: new Gate(2, 16),
    limits,
  };
  // continuous rules run when a batch has been stored; ticks already under way absorb bursts of batches
  if (options.rules?.startScheduler !== false) {
    context.ingest.onCommitted = () => { void rules.scheduler.tick().catch(err => app.log.error({ err }, 'rule tick failed')); };
  }
  await writes.run(() => accounts.sessions.purgeExpired());
  const setupToken = !options.adminToken && (await accounts.users.count()) === 0 ? accounts.setup.issue() : null;
  const fastifyOptions: FastifyServerOptions & { https?: { cert: Buffer; key: Buffer } } = {
    logger: options.logger ?? false,
    // every route gets 1 MiB; device routes get the ingest limit (access.ts)
    bodyLimit: limits.bodyBytes,
    trustProxy: options.trustProxy ?? false,
    // a client must send its whole request within this time: slow senders cannot hold connections open
    requestTimeout: 120_000,
    routerOptions: { maxParamLength: 200 },
    // hostile input is refused, not repaired: unknown fields and wrongly typed values are 400s
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    ...(options.tls ? { https: options.tls } : {}),
  };
  const app = Fastify(fastifyOptions) as unknown as FastifyInstance;
  installErrorHandler(app);
  installSecurityHeaders(app);
  installAccess(app, context, { publicUrl: options.publicUrl });
  app.get('/api/v1/health', async () => ({ status: 'ok' }));
  await app.register(authRoutes(context));
  await app.register(userRoutes(context));
  await app.register(tokenRoutes(context));
  await app.register(auditRoutes(context));
  await app.register(enrollmentRoutes(context));
  await app.register(queryRoutes(context));
  await app.register(ingestRoutes(context));
  await app.register(notificationRoutes(context));
  await app.register(ruleRoutes(context));
  await app.register(alertRoutes(context));
  await app.register(incidentRoutes(context));
  await app.register(actionRoutes(context));
  await app.register(onboardingRoutes(context));
  await app.register(deviceRoutes(context));
  await app.register(schemaRoutes(context));
  await app.register(functionRoutes(context));
  await app.register(savedQueryRoutes(context));
  if (options.console !== false) installConsoleFiles(app, options.console);
  if (options.rules?.startScheduler !== false) rules.scheduler.start();
  app.addHook('onClose', async () => rules.close());
  notifications.useLogger(app.log);
  app.addHook('onClose', async () => notifications.close());
  // devices' last-seen times are noted in memory per batch and written every few seconds, not per batch
  const seenTimer = setInterval(() => { void writes.run(() => registry.flushSeen()).catch(err => app.log.error({ err }, 'last-seen update failed')); }, 5_000);
  seenTimer.unref();
  app.addHook('onClose', async () => {
    clearInterval(seenTimer);
    await writes.run(() => registry.flushSeen());
    writeConn.closeSync();
    lookupConn.closeSync();
  });
  return { app, context, setupToken };
}
