/** Migrations: a fresh database gets the latest schema, an older one upgrades, a newer one is refused. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { Store } from './duckdb.js';
import { readFileSync } from 'node:fs';
import { LATEST_VERSION, currentVersion, migrate, type Migration } from './migrations.js';
import { MIGRATIONS } from './migrations/index.js';
import { Writer } from './writer.js';
import { eventItem } from '../ingest/event-item.js';
import { readEventXml } from '../ingest/sources/event-xml.js';

const EVENT = readFileSync(new URL('../../test/fixtures/ingest/event-1116.xml', import.meta.url), 'utf8');

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
    await conn.run('ALTER TABLE DeviceInfo DROP COLUMN "$IngestionTime"'); // and before rows kept their storage time
    await conn.run("INSERT INTO DeviceInfo (DeviceId, DeviceName) VALUES ('d1', 'pc-1')");
    const v2: Migration[] = [...v1, { version: 2, name: 'v2', statements: ['CREATE TABLE app.extra (x INTEGER)'] }];
    assert.deepEqual(await migrate(conn, v2), { from: 1, to: 2 });
    const rows = (await conn.runAndReadAll('SELECT DeviceName, OSBuild, "$IngestionTime" > 0 FROM DeviceInfo')).getRowsJS();
    assert.deepEqual(rows, [['pc-1', null, true]], 'an old row reads the time of the upgrade as its storage time');
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

test('version 8: events stored under keys without the time get keys with it, so sending them again adds nothing', async () => {
  const db = tempDb();
  try {
    const device = { deviceId: 'dev-1', deviceName: 'pc-1' };
    const [stored, later] = ['20871', '20872'].map(id => readEventXml(EVENT.replace(/<EventRecordID>\d+</, `<EventRecordID>${id}<`)).events[0]);
    // a database of version 7, holding one event under the key of that version: device, channel, record id
    const inst = await DuckDBInstance.create(db.path);
    const conn = await inst.connect();
    await migrate(conn, MIGRATIONS.slice(0, 7));
    const { item } = eventItem(device, stored);
    await new Writer(conn).write([{ key: `evt|dev-1|${stored.channel.toLowerCase()}|${stored.recordId}`, rows: item.rows }]);
    conn.closeSync();
    inst.closeSync();

    const store = await Store.open({ path: db.path });
    const c = await store.instance.connect();
    assert.equal(await currentVersion(c), LATEST_VERSION);
    const writer = new Writer(c);
    const again = await writer.write([eventItem(device, stored).item, eventItem(device, later).item]);
    assert.deepEqual([...again.fresh], [eventItem(device, later).item.key], 'only the event not stored before is new');
    const n = (await c.runAndReadAll('SELECT count(*) FROM WindowsEvent')).getRowsJS()[0][0];
    assert.equal(Number(n), 2);
    c.closeSync();
    store.close();
  } finally { db.done(); }
});
