/** Version 5: user accounts, login sessions, API tokens and the audit log (see src/accounts and docs/security.md). */
import type { Migration } from './types.js';

export const migration: Migration = {
  version: 5,
  name: 'accounts, sessions, API tokens, audit log',
  statements: [
    // password_hash is an argon2id PHC string; null for single-sign-on users (they cannot log in with a password)
    `CREATE TABLE app.users (id VARCHAR PRIMARY KEY, username VARCHAR NOT NULL, display_name VARCHAR NOT NULL,
       role VARCHAR NOT NULL, password_hash VARCHAR, source VARCHAR NOT NULL DEFAULT 'local', subject VARCHAR,
       created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL, last_login_at TIMESTAMP, disabled_at TIMESTAMP)`,
    'CREATE UNIQUE INDEX users_by_username ON app.users (username)',
    // only a SHA-256 of the session id is kept: a copy of the database does not hold live sessions
    `CREATE TABLE app.sessions (id_hash VARCHAR PRIMARY KEY, user_id VARCHAR NOT NULL, csrf_token VARCHAR NOT NULL,
       created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP NOT NULL, last_seen_at TIMESTAMP NOT NULL,
       ip VARCHAR, user_agent VARCHAR)`,
    `CREATE TABLE app.api_tokens (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, role VARCHAR NOT NULL,
       token_hash VARCHAR NOT NULL, created_by VARCHAR, created_at TIMESTAMP NOT NULL, expires_at TIMESTAMP,
       last_used_at TIMESTAMP, revoked_at TIMESTAMP)`,
    'CREATE UNIQUE INDEX api_tokens_by_hash ON app.api_tokens (token_hash)',
    `CREATE TABLE app.audit_log (id BIGINT PRIMARY KEY, occurred_at TIMESTAMP NOT NULL, actor_kind VARCHAR NOT NULL,
       actor_id VARCHAR, actor_name VARCHAR, action VARCHAR NOT NULL, target VARCHAR, outcome VARCHAR NOT NULL,
       status INTEGER, ip VARCHAR, details VARCHAR)`,
    'CREATE SEQUENCE app.audit_log_id START 1',
    // the admin token generated at first start by earlier versions: replaced by the one-time setup token
    "DELETE FROM app.meta WHERE key = 'admin_token_hash'",
  ],
};
