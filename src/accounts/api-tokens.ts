/**
 * API tokens for scripts: a name, a role, an optional expiry. The token is shown once at creation; only its
 * SHA-256 is kept (it is a 256-bit random value, so a fast digest is a safe stored form and allows lookup).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { hashSecret, newId, newSecret } from '../devices/secrets.js';
import type { Role } from '../server/permissions.js';
import { iso } from './time.js';

export const API_TOKEN_PREFIX = 'ppt';

export interface ApiToken {
  id: string; name: string; role: Role; createdBy: string | null; createdAt: string;
  expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null;
}

const toToken = (r: unknown[]): ApiToken => ({
  id: String(r[0]), name: String(r[1]), role: String(r[2]) as Role, createdBy: r[3] === null ? null : String(r[3]),
  createdAt: iso(r[4])!, expiresAt: iso(r[5]), lastUsedAt: iso(r[6]), revokedAt: iso(r[7]),
});
const COLUMNS = 'id, name, role, created_by, created_at, expires_at, last_used_at, revoked_at';

export class ApiTokenStore {
  /** When each token's last use was written, so a busy script costs one write a minute, not one a request. */
  private readonly lastWrite = new Map<string, number>();

  /** `conn` writes and is used only while the caller holds the write lock; lookups read through `read`. */
  constructor(private readonly conn: DuckDBConnection, private readonly read: DuckDBConnection = conn) {}

  async create(input: { name: string; role: Role; createdBy?: string; expiresAt?: Date }): Promise<{ token: ApiToken; secret: string }> {
    const id = newId();
    const secret = newSecret(API_TOKEN_PREFIX);
    await this.conn.run(
      `INSERT INTO app.api_tokens (id, name, role, token_hash, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP, $7::TIMESTAMP)`,
      [id, input.name, input.role, hashSecret(secret), input.createdBy ?? null, new Date().toISOString(), input.expiresAt?.toISOString() ?? null]);
    return { token: (await this.get(id))!, secret };
  }

  async get(id: string): Promise<ApiToken | null> {
    const rows = (await this.read.runAndReadAll(`SELECT ${COLUMNS} FROM app.api_tokens WHERE id = $1`, [id])).getRowsJS();
    return rows.length ? toToken(rows[0]) : null;
  }

  async list(): Promise<ApiToken[]> {
    return (await this.read.runAndReadAll(`SELECT ${COLUMNS} FROM app.api_tokens ORDER BY created_at`)).getRowsJS().map(toToken);
  }

  /** The live token for a bearer value, or null (unknown, revoked or expired). */
  async find(secret: string): Promise<ApiToken | null> {
    const rows = (await this.read.runAndReadAll(
      `SELECT ${COLUMNS} FROM app.api_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > $2::TIMESTAMP)`,
      [hashSecret(secret), new Date().toISOString()])).getRowsJS();
    return rows.length ? toToken(rows[0]) : null;
  }

  /** Whether a use of this token should be written now (at most once a minute). */
  dueForUse(id: string): boolean {
    const last = this.lastWrite.get(id) ?? 0;
    if (Date.now() - last < 60_000) return false;
    this.lastWrite.set(id, Date.now());
    return true;
  }

  async recordUse(id: string): Promise<void> {
    await this.conn.run('UPDATE app.api_tokens SET last_used_at = $2::TIMESTAMP WHERE id = $1', [id, new Date().toISOString()]);
  }

  async revoke(id: string): Promise<boolean> {
    const r = await this.conn.runAndReadAll('UPDATE app.api_tokens SET revoked_at = $2::TIMESTAMP WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id, new Date().toISOString()]);
    return r.getRowsJS().length > 0;
  }
}
