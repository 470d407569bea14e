/** Which alerts go to which channel: by severity and rule, at once or collected into an e-mail digest. */
import type { Alert, Severity } from '../alerts/model.js';
import { newId } from '../devices/secrets.js';
import { iso, type NotifyDb, type Row } from './db.js';
import type { Subscription } from './model.js';

export interface SubscriptionInput {
  channelId: string;
  severities: Severity[];
  ruleIds?: string[] | null;
  digestMinutes?: number | null;
  enabled?: boolean;
}

function fromRow(r: Row): Subscription {
  return {
    subscriptionId: String(r.subscription_id), channelId: String(r.channel_id),
    severities: JSON.parse(String(r.severities)), ruleIds: r.rule_ids === null ? null : JSON.parse(String(r.rule_ids)),
    digestMinutes: r.digest_minutes === null ? null : Number(r.digest_minutes), enabled: Boolean(r.enabled),
    createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
  };
}

export function matches(s: Subscription, alert: Pick<Alert, 'severity' | 'ruleId'>): boolean {
  return s.enabled && s.severities.includes(alert.severity) && (s.ruleIds === null || s.ruleIds.includes(alert.ruleId));
}

export class SubscriptionStore {
  constructor(private readonly db: NotifyDb, private readonly clock: () => Date) {}

  async create(input: SubscriptionInput): Promise<Subscription> {
    const now = this.clock().toISOString();
    const s: Subscription = {
      subscriptionId: newId(), channelId: input.channelId, severities: [...new Set(input.severities)], ruleIds: input.ruleIds ?? null,
      digestMinutes: input.digestMinutes ?? null, enabled: input.enabled ?? true, createdAt: now, updatedAt: now,
    };
    await this.db.all('INSERT INTO app.notify_subscriptions VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP, $7::TIMESTAMP)',
      [s.subscriptionId, s.channelId, JSON.stringify(s.severities), s.ruleIds ? JSON.stringify(s.ruleIds) : null, s.digestMinutes, s.enabled, now]);
    return s;
  }

  async get(id: string): Promise<Subscription | null> {
    const rows = await this.db.all('SELECT * FROM app.notify_subscriptions WHERE subscription_id = $1', [id]);
    return rows.length ? fromRow(rows[0]) : null;
  }

  async list(channelId?: string): Promise<Subscription[]> {
    const rows = channelId
      ? await this.db.all('SELECT * FROM app.notify_subscriptions WHERE channel_id = $1 ORDER BY created_at, subscription_id', [channelId])
      : await this.db.all('SELECT * FROM app.notify_subscriptions ORDER BY created_at, subscription_id');
    return rows.map(fromRow);
  }

  /** Enabled subscriptions of enabled channels, with their channel's kind. */
  async active(): Promise<(Subscription & { channelKind: string })[]> {
    const rows = await this.db.all(`SELECT s.*, c.kind AS channel_kind FROM app.notify_subscriptions s
      JOIN app.notify_channels c ON c.channel_id = s.channel_id WHERE s.enabled AND c.enabled`);
    return rows.map(r => ({ ...fromRow(r), channelKind: String(r.channel_kind) }));
  }

  async update(id: string, patch: Partial<Omit<SubscriptionInput, 'channelId'>>): Promise<Subscription | null> {
    const s = await this.get(id);
    if (!s) return null;
    const u: Subscription = {
      ...s,
      severities: patch.severities ? [...new Set(patch.severities)] : s.severities,
      ruleIds: patch.ruleIds !== undefined ? patch.ruleIds : s.ruleIds,
      digestMinutes: patch.digestMinutes !== undefined ? patch.digestMinutes : s.digestMinutes,
      enabled: patch.enabled ?? s.enabled,
      updatedAt: this.clock().toISOString(),
    };
    await this.db.all('UPDATE app.notify_subscriptions SET severities = $2, rule_ids = $3, digest_minutes = $4, enabled = $5, updated_at = $6::TIMESTAMP WHERE subscription_id = $1',
      [id, JSON.stringify(u.severities), u.ruleIds ? JSON.stringify(u.ruleIds) : null, u.digestMinutes, u.enabled, u.updatedAt]);
    return u;
  }

  /** Removes the subscription; alerts already collected for its digest are dropped with it. */
  async delete(id: string): Promise<boolean> {
    return this.db.tx(async q => {
      const gone = await q('DELETE FROM app.notify_subscriptions WHERE subscription_id = $1 RETURNING subscription_id', [id]);
      if (gone.length) await q('DELETE FROM app.notify_digest_items WHERE subscription_id = $1', [id]);
      return gone.length > 0;
    });
  }
}
