/**
 * Stored channels: settings checked by their driver; secrets sealed (encrypted with the server's key, bound to
 * their channel kind and field) in a column of their own, and only ever shown as "set".
 */
import { newId } from '../devices/secrets.js';
import { DRIVERS } from './channels/index.js';
import { iso, type NotifyDb, type Row } from './db.js';
import type { Channel, ChannelKind } from './model.js';

/** A channel as the API shows it. */
export interface ChannelView {
  channelId: string; name: string; kind: ChannelKind; enabled: boolean;
  config: Record<string, unknown>;
  /** Each secret setting: 'set', or null when it has none. */
  secrets: Record<string, 'set' | null>;
  createdAt: string; updatedAt: string;
}

export function view(c: Channel): ChannelView {
  const secrets: Record<string, 'set' | null> = {};
  for (const f of DRIVERS[c.kind].secretFields) secrets[f] = c.secrets[f] ? 'set' : null;
  return { channelId: c.channelId, name: c.name, kind: c.kind, enabled: c.enabled, config: c.config, secrets, createdAt: c.createdAt, updatedAt: c.updatedAt };
}

/** Splits parsed settings into the stored config and the secrets; undefined values are dropped. */
function split(kind: ChannelKind, parsed: Record<string, unknown>): { config: Record<string, unknown>; secrets: Record<string, string> } {
  const secretFields = DRIVERS[kind].secretFields;
  const config: Record<string, unknown> = {}, secrets: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed)) {
    if (v === undefined) continue;
    if (secretFields.includes(k)) secrets[k] = String(v); else config[k] = v;
  }
  return { config, secrets };
}

/** Encryption at rest for secrets (the accounts SecretBox fits): `context` binds a value to its field. */
export interface SecretSealer {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

const sealContext = (kind: ChannelKind, field: string) => `notify.${kind}.${field}`;

function fromRow(r: Row): Channel {
  return {
    channelId: String(r.channel_id), name: String(r.name), kind: String(r.kind) as ChannelKind, enabled: Boolean(r.enabled),
    config: JSON.parse(String(r.config)), secrets: JSON.parse(String(r.secrets)), createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
  };
}

export class ChannelStore {
  constructor(private readonly db: NotifyDb, private readonly sealer: SecretSealer, private readonly clock: () => Date) {}

  /** The channel's settings with its secrets opened, as its driver's `parse` takes them. */
  settings(c: Channel): Record<string, unknown> {
    const open: Record<string, string> = {};
    for (const [k, v] of Object.entries(c.secrets)) open[k] = this.sealer.open(v, sealContext(c.kind, k));
    return { ...c.config, ...open };
  }

  private seal(kind: ChannelKind, secrets: Record<string, string>): Record<string, string> {
    const sealed: Record<string, string> = {};
    for (const [k, v] of Object.entries(secrets)) sealed[k] = this.sealer.seal(v, sealContext(kind, k));
    return sealed;
  }

  /** Parses the settings with the kind's driver (ConfigError on a bad one) and stores the channel. */
  async create(input: { name: string; kind: ChannelKind; enabled?: boolean; config: Record<string, unknown> }): Promise<{ channel: Channel; generated: Record<string, string> }> {
    const driver = DRIVERS[input.kind];
    const given = { ...input.config };
    const generated: Record<string, string> = {};
    for (const [k, v] of Object.entries(driver.generateSecrets?.() ?? {})) {
      if (given[k] === undefined || given[k] === null || given[k] === '') { given[k] = v; generated[k] = v; }
    }
    const parts = split(input.kind, driver.parse(given) as Record<string, unknown>);
    const config = parts.config, secrets = this.seal(input.kind, parts.secrets);
    const now = this.clock().toISOString();
    const channel: Channel = { channelId: newId(), name: input.name, kind: input.kind, enabled: input.enabled ?? true, config, secrets, createdAt: now, updatedAt: now };
    await this.db.all(
      'INSERT INTO app.notify_channels VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP, $7::TIMESTAMP)',
      [channel.channelId, channel.name, channel.kind, channel.enabled, JSON.stringify(config), JSON.stringify(secrets), now]);
    return { channel, generated };
  }

  async get(id: string): Promise<Channel | null> {
    const rows = await this.db.all('SELECT * FROM app.notify_channels WHERE channel_id = $1', [id]);
    return rows.length ? fromRow(rows[0]) : null;
  }

  async list(): Promise<Channel[]> {
    return (await this.db.all('SELECT * FROM app.notify_channels ORDER BY created_at, channel_id')).map(fromRow);
  }

  /**
   * Changes name, enabled or settings. Settings merge over the stored ones: a field given replaces it, a field
   * given as null removes it, a field left out (a secret, typically) keeps its value.
   */
  async update(id: string, patch: { name?: string; enabled?: boolean; config?: Record<string, unknown> }): Promise<Channel | null> {
    const c = await this.get(id);
    if (!c) return null;
    let { config, secrets } = c;
    if (patch.config) {
      const merged = this.settings(c);
      for (const [k, v] of Object.entries(patch.config)) { if (v === null) delete merged[k]; else merged[k] = v; }
      const parts = split(c.kind, DRIVERS[c.kind].parse(merged) as Record<string, unknown>);
      config = parts.config;
      secrets = this.seal(c.kind, parts.secrets);
    }
    const updated: Channel = { ...c, name: patch.name ?? c.name, enabled: patch.enabled ?? c.enabled, config, secrets, updatedAt: this.clock().toISOString() };
    await this.db.all('UPDATE app.notify_channels SET name = $2, enabled = $3, config = $4, secrets = $5, updated_at = $6::TIMESTAMP WHERE channel_id = $1',
      [id, updated.name, updated.enabled, JSON.stringify(config), JSON.stringify(secrets), updated.updatedAt]);
    return updated;
  }

  /** Removes the channel, its subscriptions and pending digests; what it still had to send is cancelled. */
  async delete(id: string): Promise<boolean> {
    return this.db.tx(async q => {
      const gone = await q('DELETE FROM app.notify_channels WHERE channel_id = $1 RETURNING channel_id', [id]);
      if (!gone.length) return false;
      await q('DELETE FROM app.notify_digest_items WHERE subscription_id IN (SELECT subscription_id FROM app.notify_subscriptions WHERE channel_id = $1)', [id]);
      await q('DELETE FROM app.notify_subscriptions WHERE channel_id = $1', [id]);
      await q(`UPDATE app.notify_outbox SET status = 'cancelled', last_error = 'The channel was deleted.', updated_at = $2::TIMESTAMP
               WHERE channel_id = $1 AND status = 'pending'`, [id, this.clock().toISOString()]);
      return true;
    });
  }
}
