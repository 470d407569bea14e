/** Version 6: response actions, agent health and the gaps agents reported, onboarding keys (see docs/agent.md). */
import type { Migration } from './types.js';

export const migration: Migration = {
  version: 6,
  name: 'agent: response actions, health, gaps, onboarding keys',
  statements: [
    // kind: quick_scan, full_scan, update_signatures, send_state; status: pending, running, done, failed, expired
    `CREATE TABLE app.response_actions (id VARCHAR PRIMARY KEY, device_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
       requested_by VARCHAR NOT NULL, requested_by_id VARCHAR, comment VARCHAR, requested_at TIMESTAMP NOT NULL,
       status VARCHAR NOT NULL, result VARCHAR, updated_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL,
       started_at TIMESTAMP, finished_at TIMESTAMP)`,
    // the latest agent section a device sent (errors and missing capabilities as JSON arrays)
    `CREATE TABLE app.agent_health (device_id VARCHAR PRIMARY KEY, agent_version VARCHAR, mode VARCHAR, collector VARCHAR,
       ps_version VARCHAR, last_run_at TIMESTAMP, received_at TIMESTAMP NOT NULL, errors VARCHAR NOT NULL,
       missing VARCHAR NOT NULL, send_failures INTEGER, last_send_error VARCHAR)`,
    // one row per gap; a retried batch reports the same gap again and adds nothing
    `CREATE TABLE app.agent_gaps (device_id VARCHAR NOT NULL, channel VARCHAR NOT NULL, first_missing BIGINT NOT NULL,
       last_missing BIGINT NOT NULL, detected_at TIMESTAMP, received_at TIMESTAMP NOT NULL,
       PRIMARY KEY (device_id, channel, first_missing))`,
    // enrolment keys made for onboarding packages: the secret is kept sealed so the package can be downloaded again
    `CREATE TABLE app.onboarding_keys (key_id VARCHAR PRIMARY KEY, sealed_secret VARCHAR NOT NULL, options VARCHAR NOT NULL,
       created_at TIMESTAMP NOT NULL, created_by VARCHAR)`,
  ],
};
