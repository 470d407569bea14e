/** Migrations: a fresh database gets the latest schema, an older one upgrades, a newer one is refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Store } from './duckdb.js';
import { LATEST_VERSION, currentVersion, migrate, type Migration } from './migrations.js';

function tempDb(): { path: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'picket-mig-'));
  return { path: join(dir, 'p.duckdb'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a new database is at the latest version with every hunting table', async () => {
  const db = tempDb();
  try {
    const store = await Store.open({ path: db.path });
    const conn = await store.instance.connect();
    assert.equal(await currentVersion(conn), LATEST_VERSION);
    const n = (await conn.runAndReadAll("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'main'")).getRowsJS()[0][0];
    assert.ok(Number(n) >= 68, `only ${n} hunting tables`);
    conn.closeSync();
    store.close();
  } finally { db.done(); }
});

test('an older database upgrades in place and keeps its data; a hunting column added later appears', async () => {
  const db = tempDb();
  try {
    const inst = await DuckDBInstance.create(db.path);
    const conn = await inst.connect();
    const v1: Migration[] = [{ version: 1, name: 'v1', statements: ['CREATE SCHEMA IF NOT EXISTS app', 'CREATE TABLE IF NOT EXISTS app.meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)'] }];
    await migrate(conn, v1);
    await conn.run('ALTER TABLE DeviceInfo DROP COLUMN OSBuild'); // as if made before the column existed
    await conn.run("INSERT INTO DeviceInfo (DeviceId, DeviceName) VALUES ('d1', 'pc-1')");
    const v2: Migration[] = [...v1, { version: 2, name: 'v2', statements: ['CREATE TABLE app.extra (x INTEGER)'] }];
    assert.deepEqual(await migrate(conn, v2), { from: 1, to: 2 });
    const rows = (await conn.runAndReadAll('SELECT DeviceName, OSBuild FROM DeviceInfo')).getRowsJS();
    assert.deepEqual(rows, [['pc-1', null]]);
    assert.equal(await currentVersion(conn), 2);
    conn.closeSync();
    inst.closeSync();
  } finally { db.done(); }
});

test('a database from a newer Picket is refused with a clear message', async () => {
  const db = tempDb();
  try {
    const inst = await DuckDBInstance.create(db.path);
    const conn = await inst.connect();
    await conn.run('CREATE SCHEMA app');
    await conn.run('CREATE TABLE app.meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)');
    await conn.run(`INSERT INTO app.meta VALUES ('schema_version', '${LATEST_VERSION + 1}')`);
    conn.closeSync();
    inst.closeSync();
    await assert.rejects(Store.open({ path: db.path }), /written by a newer Picket \(schema version \d+\).*Upgrade Picket/);
  } finally { db.done(); }
});
