/** Version 2: ingest keys (exactly-once writes), devices and enrolment keys. */
import type { Migration } from './types.js';

export const migration: Migration = {
  version: 2,
  name: 'ingest keys, devices and enrolment',
  statements: [
    // one key per stored event or report: what makes a retried batch add nothing
    'CREATE TABLE app.ingest_keys (key VARCHAR PRIMARY KEY, received_at TIMESTAMP DEFAULT current_timestamp)',
    `CREATE TABLE app.enrollment_keys (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, secret_hash VARCHAR NOT NULL,
       created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP, revoked_at TIMESTAMP, uses INTEGER NOT NULL DEFAULT 0,
       max_uses INTEGER)`,
    `CREATE TABLE app.devices (device_id VARCHAR PRIMARY KEY, device_name VARCHAR NOT NULL, token_hash VARCHAR NOT NULL,
       enrollment_key_id VARCHAR, enrolled_at TIMESTAMP NOT NULL, last_seen TIMESTAMP, agent_version VARCHAR,
       os_platform VARCHAR, revoked_at TIMESTAMP)`,
    'CREATE INDEX devices_by_name ON app.devices (device_name)',
  ],
};
