/**
 * Version 7: Advanced Hunting's saved functions (callable from any query: src/kql/saved-functions.ts) and saved
 * queries (the console's query library). Both are edited through /api/v1/functions and /api/v1/saved-queries.
 */
import type { Migration } from './types.js';

export const migration: Migration = {
  version: 7,
  name: 'hunting functions and saved queries',
  statements: [
    // parameters: JSON [{"name", "type", "default"?}], type a KQL scalar type or a table schema such as "(*)"
    `CREATE TABLE app.hunting_functions (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, parameters VARCHAR NOT NULL,
       body VARCHAR NOT NULL, description VARCHAR NOT NULL DEFAULT '', owner VARCHAR, created_at TIMESTAMP NOT NULL,
       updated_at TIMESTAMP NOT NULL)`,
    'CREATE UNIQUE INDEX hunting_functions_by_name ON app.hunting_functions (name)',
    `CREATE TABLE app.saved_queries (id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, query VARCHAR NOT NULL,
       description VARCHAR NOT NULL DEFAULT '', owner VARCHAR, created_at TIMESTAMP NOT NULL, updated_at TIMESTAMP NOT NULL)`,
  ],
};
