/** Version 1: the application schema and its metadata table. */
import type { Migration } from './types.js';

export const migration: Migration = {
  version: 1,
  name: 'application schema',
  statements: [
    'CREATE SCHEMA IF NOT EXISTS app',
    'CREATE TABLE IF NOT EXISTS app.meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)',
  ],
};
