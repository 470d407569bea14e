/** Accounts: users, sessions, API tokens, lock-out, the audit log, single sign-on and the setup token, together. */
import type { DuckDBConnection } from '@duckdb/node-api';
import { UserStore } from './users.js';
import { SessionStore, DEFAULT_SESSION_POLICY, type SessionPolicy } from './sessions.js';
import { ApiTokenStore } from './api-tokens.js';
import { AuditLog } from './audit.js';
import { Lockout, DEFAULT_LOCKOUT, type LockoutPolicy } from './lockout.js';
import { OidcClient, type OidcConfig } from './oidc.js';
import { SetupToken } from './setup.js';

export interface AccountOptions {
  /** A connection for lookups; the write connection is then used only under the caller's write lock. */
  read?: DuckDBConnection;
  session?: Partial<SessionPolicy>; lockout?: Partial<LockoutPolicy>; oidc?: OidcConfig | null; fetch?: typeof fetch }

export class Accounts {
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly tokens: ApiTokenStore;
  readonly audit: AuditLog;
  readonly lockout: Lockout;
  readonly oidc: OidcClient | null;
  readonly setup = new SetupToken();

  constructor(conn: DuckDBConnection, options: AccountOptions = {}) {
    const read = options.read ?? conn;
    this.users = new UserStore(conn, read);
    this.sessions = new SessionStore(conn, { ...DEFAULT_SESSION_POLICY, ...options.session }, read);
    this.tokens = new ApiTokenStore(conn, read);
    this.audit = new AuditLog(conn, read);
    this.lockout = new Lockout({ ...DEFAULT_LOCKOUT, ...options.lockout });
    this.oidc = options.oidc ? new OidcClient(options.oidc, options.fetch) : null;
  }
}
