/** Version 4: notification channels, subscriptions, the persistent outbox and pending e-mail digests. */
import type { Migration } from './types.js';

export const migration: Migration = {
  version: 4,
  name: 'notification channels, subscriptions and outbox',
  statements: [
    // config holds the non-secret settings as JSON; secrets (passwords, signing keys, webhook URLs with tokens)
    // are kept apart so that nothing that reads channels for display can return them by mistake
    `CREATE TABLE app.notify_channels (channel_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, kind VARCHAR NOT NULL,
       enabled BOOLEAN NOT NULL, config VARCHAR NOT NULL, secrets VARCHAR NOT NULL,
       created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL)`,
    // severities and rule_ids are JSON arrays; rule_ids NULL means every rule
    `CREATE TABLE app.notify_subscriptions (subscription_id VARCHAR PRIMARY KEY, channel_id VARCHAR NOT NULL,
       severities VARCHAR NOT NULL, rule_ids VARCHAR, digest_minutes INTEGER, enabled BOOLEAN NOT NULL,
       created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL)`,
    // one row per message to send; the id of an immediate notification is derived from (subscription, alert), so
    // telling the outbox twice about one alert stores one row. No secondary index: DuckDB rewrites indexed columns
    // on update, and status changes on every attempt.
    `CREATE TABLE app.notify_outbox (id VARCHAR PRIMARY KEY, channel_id VARCHAR NOT NULL, subscription_id VARCHAR,
       kind VARCHAR NOT NULL, payload VARCHAR NOT NULL, status VARCHAR NOT NULL, attempts INTEGER NOT NULL,
       next_attempt_at TIMESTAMP NOT NULL, lease_owner VARCHAR, lease_until TIMESTAMP, last_error VARCHAR,
       created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, sent_at TIMESTAMP)`,
    // alerts waiting for a digest; moved into one outbox row, in one transaction, when the window closes
    `CREATE TABLE app.notify_digest_items (subscription_id VARCHAR NOT NULL, alert_id VARCHAR NOT NULL,
       alert VARCHAR NOT NULL, added_at TIMESTAMP NOT NULL, PRIMARY KEY (subscription_id, alert_id))`,
  ],
};
