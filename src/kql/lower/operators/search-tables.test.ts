/** search over tables: `search in (T1, T2) …` and a search that starts a query (every table of the database). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';

const { conn, run } = await testStore();
await conn.run(`INSERT INTO "DeviceProcessEvents" ("Timestamp", "DeviceName", "FileName", "ProcessCommandLine") VALUES
  (1, 'h1', 'p.exe', 'p -x ntds.dit'), (2, 'h2', 'q.exe', 'q')`);
await conn.run(`INSERT INTO "DeviceFileEvents" ("Timestamp", "DeviceName", "FileName", "FolderPath", "ActionType") VALUES
  (3, 'h3', 'ntds.dit', 'C:\\Windows\\NTDS', 'FileModified'), (4, 'h4', 'ntds.dit', 'D:\\copy', 'FileCreated')`);
await conn.run(`INSERT INTO "DeviceNetworkEvents" ("Timestamp", "DeviceName", "RemoteUrl") VALUES (5, 'h5', 'evil.example.com')`);

const byDevice = (rows: unknown[][], cols: string[], at: (n: string) => number) => rows.map(r => cols.map(c => r[at(c)])).sort();

test('search in (T1, T2): each table\'s matching rows, $table first, the tables\' columns together', async () => {
  const r = await run('search in (DeviceProcessEvents, DeviceFileEvents) "ntds"');
  const at = (n: string) => r.columns.findIndex(c => c.name === n);
  assert.equal(r.columns[0].name, '$table');
  assert.ok(at('ProcessCommandLine') > 0 && at('FolderPath') > 0, 'columns of both tables');
  assert.deepEqual(byDevice(r.rows, ['$table', 'DeviceName', 'FolderPath'], at), [
    ['DeviceFileEvents', 'h3', 'C:\\Windows\\NTDS'], ['DeviceFileEvents', 'h4', 'D:\\copy'], ['DeviceProcessEvents', 'h1', '']]);
});

test('terms and column terms together, as hunting queries write them; a table without the column matches on the rest', async () => {
  const r = await run(`search in (DeviceFileEvents) "ntds" and "dit" and ActionType:"FileModified"
    | summarize n = count() by DeviceName`);
  assert.deepEqual(r.rows, [['h3', 1]]);
  const o = await run('search in (DeviceProcessEvents, DeviceNetworkEvents) RemoteUrl:"evil.example.com" or "q" | project $table, DeviceName | order by DeviceName asc');
  assert.deepEqual(o.rows, [['DeviceProcessEvents', 'h2'], ['DeviceNetworkEvents', 'h5']]);
});

test('a search that starts the query looks in every table', async () => {
  // every table's columns together: far more than each has, so the union goes by name; absent strings read ''
  const r = await run('search "evil.example.com" or "q.exe" | project $table, DeviceName, FolderPath, RemoteUrl, Timestamp | order by DeviceName asc');
  assert.ok(r.columns.length === 5);
  assert.deepEqual(r.rows, [['DeviceProcessEvents', 'h2', '', '', '1970-01-01T00:00:00.0000002Z'], ['DeviceNetworkEvents', 'h5', '', 'evil.example.com', '1970-01-01T00:00:00.0000005Z']]);
  const wide = await run('search "ntds" | take 1');
  assert.ok(wide.columns.length > 500, `${wide.columns.length} columns`);
  assert.deepEqual((await run('search "nothing-anywhere" | count')).rows, [[0]]);
});
