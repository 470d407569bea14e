/** find: across listed tables and the whole database, withsource, project, project-smart's pack_, pack_all(). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';

const { conn, run } = await testStore();
await conn.run(`INSERT INTO "DeviceProcessEvents" ("Timestamp", "DeviceName", "SHA1", "FileName", "ProcessCommandLine", "InitiatingProcessSHA1") VALUES
  (1, 'h1', 'aaa', 'p.exe', 'p -x', 'zzz'), (2, 'h2', 'bbb', 'q.exe', 'q', 'aaa')`);
await conn.run(`INSERT INTO "DeviceFileEvents" ("Timestamp", "DeviceName", "SHA1", "FileName", "FolderPath", "InitiatingProcessSHA1") VALUES
  (3, 'h3', 'aaa', 'f.dll', 'C:\\x', 'yyy')`);
await conn.run(`INSERT INTO "DeviceNetworkEvents" ("Timestamp", "DeviceName", "RemoteUrl", "InitiatingProcessSHA1") VALUES
  (4, 'h4', 'evil.com', 'aaa')`);

const sorted = (r: unknown[][]) => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

test('find in (T1, T2) where: matching rows of each table, source_ first, pack_ holds the other columns', async () => {
  const r = await run('find in (DeviceProcessEvents, DeviceFileEvents) where SHA1 == "aaa"');
  assert.equal(r.columns[0].name, 'source_');
  assert.equal(r.columns.at(-1)?.name, 'pack_');
  assert.ok(r.columns.some(c => c.name === 'SHA1'));
  assert.ok(!r.columns.some(c => c.name === 'ProcessCommandLine'), 'uncommon columns go into pack_');
  const src = r.columns.findIndex(c => c.name === 'source_');
  const name = r.columns.findIndex(c => c.name === 'FileName');
  assert.deepEqual(sorted(r.rows.map(x => [x[src], x[name]])), [['DeviceFileEvents', 'f.dll'], ['DeviceProcessEvents', 'p.exe']]);
  const pack = r.rows.map(x => x.at(-1) as Record<string, unknown>);
  const proc = pack.find(p => 'ProcessCommandLine' in p);
  assert.equal(proc?.ProcessCommandLine, 'p -x');
  assert.ok(!pack.some(p => 'FolderPath' in p), 'a column common to both tables is in the output');
  assert.ok(!pack.some(p => 'SHA1' in p), 'a column of the output is not packed again');
});

test('the hunting form: an or over two hash columns, then more operators; withsource and project', async () => {
  const q = `let h = "aaa";
    find withsource=Src in (DeviceProcessEvents, DeviceFileEvents, DeviceNetworkEvents) where SHA1 == h or InitiatingProcessSHA1 == h
    project DeviceName, SHA1, InitiatingProcessSHA1 | order by DeviceName asc`;
  const r = await run(q);
  assert.deepEqual(r.columns.map(c => c.name), ['Src', 'DeviceName', 'SHA1', 'InitiatingProcessSHA1']);
  // DeviceNetworkEvents has no SHA1: its rows match on InitiatingProcessSHA1 and SHA1 is empty there
  assert.deepEqual(r.rows, [['DeviceProcessEvents', 'h1', 'aaa', 'zzz'], ['DeviceProcessEvents', 'h2', 'bbb', 'aaa'],
    ['DeviceFileEvents', 'h3', 'aaa', 'yyy'], ['DeviceNetworkEvents', 'h4', '', 'aaa']]);
});

test('find where over every table of the database; tables without the predicate\'s columns are not searched', async () => {
  const r = await run('find where RemoteUrl == "evil.com" project DeviceName, RemoteUrl');
  assert.deepEqual(r.rows, [['DeviceNetworkEvents', 'h4', 'evil.com']]);
  // DeviceProcessEvents has no RemoteUrl: it is not searched, so its rows do not match isempty(RemoteUrl)
  const skipped = await run('find in (DeviceProcessEvents, DeviceNetworkEvents) where isempty(RemoteUrl) project DeviceName');
  assert.deepEqual(skipped.rows, []);
  const none = await run('find where SHA1 == "nothing"');
  assert.deepEqual(none.rows, []);
  const smart = await run('find where SHA1 == "aaa" project-smart | summarize n = count() by source_ | order by source_ asc');
  assert.deepEqual(smart.rows, [['DeviceFileEvents', 1], ['DeviceProcessEvents', 1]]);
});

test('bare terms and * has match any column; project pack_all() is refused by the analyser, as it parses find', async () => {
  const t = await run('find in (DeviceProcessEvents, DeviceFileEvents) where * has "q.exe" project FileName');
  assert.deepEqual(t.rows, [['DeviceProcessEvents', 'q.exe']]);
  const bare = await run('find in (DeviceProcessEvents, DeviceFileEvents) where "f.dll"');
  assert.deepEqual(bare.rows.map(x => x[0]), ['DeviceFileEvents']);
  await assert.rejects(run('find in (DeviceFileEvents) where FileName == "f.dll" project FileName, pack_all()'), /KS109|Column name expected/);
});

test('find after a pipe is an error of the analyser', async () => {
  await assert.rejects(run('DeviceProcessEvents | find where SHA1 == "aaa"'));
});
