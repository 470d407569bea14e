/** ingestion_time(): when a row was stored, kept in a column hunting cannot see, read by a where on the table. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';

const { conn, run } = await testStore();
const before = Date.now();
await conn.run(`INSERT INTO "DeviceEvents" ("Timestamp", "DeviceName", "ActionType") VALUES (1, 'h1', 'AsrRansomwareBlocked'), (2, 'h2', 'AntivirusDetection')`);
// a row stored long ago, as a row written before an upgrade would read
await conn.run(`INSERT INTO "DeviceEvents" ("Timestamp", "DeviceName", "ActionType", "$IngestionTime") VALUES (3, 'old', 'AsrRansomwareBlocked', 10)`);

test('a where on a table filters by when each row was stored; the column never shows', async () => {
  const r = await run(`DeviceEvents | where ingestion_time() > ago(1h) | where ActionType startswith "Asr"`);
  assert.ok(!r.columns.some(c => c.name.startsWith('$')), 'the storage time is not a column of the result');
  assert.deepEqual(r.rows.map(x => x[r.columns.findIndex(c => c.name === 'DeviceName')]), ['h1']);
  const all = await run(`DeviceEvents | where ActionType startswith "Asr" and ingestion_time() between (datetime(1970-01-01) .. now()) | summarize make_set(DeviceName)`);
  assert.deepEqual((all.rows[0][0] as string[]).sort(), ['h1', 'old']);
});

test('its value is the time of the storing transaction, as a datetime', async () => {
  const r = await run(`DeviceEvents | where DeviceName == "h2" and ingestion_time() > datetime(2000-01-01) | project DeviceName`);
  assert.deepEqual(r.rows, [['h2']]);
  const after = await run(`DeviceEvents | where ingestion_time() > unixtime_milliseconds_todatetime(${before - 60_000}) and ingestion_time() < unixtime_milliseconds_todatetime(${Date.now() + 60_000}) | count`);
  assert.deepEqual(after.rows, [[2]]);
});

test('extend and project on a table read it too, and the hidden column stays hidden', async () => {
  const r = await run(`DeviceEvents | where DeviceName == "old" | extend Stored = ingestion_time(), Delay = ingestion_time() - Timestamp`);
  assert.deepEqual(r.columns.map(c => c.name).slice(-2), ['Stored', 'Delay']);
  assert.ok(!r.columns.some(c => c.name.startsWith('$')));
  const at = (n: string) => r.columns.findIndex(c => c.name === n);
  assert.deepEqual([r.rows[0][at('Stored')], r.rows[0][at('Delay')]], ['1970-01-01T00:00:00.0000010Z', '00:00:00.0000007']);
  const p = await run(`DeviceEvents | project DeviceName, Late = ingestion_time() > ago(1h) | order by DeviceName asc`);
  assert.deepEqual(p.rows, [['h1', true], ['h2', true], ['old', false]]);
});

test('elsewhere it is refused, naming the function', async () => {
  await assert.rejects(run('DeviceEvents | summarize count() by DeviceName | where ingestion_time() > ago(1d)'), /ingestion_time\(\) other than in a where, extend or project placed on a table/);
  await assert.rejects(run('DeviceEvents | summarize max(ingestion_time())'), /ingestion_time\(\)/);
  await assert.rejects(run('DeviceEvents | extend x = 1 | extend t = ingestion_time()'), /ingestion_time\(\)/);
});

test('a saved function that reads it works when called', async () => {
  const functions = [{ name: 'RecentAsr', parameters: [], body: 'DeviceEvents | where ingestion_time() > ago(1h) | where ActionType startswith "Asr"' }];
  const r = await run('RecentAsr() | project DeviceName', { functions });
  assert.deepEqual(r.rows, [['h1']]);
});
