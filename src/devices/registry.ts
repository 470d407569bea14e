/**
 * Devices and enrolment keys in the application schema. A device enrols with an enrolment key and receives its
 * device id and a device token; only the token's hash is kept.
 */
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import { hashSecret, newDeviceId, newId, newSecret } from './secrets.js';

export interface EnrollmentKey {
  id: string; name: string; createdAt: string; expiresAt: string | null; revokedAt: string | null;
  uses: number; maxUses: number | null;
  /** Made with an onboarding package, whose secret is kept sealed so the package can be downloaded again. */
  package: boolean;
}

export interface Device {
  deviceId: string; deviceName: string; enrolledAt: string; lastSeen: string | null;
  agentVersion: string | null; osPlatform: string | null;
}

export class EnrollmentError extends Error {
  constructor(readonly reason: 'unknown' | 'revoked' | 'expired' | 'exhausted', message: string) { super(message); }
}

/** DuckDB TIMESTAMP values (UTC) as ISO text. */
const iso = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  const d = new Date(String(v).replace(' ', 'T') + (/Z|[+-]\d\d:?\d\d$/.test(String(v)) ? '' : 'Z'));
  return Number.isNaN(d.getTime()) ? String(v) : d.toISOString();
};

export class Registry {
  /** Device tokens already verified, by hash: ingest checks a token on every request. */
  private readonly tokenCache = new Map<string, string>();

  /** `conn` writes and is used only while the caller holds the write lock; lookups read through `read`. */
  constructor(private readonly conn: DuckDBConnection, private readonly read: DuckDBConnection = conn) {}

  async createEnrollmentKey(name: string, options: { expiresAt?: Date; maxUses?: number } = {}): Promise<{ key: EnrollmentKey; secret: string }> {
    const id = newId();
    const secret = newSecret('pek');
    const now = new Date();
    await this.conn.run(
      'INSERT INTO app.enrollment_keys (id, name, secret_hash, created_at, expires_at, max_uses) VALUES ($1, $2, $3, $4::TIMESTAMP, $5::TIMESTAMP, $6)',
      [id, name, hashSecret(secret), now.toISOString(), options.expiresAt?.toISOString() ?? null, options.maxUses ?? null]);
    return { key: { id, name, createdAt: now.toISOString(), expiresAt: options.expiresAt?.toISOString() ?? null, revokedAt: null, uses: 0, maxUses: options.maxUses ?? null, package: false }, secret };
  }

  async listEnrollmentKeys(): Promise<EnrollmentKey[]> {
    const rows = (await this.read.runAndReadAll(
      `SELECT id, name, created_at, expires_at, revoked_at, uses, max_uses, EXISTS (SELECT 1 FROM app.onboarding_keys o WHERE o.key_id = k.id)
       FROM app.enrollment_keys k ORDER BY created_at`)).getRowsJS();
    return rows.map(r => ({ id: String(r[0]), name: String(r[1]), createdAt: iso(r[2])!, expiresAt: iso(r[3]), revokedAt: iso(r[4]), uses: Number(r[5]), maxUses: r[6] === null ? null : Number(r[6]), package: Boolean(r[7]) }));
  }

  /** Revokes a key; returns false when there is no such key. Devices already enrolled keep their tokens. */
  async revokeEnrollmentKey(id: string): Promise<boolean> {
    const r = await this.conn.runAndReadAll('UPDATE app.enrollment_keys SET revoked_at = current_timestamp WHERE id = $1 AND revoked_at IS NULL RETURNING id', [id]);
    return r.getRowsJS().length > 0;
  }

  async enroll(secret: string, deviceName: string, facts: { osPlatform?: string; agentVersion?: string } = {}): Promise<{ device: Device; token: string }> {
    const rows = (await this.conn.runAndReadAll(
      'SELECT id, expires_at < current_timestamp, revoked_at IS NOT NULL, max_uses IS NOT NULL AND uses >= max_uses FROM app.enrollment_keys WHERE secret_hash = $1',
      [hashSecret(secret)])).getRowsJS();
    if (!rows.length) throw new EnrollmentError('unknown', 'The enrolment key is not valid.');
    const [keyId, expired, revoked, exhausted] = rows[0];
    if (revoked) throw new EnrollmentError('revoked', 'The enrolment key has been revoked.');
    if (expired) throw new EnrollmentError('expired', 'The enrolment key has expired.');
    if (exhausted) throw new EnrollmentError('exhausted', 'The enrolment key has been used as many times as it allows.');
    const device: Device = { deviceId: newDeviceId(), deviceName, enrolledAt: new Date().toISOString(), lastSeen: null, agentVersion: facts.agentVersion ?? null, osPlatform: facts.osPlatform ?? null };
    const token = newSecret('pdt');
    await this.conn.run('BEGIN TRANSACTION');
    try {
      await this.conn.run('UPDATE app.enrollment_keys SET uses = uses + 1 WHERE id = $1', [String(keyId)]);
      await this.conn.run(
        'INSERT INTO app.devices (device_id, device_name, token_hash, enrollment_key_id, enrolled_at, agent_version, os_platform) VALUES ($1, $2, $3, $4, $5::TIMESTAMP, $6, $7)',
        [device.deviceId, deviceName, hashSecret(token), String(keyId), device.enrolledAt, device.agentVersion, device.osPlatform]);
      await this.conn.run('COMMIT');
    } catch (err) {
      await this.conn.run('ROLLBACK');
      throw err;
    }
    return { device, token };
  }

