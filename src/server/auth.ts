/**
 * Request authentication. Until user accounts exist, administrators use the admin token (set by
 * PICKET_ADMIN_TOKEN or generated at first start and printed once); devices use their device tokens.
 */
import type { FastifyRequest } from 'fastify';
import type { DuckDBConnection } from '@duckdb/node-api';
import { timingSafeEqual } from 'node:crypto';
import { hashSecret, newSecret } from '../devices/secrets.js';
import type { Registry } from '../devices/registry.js';
import { HttpError } from './errors.js';
import type { Permission } from './permissions.js';

export function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1] : null;
}

/** Makes sure an admin token exists; returns it when it was just created (to print once), else null. */
export async function ensureAdminToken(conn: DuckDBConnection, fromEnv?: string): Promise<string | null> {
  if (fromEnv) {
    await conn.run("INSERT OR REPLACE INTO app.meta VALUES ('admin_token_hash', $1)", [hashSecret(fromEnv)]);
    return null;
  }
  const rows = (await conn.runAndReadAll("SELECT value FROM app.meta WHERE key = 'admin_token_hash'")).getRowsJS();
  if (rows.length) return null;
  const token = newSecret('pat');
  await conn.run("INSERT INTO app.meta VALUES ('admin_token_hash', $1)", [hashSecret(token)]);
  return token;
}

export class Authenticator {
  constructor(private readonly adminHash: string, private readonly registry: Registry) {}

  static async load(conn: DuckDBConnection, registry: Registry): Promise<Authenticator> {
    const rows = (await conn.runAndReadAll("SELECT value FROM app.meta WHERE key = 'admin_token_hash'")).getRowsJS();
    return new Authenticator(rows.length ? String(rows[0][0]) : '', registry);
  }

  /** Checks that the caller may do this; until accounts exist, only the admin token holds permissions. */
  require(req: FastifyRequest, _permission: Permission): void {
    this.requireAdmin(req);
  }

  requireAdmin(req: FastifyRequest): void {
    const token = bearer(req);
    if (!token) throw new HttpError(401, 'unauthenticated', 'This request needs an admin token (Authorization: Bearer …).');
    const a = Buffer.from(hashSecret(token)), b = Buffer.from(this.adminHash);
    if (!this.adminHash || a.length !== b.length || !timingSafeEqual(a, b)) throw new HttpError(403, 'forbidden', 'The token is not an admin token.');
  }

  async requireDevice(req: FastifyRequest): Promise<{ deviceId: string; deviceName: string }> {
    const token = bearer(req);
    if (!token) throw new HttpError(401, 'unauthenticated', 'This request needs a device token (Authorization: Bearer …).');
    const device = await this.registry.deviceForToken(token);
    if (!device) throw new HttpError(401, 'unauthenticated', 'The device token is not valid or has been revoked.');
    return device;
  }
}
