/** Test support: an in-memory store with a query connection, closed when the calling test file ends. */
import { after } from 'node:test';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../store/duckdb.js';
import { runKql, type RunOptions } from './run.js';
import type { QueryResult } from './results.js';

export interface TestStore {
  conn: DuckDBConnection;
  run(kql: string, options?: RunOptions): Promise<QueryResult>;
}

export async function testStore(): Promise<TestStore> {
  const store = await Store.open();
  const conn = await store.queryConnection();
  after(() => { conn.closeSync(); store.close(); });
  return { conn, run: (kql, options) => runKql(conn, kql, options) };
}
