/** What every route needs: the store, its single write connection (behind a mutex), the registry and auth. */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Store } from '../store/duckdb.js';
import type { Registry } from '../devices/registry.js';
import type { Authenticator } from './auth.js';
import type { Gate, Mutex } from './overload.js';
import type { IngestService } from '../ingest/service.js';

export interface ServerContext {
  store: Store;
  /** The one connection that writes; every transaction on it runs inside `writes`. */
  writeConn: DuckDBConnection;
  writes: Mutex;
  registry: Registry;
  auth: Authenticator;
  ingest: IngestService;
  ingestGate: Gate;
  queryGate: Gate;
  limits: { queryTimeoutMs: number; queryMaxRows: number; ingestBodyBytes: number };
}
