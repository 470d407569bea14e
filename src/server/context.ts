/** What every route needs: the store, its single write connection (behind a mutex), the registry and auth. */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Store } from '../store/duckdb.js';
import type { Registry } from '../devices/registry.js';
import type { Authenticator } from './auth.js';
import type { Gate, Mutex } from './overload.js';
import type { IngestService } from '../ingest/service.js';
import type { Accounts } from '../accounts/index.js';
import type { SecretBox } from '../accounts/secret-box.js';
import type { RateLimiter } from './rate-limit.js';
import type { NotificationService } from '../notify/service.js';
import type { RuleEngine } from '../rules/engine.js';

export interface ServerContext {
  store: Store;
  /** The one connection that writes; every transaction on it runs inside `writes`. */
  writeConn: DuckDBConnection;
  writes: Mutex;
  registry: Registry;
  auth: Authenticator;
  /** Users, sessions, API tokens, lock-out, audit log, single sign-on. */
  accounts: Accounts;
  /** Encrypts secrets stored in the database (SMTP passwords, webhook URLs): cx.secrets.seal / open. */
  secrets: SecretBox;
  rateLimits: { login: RateLimiter; ingest: RateLimiter };
  ingest: IngestService;
  /** Channels, subscriptions and the outbox; `notifications.sink` is the AlertSink for the rule engine. */
  notifications: NotificationService;
  /** Detection rules, their scheduler, alerts and incidents. */
  rules: RuleEngine;
  ingestGate: Gate;
  queryGate: Gate;
  limits: { queryTimeoutMs: number; queryMaxRows: number; ingestBodyBytes: number; bodyBytes: number };
}