  /** The device a token belongs to, or null. */
  async deviceForToken(token: string): Promise<{ deviceId: string; deviceName: string } | null> {
    const hash = hashSecret(token);
    const cached = this.tokenCache.get(hash);
    if (cached) return JSON.parse(cached) as { deviceId: string; deviceName: string };
    const rows = (await this.read.runAndReadAll('SELECT device_id, device_name FROM app.devices WHERE token_hash = $1 AND revoked_at IS NULL', [hash])).getRowsJS();
    if (!rows.length) return null;
    const device = { deviceId: String(rows[0][0]), deviceName: String(rows[0][1]) };
    this.tokenCache.set(hash, JSON.stringify(device));
    return device;
  }

  private readonly lastSeen = new Map<string, { at: Date; agentVersion?: string }>();

  /** Notes that a device reported; written to the database by flushSeen, not on every batch. */
  seen(deviceId: string, agentVersion?: string): void {
    this.lastSeen.set(deviceId, { at: new Date(), agentVersion: agentVersion ?? this.lastSeen.get(deviceId)?.agentVersion });
  }

  /** Writes the last-seen times noted since the previous flush, in one statement. */
  async flushSeen(): Promise<number> {
    if (!this.lastSeen.size) return 0;
    const rows = [...this.lastSeen].map(([id, s]) => ({ id, at: s.at.toISOString(), v: s.agentVersion ?? null }));
    this.lastSeen.clear();
    await this.conn.run(
      `UPDATE app.devices SET last_seen = s.at::TIMESTAMP, agent_version = coalesce(s.v, agent_version)
       FROM (SELECT unnest($1::VARCHAR[]) AS id, unnest($2::VARCHAR[]) AS at, unnest($3::VARCHAR[]) AS v) AS s
       WHERE app.devices.device_id = s.id`,
      [listValue(rows.map(r => r.id)), listValue(rows.map(r => r.at)), listValue(rows.map(r => r.v))]);
    return rows.length;
  }

  async touch(deviceId: string, agentVersion?: string): Promise<void> {
    await this.conn.run('UPDATE app.devices SET last_seen = current_timestamp, agent_version = coalesce($2, agent_version) WHERE device_id = $1', [deviceId, agentVersion ?? null]);
  }

  async listDevices(): Promise<Device[]> {
    const rows = (await this.read.runAndReadAll('SELECT device_id, device_name, enrolled_at, last_seen, agent_version, os_platform FROM app.devices ORDER BY device_name')).getRowsJS();
    return rows.map(r => ({ deviceId: String(r[0]), deviceName: String(r[1]), enrolledAt: iso(r[2])!, lastSeen: iso(r[3]), agentVersion: r[4] === null ? null : String(r[4]), osPlatform: r[5] === null ? null : String(r[5]) }));
  }

  /** Finds or creates a device by name, for imports and collectors that name devices rather than enrol them. */
  async deviceByName(deviceName: string): Promise<{ deviceId: string; deviceName: string }> {
    const rows = (await this.conn.runAndReadAll('SELECT device_id FROM app.devices WHERE lower(device_name) = lower($1) ORDER BY enrolled_at LIMIT 1', [deviceName])).getRowsJS();
    if (rows.length) return { deviceId: String(rows[0][0]), deviceName };
    const deviceId = newDeviceId();
    await this.conn.run('INSERT INTO app.devices (device_id, device_name, token_hash, enrolled_at) VALUES ($1, $2, $3, current_timestamp)',
      [deviceId, deviceName, hashSecret(newSecret('none'))]);
    return { deviceId, deviceName };
  }
}
