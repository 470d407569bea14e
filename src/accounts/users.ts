/**
 * User accounts in the application schema: local users (argon2id password) and single-sign-on users (no
 * password; identified by issuer and subject). Callers run writes inside the server's write mutex.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { newId } from '../devices/secrets.js';
import type { Role } from '../server/permissions.js';
import { hashPassword } from './passwords.js';
import { iso } from './time.js';

export interface User {
  id: string; username: string; displayName: string; role: Role; source: 'local' | 'oidc';
  createdAt: string; updatedAt: string; lastLoginAt: string | null; disabled: boolean;
}

/** User names: what people type at a login prompt; e-mail addresses and UPNs fit. */
export const USERNAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}$';
const USERNAME = new RegExp(USERNAME_PATTERN);

export class AccountError extends Error {
  constructor(readonly code: 'username_taken' | 'invalid_username' | 'last_admin' | 'not_found', message: string) { super(message); }
}

const COLUMNS = 'id, username, display_name, role, source, created_at, updated_at, last_login_at, disabled_at';
const toUser = (r: unknown[]): User => ({
  id: String(r[0]), username: String(r[1]), displayName: String(r[2]), role: String(r[3]) as Role,
  source: String(r[4]) as User['source'], createdAt: iso(r[5])!, updatedAt: iso(r[6])!, lastLoginAt: iso(r[7]), disabled: r[8] !== null,
});

export class UserStore {
  /** `conn` writes and is used only while the caller holds the write lock; lookups read through `read`. */
  constructor(private readonly conn: DuckDBConnection, private readonly read: DuckDBConnection = conn) {}

  async count(): Promise<number> {
    return Number((await this.read.runAndReadAll('SELECT count(*) FROM app.users')).getRowsJS()[0][0]);
  }

  async list(): Promise<User[]> {
    return (await this.read.runAndReadAll(`SELECT ${COLUMNS} FROM app.users ORDER BY username`)).getRowsJS().map(toUser);
  }

  async get(id: string): Promise<User | null> {
    const rows = (await this.read.runAndReadAll(`SELECT ${COLUMNS} FROM app.users WHERE id = $1`, [id])).getRowsJS();
    return rows.length ? toUser(rows[0]) : null;
  }

  /** A user and their password hash, by name (case-insensitive), for login. */
  async forLogin(username: string): Promise<{ user: User; passwordHash: string | null } | null> {
    const rows = (await this.read.runAndReadAll(`SELECT ${COLUMNS}, password_hash FROM app.users WHERE lower(username) = lower($1)`, [username])).getRowsJS();
    return rows.length ? { user: toUser(rows[0]), passwordHash: rows[0][9] === null ? null : String(rows[0][9]) } : null;
  }

  async bySubject(subject: string): Promise<User | null> {
    const rows = (await this.read.runAndReadAll(`SELECT ${COLUMNS} FROM app.users WHERE source = 'oidc' AND subject = $1`, [subject])).getRowsJS();
    return rows.length ? toUser(rows[0]) : null;
  }

  async create(input: { username: string; displayName?: string; role: Role; password?: string; subject?: string }): Promise<User> {
    if (!USERNAME.test(input.username)) throw new AccountError('invalid_username', 'A user name is 1 to 128 letters, digits and . _ @ + -, starting with a letter or digit.');
    if (await this.forLogin(input.username)) throw new AccountError('username_taken', `A user named ${input.username} already exists.`);
    const id = newId();
    const now = new Date().toISOString();
    const passwordHash = input.password === undefined ? null : await hashPassword(input.password);
    await this.conn.run(
      `INSERT INTO app.users (id, username, display_name, role, password_hash, source, subject, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::TIMESTAMP, $8::TIMESTAMP)`,
      [id, input.username, input.displayName ?? input.username, input.role, passwordHash, input.subject ? 'oidc' : 'local', input.subject ?? null, now]);
    return (await this.get(id))!;
  }

  /**
   * Changes role, display name or disabled state; refuses to leave no enabled admin, unless `force` (the identity
   * provider decides the roles of single-sign-on users, and a demotion there must take effect here).
   */
  async update(id: string, change: { role?: Role; displayName?: string; disabled?: boolean }, force = false): Promise<User> {
    const user = await this.get(id);
    if (!user) throw new AccountError('not_found', `No user ${id}.`);
    const losesAdmin = user.role === 'admin' && !user.disabled && ((change.role && change.role !== 'admin') || change.disabled === true);
    if (losesAdmin && !force && (await this.enabledAdmins()) <= 1) throw new AccountError('last_admin', 'This is the last enabled admin; make another admin first.');
    await this.conn.run(
      `UPDATE app.users SET role = coalesce($2::VARCHAR, role), display_name = coalesce($3::VARCHAR, display_name),
         disabled_at = CASE WHEN $4::BOOLEAN IS NULL THEN disabled_at WHEN $4::BOOLEAN THEN coalesce(disabled_at, $5::TIMESTAMP) ELSE NULL END,
         updated_at = $5::TIMESTAMP WHERE id = $1`,
      [id, change.role ?? null, change.displayName ?? null, change.disabled ?? null, new Date().toISOString()]);
    return (await this.get(id))!;
  }

  async setPassword(id: string, password: string): Promise<void> {
    await this.conn.run("UPDATE app.users SET password_hash = $2, updated_at = $3::TIMESTAMP WHERE id = $1 AND source = 'local'",
      [id, await hashPassword(password), new Date().toISOString()]);
  }

  async remove(id: string): Promise<void> {
    const user = await this.get(id);
    if (!user) throw new AccountError('not_found', `No user ${id}.`);
    if (user.role === 'admin' && !user.disabled && (await this.enabledAdmins()) <= 1) throw new AccountError('last_admin', 'This is the last enabled admin; make another admin first.');
    await this.conn.run('DELETE FROM app.sessions WHERE user_id = $1', [id]);
    await this.conn.run('DELETE FROM app.users WHERE id = $1', [id]);
  }

  async recordLogin(id: string): Promise<void> {
    await this.conn.run('UPDATE app.users SET last_login_at = $2::TIMESTAMP WHERE id = $1', [id, new Date().toISOString()]);
  }

  private async enabledAdmins(): Promise<number> {
    return Number((await this.conn.runAndReadAll("SELECT count(*) FROM app.users WHERE role = 'admin' AND disabled_at IS NULL")).getRowsJS()[0][0]);
  }
}
