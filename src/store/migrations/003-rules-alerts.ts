/** Version 3: detection rules and their runs, alerts (with their dedupe keys), incidents and incident history. */
import type { Migration } from './types.js';

export const migration: Migration = {
  version: 3,
  name: 'rules, runs, alerts and incidents',
  statements: [
    // definition: the rule as JSON (src/rules/model.ts); window_to: the end of the last scheduled window covered
    `CREATE TABLE app.rules (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, definition VARCHAR NOT NULL,
       enabled BOOLEAN NOT NULL, builtin BOOLEAN NOT NULL, created_at VARCHAR NOT NULL, updated_at VARCHAR NOT NULL,
       window_to VARCHAR)`,
    `CREATE TABLE app.rule_runs (run_id VARCHAR PRIMARY KEY, rule_id VARCHAR NOT NULL, kind VARCHAR NOT NULL,
       started_at VARCHAR NOT NULL, duration_ms INTEGER, window_from VARCHAR, window_to VARCHAR, row_count INTEGER,
       alert_count INTEGER, error VARCHAR)`,
    'CREATE INDEX rule_runs_by_rule ON app.rule_runs (rule_id)',
    // one key per (rule, entity, source row): what makes an alert never raised twice
    'CREATE TABLE app.alert_keys (key VARCHAR PRIMARY KEY, alert_id VARCHAR NOT NULL)',
    `CREATE TABLE app.incidents (incident_id VARCHAR PRIMARY KEY, group_key VARCHAR NOT NULL, title VARCHAR NOT NULL,
       severity VARCHAR NOT NULL, status VARCHAR NOT NULL, classification VARCHAR, assignee VARCHAR,
       device_id VARCHAR, device_name VARCHAR, account_name VARCHAR, created_at VARCHAR NOT NULL,
       updated_at VARCHAR NOT NULL, first_alert_ts VARCHAR NOT NULL, last_alert_ts VARCHAR NOT NULL,
       alert_count INTEGER NOT NULL)`,
    'CREATE INDEX incidents_by_group ON app.incidents (group_key)',
    `CREATE TABLE app.alerts (alert_id VARCHAR PRIMARY KEY, rule_id VARCHAR NOT NULL, rule_name VARCHAR NOT NULL,
       title VARCHAR NOT NULL, severity VARCHAR NOT NULL, category VARCHAR NOT NULL, mitre VARCHAR NOT NULL,
       description VARCHAR NOT NULL, recommended_actions VARCHAR NOT NULL, device_id VARCHAR, device_name VARCHAR,
       account_name VARCHAR, entity VARCHAR NOT NULL, ts VARCHAR NOT NULL, created_at VARCHAR NOT NULL,
       incident_id VARCHAR NOT NULL, status VARCHAR NOT NULL, evidence VARCHAR NOT NULL, run_id VARCHAR,
       mirrored BOOLEAN NOT NULL DEFAULT false)`,
    'CREATE INDEX alerts_by_incident ON app.alerts (incident_id)',
    'CREATE INDEX alerts_by_rule ON app.alerts (rule_id)',
    `CREATE TABLE app.incident_history (incident_id VARCHAR NOT NULL, seq INTEGER NOT NULL, happened_at VARCHAR NOT NULL,
       actor VARCHAR NOT NULL, kind VARCHAR NOT NULL, detail VARCHAR NOT NULL, PRIMARY KEY (incident_id, seq))`,
  ],
};
