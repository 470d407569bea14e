/**
 * Login sessions. The browser holds a random 256-bit session id in an HttpOnly cookie; the database holds only
 * its SHA-256, the user, a CSRF token bound to the session, and two clocks: an idle timeout and an absolute
 * lifetime (all times are written from the server's clock, in UTC). The user's current role and disabled state are read with the session, so changes apply at once.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { randomBytes } from 'node:crypto';
import { hashSecret } from '../devices/secrets.js';
import type { Role } from '../server/permissions.js';

export interface SessionPolicy { idleMinutes: number; maxHours: number }
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 8 * 60, maxHours: 24 };

export interface ActiveSession {
  idHash: string; csrfToken: string; expiresAt: Date; lastSeenMs: number;
  user: { id: string; username: string; displayName: string; role: Role };
}

export class SessionStore {
  /** `conn` writes and is used only while the caller holds the write lock; lookups read through `read`. */
  constructor(private readonly conn: DuckDBConnection, readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY, private readonly read: DuckDBConnection = conn) {}

  /** Starts a session; returns the id for the cookie (never stored) and the CSRF token for the client. */
  async create(userId: string, meta: { ip?: string; userAgent?: string } = {}): Promise<{ id: string; csrfToken: string; expiresAt: Date }> {
    const id = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.policy.maxHours * 3_600_000);
    await this.conn.run(
      `INSERT INTO app.sessions (id_hash, user_id, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent)
       VALUES ($1, $2, $3, $4::TIMESTAMP, $5::TIMESTAMP, $4::TIMESTAMP, $6, $7)`,
      [hashSecret(id), userId, csrfToken, now.toISOString(), expiresAt.toISOString(), meta.ip ?? null, (meta.userAgent ?? '').slice(0, 300) || null]);
    return { id, csrfToken, expiresAt };
  }

  /** The live session for a cookie value, or null when unknown, expired, idle too long, or its user is disabled. */
  async find(id: string): Promise<ActiveSession | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const idHash = hashSecret(id);
    const rows = (await this.read.runAndReadAll(
      `SELECT s.csrf_token, epoch_ms(s.expires_at), epoch_ms(s.last_seen_at), u.id, u.username, u.display_name, u.role
       FROM app.sessions s JOIN app.users u ON u.id = s.user_id
       WHERE s.id_hash = $1 AND u.disabled_at IS NULL`, [idHash])).getRowsJS();
    if (!rows.length) return null;
    const [csrf, expires, lastSeen, userId, username, displayName, role] = rows[0];
    const now = Date.now();
    if (Number(expires) <= now || Number(lastSeen) + this.policy.idleMinutes * 60_000 <= now) return null;
    return {
      idHash, csrfToken: String(csrf), expiresAt: new Date(Number(expires)), lastSeenMs: Number(lastSeen),
      user: { id: String(userId), username: String(username), displayName: String(displayName), role: String(role) as Role },
    };
  }

  /** Whether the idle clock is worth restarting (at most one write a minute per session). */
  stale(session: ActiveSession): boolean {
    return Date.now() - session.lastSeenMs > 60_000;
  }

  async touch(idHash: string): Promise<void> {
    await this.conn.run('UPDATE app.sessions SET last_seen_at = $2::TIMESTAMP WHERE id_hash = $1', [idHash, new Date().toISOString()]);
  }

  async end(idHash: string): Promise<void> {
    await this.conn.run('DELETE FROM app.sessions WHERE id_hash = $1', [idHash]);
  }

  /** Ends every session of a user, except one (the caller's own, after a password change). */
  async endAllFor(userId: string, except?: string): Promise<void> {
    await this.conn.run('DELETE FROM app.sessions WHERE user_id = $1 AND id_hash <> $2', [userId, except ?? '']);
  }

  async purgeExpired(): Promise<void> {
    const now = Date.now();
    await this.conn.run('DELETE FROM app.sessions WHERE expires_at <= $1::TIMESTAMP OR last_seen_at <= $2::TIMESTAMP',
      [new Date(now).toISOString(), new Date(now - this.policy.idleMinutes * 60_000).toISOString()]);
  }
}
