/**
 * The embedded DuckDB store: opens (or creates) the database file, makes sure every hunting table exists, and
 * hands out query connections confined to the hunting tables (no files, network or extensions).
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrate } from './migrations.js';
import { MACROS } from '../kql/sql/duckdb/macros.js';

export interface StoreOptions {
  /** Database file; ':memory:' or undefined for an in-memory database. */
  path?: string;
  /** DuckDB memory_limit, e.g. '2GB'. */
  memoryLimit?: string;
  threads?: number;
  /**
   * Write-ahead log size that triggers a checkpoint (DuckDB's checkpoint_threshold), default 256MB. A checkpoint
   * rewrites, compressed, every row group changed since the last one; ingest appends to the same last row groups
   * batch after batch, so at DuckDB's default of 16MB each stored row was rewritten many times over (in
   * bench/ingest.ts, commits took twice as long). A crash replays at most this much log on the next start.
   */
  checkpointThreshold?: string;
}

export class Store {
  private constructor(readonly instance: DuckDBInstance, readonly path: string) {}

  static async open(options: StoreOptions = {}): Promise<Store> {
    const path = options.path ?? ':memory:';
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const config: Record<string, string> = {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.threads) config.threads = String(options.threads);
    config.checkpoint_threshold = options.checkpointThreshold ?? '256MB';
    const instance = await DuckDBInstance.create(path, config);
    const store = new Store(instance, path);
    const setup = await instance.connect();
    try {
      await migrate(setup);
      // No query may reach files, the network or extensions; and no query may change that back: the settings are
      // database-wide, and locked once set (a hunting query cannot run SET, but defence in depth costs nothing).
      await setup.run('SET enable_external_access = false');
      await setup.run('SET lock_configuration = true');
    } catch (err) {
      setup.closeSync();
      instance.closeSync();
      throw err;
    }
    setup.closeSync();
    return store;
  }

  /** A connection for compiled KQL: the helper macros, and no access outside the database. */
  async queryConnection(): Promise<DuckDBConnection> {
    const conn = await this.instance.connect();
    for (const m of MACROS) await conn.run(m);
    return conn;
  }

  close(): void {
    this.instance.closeSync();
  }
}
