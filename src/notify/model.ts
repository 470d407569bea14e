/**
 * Notifications as stored and sent: channels (where to), subscriptions (which alerts go there), outbox entries
 * (what is waiting, sending, sent or failed) and the delivery a channel sends.
 */
import type { Alert, Severity } from '../alerts/model.js';

export type ChannelKind = 'email' | 'webhook' | 'teams' | 'slack' | 'syslog';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['email', 'webhook', 'teams', 'slack', 'syslog'];
export const SEVERITIES: readonly Severity[] = ['informational', 'low', 'medium', 'high'];

export interface Channel {
  channelId: string;
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  /** Non-secret settings, as the channel's driver parsed them. */
  config: Record<string, unknown>;
  /** Secret settings (password, signing key, webhook URL with its token), sealed: never returned by the API. */
  secrets: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export interface Subscription {
  subscriptionId: string;
  channelId: string;
  severities: Severity[];
  /** null: every rule. */
  ruleIds: string[] | null;
  /** E-mail only: collect alerts for this many minutes, then send one message. null: one message per alert. */
  digestMinutes: number | null;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';

export interface OutboxEntry {
  id: string;
  channelId: string;
  subscriptionId: string | null;
  kind: 'alert' | 'digest';
  alertIds: string[];
  summary: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

/** An alert as the outbox keeps it: everything but the evidence row, which can be large. */
export type AlertSnapshot = Omit<Alert, 'evidence'>;

export function snapshot(alert: Alert): AlertSnapshot {
  const { evidence: _evidence, ...rest } = alert;
  return rest;
}

/** One message to send. `id` is stable across retries, so a receiver can drop the rare duplicate. */
export interface Delivery {
  id: string;
  kind: 'alert' | 'digest' | 'test';
  alerts: AlertSnapshot[];
  /** For a digest: the window it covers. */
  digestMinutes?: number;
}
