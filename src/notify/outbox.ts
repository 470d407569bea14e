/**
 * The persistent outbox. A notification is a row before anything is sent; a worker claims due rows with a lease
 * (status 'sending', lease_owner, lease_until), sends, and marks the row sent in one statement that checks it
 * still holds the lease. A row whose lease ran out (its worker died) is due again. So nothing is lost; the only
 * way to send twice is a crash (or a lost lease) between the receiver accepting a message and that statement.
 */
import { createHash } from 'node:crypto';
import { newId } from '../devices/secrets.js';
import type { Alert } from '../alerts/model.js';
import { iso, type NotifyDb, type Row } from './db.js';
import { snapshot, type AlertSnapshot, type OutboxEntry, type OutboxStatus, type Subscription } from './model.js';
import { countLine, oneLine } from './format.js';

export interface RetryPolicy {
  /** Delay after the first failed attempt; doubled after each further one. */
  baseMs: number;
  maxDelayMs: number;
  /** Attempts before a row is marked failed (it can still be retried by hand). */
  maxAttempts: number;
  /** ± this fraction of randomness, so many failed rows do not retry in lockstep. */
  jitter: number;
}

/** 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: 12 attempts over about five and a half hours. */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 12, jitter: 0.1 };

export function retryDelay(policy: RetryPolicy, attempts: number, random = Math.random): number {
  const d = Math.min(policy.maxDelayMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(d * (1 + policy.jitter * (2 * random() - 1)));
}

export interface Claimed {
  id: string;
  channelId: string;
  kind: 'alert' | 'digest';
  alerts: AlertSnapshot[];
  digestMinutes?: number;
  /** Including this one. */
  attempts: number;
}

interface Payload { alerts: AlertSnapshot[]; digestMinutes?: number }

/** The id of the one notification of `alertId` for `subscriptionId`: telling the outbox twice stores one row. */
export function outboxId(subscriptionId: string, alertId: string): string {
  return createHash('sha256').update(`${subscriptionId}\u0000${alertId}`).digest('hex').slice(0, 32);
}

function summary(p: Payload): string {
  if (p.alerts.length === 1) return oneLine(`${p.alerts[0].severity}: ${p.alerts[0].title} on ${p.alerts[0].deviceName ?? p.alerts[0].deviceId ?? '(no device)'}`);
  return `digest of ${countLine(p.alerts)}`;
}

function entry(r: Row): OutboxEntry {
  const p = JSON.parse(String(r.payload)) as Payload;
  return {
    id: String(r.id), channelId: String(r.channel_id), subscriptionId: r.subscription_id === null ? null : String(r.subscription_id),
    kind: String(r.kind) as OutboxEntry['kind'], alertIds: p.alerts.map(a => a.alertId), summary: summary(p),
    status: String(r.status) as OutboxStatus, attempts: Number(r.attempts), nextAttemptAt: iso(r.next_attempt_at)!,
    lastError: r.last_error === null ? null : String(r.last_error), createdAt: iso(r.created_at)!, updatedAt: iso(r.updated_at)!,
    sentAt: iso(r.sent_at),
  };
}

export class Outbox {
  constructor(private readonly db: NotifyDb, private readonly clock: () => Date, readonly policy: RetryPolicy = DEFAULT_RETRY) {}

  /**
   * Stores what the alerts mean for the subscriptions, in one transaction: a row per (subscription, alert) for
   * immediate ones, a digest item for digests. Returns how many new rows and items there are.
   */
  async enqueue(alerts: Alert[], subscriptions: Subscription[], match: (s: Subscription, a: Alert) => boolean): Promise<number> {
    const now = this.clock().toISOString();
    return this.db.tx(async q => {
      let added = 0;
      for (const a of alerts) {
        for (const s of subscriptions) {
          if (!match(s, a)) continue;
          const snap = JSON.stringify(snapshot(a));
          const r = s.digestMinutes
            ? await q('INSERT OR IGNORE INTO app.notify_digest_items VALUES ($1, $2, $3, $4::TIMESTAMP) RETURNING alert_id', [s.subscriptionId, a.alertId, snap, now])
            : await q(`INSERT OR IGNORE INTO app.notify_outbox (id, channel_id, subscription_id, kind, payload, status, attempts, next_attempt_at, created_at, updated_at)
                       VALUES ($1, $2, $3, 'alert', $4, 'pending', 0, $5::TIMESTAMP, $5::TIMESTAMP, $5::TIMESTAMP) RETURNING id`,
            [outboxId(s.subscriptionId, a.alertId), s.channelId, s.subscriptionId, `{"alerts":[${snap}]}`, now]);
          added += r.length;
        }
      }
      return added;
    });
  }

  /** Moves each digest whose window has closed (counted from its first alert) into one outbox row. */
  async flushDigests(): Promise<number> {
    const now = this.clock();
    return this.db.tx(async q => {
      const groups = await q(`SELECT d.subscription_id, s.channel_id, s.digest_minutes, min(d.added_at) AS first
        FROM app.notify_digest_items d JOIN app.notify_subscriptions s ON s.subscription_id = d.subscription_id
        GROUP BY ALL`);
      let flushed = 0;
      for (const g of groups) {
        const minutes = g.digest_minutes === null ? 0 : Number(g.digest_minutes);
        if (new Date(iso(g.first)!).getTime() + minutes * 60_000 > now.getTime()) continue;
        const items = await q('SELECT alert FROM app.notify_digest_items WHERE subscription_id = $1', [String(g.subscription_id)]);
        const alerts = items.map(i => JSON.parse(String(i.alert)) as AlertSnapshot).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
        const payload: Payload = { alerts, ...(minutes ? { digestMinutes: minutes } : {}) };
        await q(`INSERT INTO app.notify_outbox (id, channel_id, subscription_id, kind, payload, status, attempts, next_attempt_at, created_at, updated_at)
                 VALUES ($1, $2, $3, 'digest', $4, 'pending', 0, $5::TIMESTAMP, $5::TIMESTAMP, $5::TIMESTAMP)`,
        [newId() + newId(), String(g.channel_id), String(g.subscription_id), JSON.stringify(payload), now.toISOString()]);
        await q('DELETE FROM app.notify_digest_items WHERE subscription_id = $1', [String(g.subscription_id)]);
        flushed++;
      }
      return flushed;
    });
  }

  /**
   * Takes up to `limit` due rows for `owner` until now + leaseMs: pending ones whose time has come, and 'sending'
   * ones whose lease has expired (their worker is gone). Rows of disabled channels wait.
   */
  async claim(owner: string, leaseMs: number, limit: number): Promise<Claimed[]> {
    if (limit <= 0) return [];
    const now = this.clock();
    const rows = await this.db.all(`UPDATE app.notify_outbox SET status = 'sending', attempts = attempts + 1, lease_owner = $1,
        lease_until = $2::TIMESTAMP, updated_at = $3::TIMESTAMP
      WHERE id IN (SELECT o.id FROM app.notify_outbox o JOIN app.notify_channels c ON c.channel_id = o.channel_id
        WHERE c.enabled AND ((o.status = 'pending' AND o.next_attempt_at <= $3::TIMESTAMP) OR (o.status = 'sending' AND o.lease_until < $3::TIMESTAMP))
        ORDER BY o.next_attempt_at, o.created_at, o.id LIMIT $4)
      RETURNING id, channel_id, kind, payload, attempts`,
    [owner, new Date(now.getTime() + leaseMs).toISOString(), now.toISOString(), limit]);
    return rows.map(r => {
      const p = JSON.parse(String(r.payload)) as Payload;
      return { id: String(r.id), channelId: String(r.channel_id), kind: String(r.kind) as Claimed['kind'], alerts: p.alerts, digestMinutes: p.digestMinutes, attempts: Number(r.attempts) };
    });
  }

  /** Marks a claimed row sent; false when `owner` no longer held it (its lease ran out and another took it). */
  async markSent(id: string, owner: string): Promise<boolean> {
    const now = this.clock().toISOString();
    const r = await this.db.all(`UPDATE app.notify_outbox SET status = 'sent', sent_at = $3::TIMESTAMP, updated_at = $3::TIMESTAMP,
        lease_owner = NULL, lease_until = NULL, last_error = NULL
      WHERE id = $1 AND lease_owner = $2 AND status = 'sending' RETURNING id`, [id, owner, now]);
    return r.length > 0;
  }

  /** Records a failed attempt: due again after the backoff, or 'failed' when permanent or out of attempts. */
  async markFailed(id: string, owner: string, attempts: number, error: string, permanent: boolean): Promise<OutboxStatus> {
    const now = this.clock();
    const status: OutboxStatus = permanent || attempts >= this.policy.maxAttempts ? 'failed' : 'pending';
    const next = new Date(now.getTime() + (status === 'pending' ? retryDelay(this.policy, attempts) : 0));
    await this.db.all(`UPDATE app.notify_outbox SET status = $3, next_attempt_at = $4::TIMESTAMP, last_error = $5, updated_at = $6::TIMESTAMP,
        lease_owner = NULL, lease_until = NULL
      WHERE id = $1 AND lease_owner = $2 AND status = 'sending'`, [id, owner, status, next.toISOString(), error.slice(0, 1000), now.toISOString()]);
    return status;
  }

  async get(id: string): Promise<OutboxEntry | null> {
    const rows = await this.db.all('SELECT * FROM app.notify_outbox WHERE id = $1', [id]);
    return rows.length ? entry(rows[0]) : null;
  }

  async list(filter: { status?: OutboxStatus; channelId?: string; limit?: number } = {}): Promise<OutboxEntry[]> {
    const where: string[] = [], params: (string | number)[] = [];
    if (filter.status) { params.push(filter.status); where.push(`status = $${params.length}`); }
    if (filter.channelId) { params.push(filter.channelId); where.push(`channel_id = $${params.length}`); }
    params.push(filter.limit ?? 100);
    const rows = await this.db.all(`SELECT * FROM app.notify_outbox ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      ORDER BY created_at DESC, id LIMIT $${params.length}`, params);
    return rows.map(entry);
  }

  /** Makes a failed (or waiting) row due now with a fresh set of attempts; otherwise says why not. */
  async retry(id: string): Promise<'retried' | 'not_found' | OutboxStatus> {
    const now = this.clock().toISOString();
    return this.db.tx(async q => {
      const rows = await q('SELECT status FROM app.notify_outbox WHERE id = $1', [id]);
      if (!rows.length) return 'not_found';
      const status = String(rows[0].status) as OutboxStatus;
      if (status !== 'failed' && status !== 'pending') return status;
      await q(`UPDATE app.notify_outbox SET status = 'pending', attempts = 0, next_attempt_at = $2::TIMESTAMP, updated_at = $2::TIMESTAMP WHERE id = $1`, [id, now]);
      return 'retried';
    });
  }

  /** Forgets sent and cancelled rows older than `ageMs` (failed ones stay, to be seen and retried). */
  async purge(ageMs: number): Promise<void> {
    const before = new Date(this.clock().getTime() - ageMs).toISOString();
    await this.db.all(`DELETE FROM app.notify_outbox WHERE status IN ('sent', 'cancelled') AND updated_at < $1::TIMESTAMP`, [before]);
  }
}
