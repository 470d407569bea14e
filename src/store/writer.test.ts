/** The writer stores each keyed item once, all tables of a batch together, and converts values by column type. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from './duckdb.js';
import { Writer } from './writer.js';
import { runKql } from '../kql/run.js';
import { huntingTables } from '../kql/analyzer/schema.js';

async function setup() {
  const store = await Store.open();
  const conn = await store.instance.connect();
  const query = await store.queryConnection();
  return { store, writer: new Writer(conn), query, done: () => { conn.closeSync(); query.closeSync(); store.close(); } };
}

const event = (n: number) => ({
  key: `evt|dev1|Defender|${n}`,
  rows: {
    DeviceEvents: [{ Timestamp: `2024-05-01T10:00:0${n}.1234567Z`, DeviceId: 'dev1', DeviceName: 'pc-1', ActionType: 'AntivirusDetection',
      FileName: 'mimikatz.exe', AdditionalFields: { ThreatName: 'HackTool:Win32/Mimikatz', n }, ReportId: String(n) }],
    WindowsEvent: [{ TimeGenerated: `2024-05-01T10:00:0${n}Z`, DeviceId: 'dev1', Computer: 'pc-1', EventID: 1116, EventRecordId: BigInt(n), EventData: { 'Threat Name': 'x' } }],
  },
});

test('rows are stored with their types and read back by KQL', async () => {
  const { writer, query, done } = await setup();
  try {
    const r = await writer.write([event(1), event(2)]);
    assert.deepEqual(r, { stored: 2, duplicates: 0, rows: { DeviceEvents: 2, WindowsEvent: 2 }, fresh: new Set(['evt|dev1|Defender|1', 'evt|dev1|Defender|2']) });
    const q = await runKql(query, 'DeviceEvents | order by Timestamp asc | project Timestamp, ThreatName = tostring(parse_json(AdditionalFields).ThreatName), FolderPath, InitiatingProcessId');
    assert.deepEqual(q.rows[0], ['2024-05-01T10:00:01.1234567Z', 'HackTool:Win32/Mimikatz', '', null]);
    const w = await runKql(query, 'WindowsEvent | summarize c = count(), m = max(EventRecordId) by EventID');
    assert.deepEqual(w.rows, [[1116, 2, 2]]);
  } finally { done(); }
});

test('a retried batch adds nothing, a partly new batch adds only the new items', async () => {
  const { writer, query, done } = await setup();
  try {
    await writer.write([event(1), event(2)]);
    assert.deepEqual(await writer.write([event(1), event(2)]), { stored: 0, duplicates: 2, rows: {}, fresh: new Set() });
    const r = await writer.write([event(2), event(3), event(3)]);
    assert.equal(r.stored, 1);
    assert.equal(r.duplicates, 2);
    const q = await runKql(query, 'DeviceEvents | count');
    assert.deepEqual(q.rows, [[3]]);
  } finally { done(); }
});

test('a failing batch stores nothing, not even its keys', async () => {
  const { store, query, done } = await setup();
  const conn = await store.instance.connect();
  try {
    // a table the writer knows but the database lacks: the failure comes after the keys were inserted
    const ghost = new Writer(conn, [...huntingTables(), { name: 'Ghost', columns: [{ name: 'x', type: 'long' }] }]);
    await assert.rejects(ghost.write([event(1), { key: 'g', rows: { Ghost: [{ x: 1 }] } }]));
    assert.deepEqual((await runKql(query, 'DeviceEvents | count')).rows, [[0]]);
    assert.equal((await new Writer(conn).write([event(1)])).stored, 1, 'the key of the failed batch was not kept');
    await assert.rejects(new Writer(conn).write([{ key: 'n', rows: { NoSuchTable: [{}] } }]), /no hunting table named NoSuchTable/);
  } finally { conn.closeSync(); done(); }
});

test('the configuration assessment keeps the latest row per device and configuration; inventories are replaced', async () => {
  const { writer, query, done } = await setup();
  const tvm = (key: string, ts: string, mode: string) => ({ key, rows: {
    DeviceTvmSecureConfigurationAssessment: [{ DeviceId: 'd1', ConfigurationId: 'scid-2010', Timestamp: ts, Context: [[mode]] }],
  } });
  try {
    await writer.write([tvm('r1', '2024-05-01T10:00:00Z', '0')]);
    await writer.write([tvm('r2', '2024-05-02T10:00:00Z', '1')]);
    await writer.write([tvm('r0', '2024-04-30T10:00:00Z', '4')]); // late and older: ignored
    await writer.write([tvm('r3', '2024-05-03T10:00:00Z', '0'), tvm('r4', '2024-05-03T11:00:00Z', '1')]);
    const r = await runKql(query, 'DeviceTvmSecureConfigurationAssessment | project Timestamp, Mode = tostring(Context[0][0])');
    assert.deepEqual(r.rows, [['2024-05-03T11:00:00.0000000Z', '1']]);
    const sw = (key: string, names: string[]) => ({ key, rows: { DeviceTvmSoftwareInventory: names.map(n => ({ DeviceId: 'd1', SoftwareName: n })) } });
    await writer.write([sw('s1', ['a', 'b'])]);
    await writer.write([sw('s2', ['b', 'c', 'd'])]);
    const inv = await runKql(query, 'DeviceTvmSoftwareInventory | order by SoftwareName asc | project SoftwareName');
    assert.deepEqual(inv.rows, [['b'], ['c'], ['d']]);
  } finally { done(); }
});

test('strings the same in every row are stored exactly, quotes and NULs included', async () => {
  const { writer, query, done } = await setup();
  const hostile = "it's \u0000 a '); DROP TABLE DeviceEvents; --  \u263a";
  try {
    const items = [1, 2, 3].map(n => ({ key: `k${n}`, rows: { DeviceEvents: [{ Timestamp: '2024-05-01T10:00:00Z', DeviceId: 'dev1', DeviceName: hostile, ActionType: `A${n}` }] } }));
    assert.equal((await writer.write(items)).stored, 3);
    const r = await runKql(query, 'DeviceEvents | summarize n = count() by DeviceName, DeviceId');
    assert.deepEqual(r.rows, [[hostile, 'dev1', 3]]);
  } finally { done(); }
});

test('batches written together: a key in two batches is stored once, for the first; a stored key makes the exact path run', async () => {
  const { writer, query, done } = await setup();
  const batch = (...ns: number[]) => { const b = writer.builder(); for (const n of ns) b.add(event(n).key, event(n).rows); return b.build(); };
  try {
    await writer.write([event(1)]);
    const [a, b] = await writer.writeBatches([batch(1, 2, 3), batch(3, 4)]);
    assert.deepEqual([...a.fresh].sort(), ['evt|dev1|Defender|2', 'evt|dev1|Defender|3']);
    assert.deepEqual({ stored: a.stored, duplicates: a.duplicates, rows: a.rows }, { stored: 2, duplicates: 1, rows: { DeviceEvents: 2, WindowsEvent: 2 } });
    assert.deepEqual([...b.fresh], ['evt|dev1|Defender|4']);
    assert.equal(b.duplicates, 1);
    const q = await runKql(query, 'DeviceEvents | summarize c = count() by ReportId | order by ReportId asc');
    assert.deepEqual(q.rows, [[1, 1], [2, 1], [3, 1], [4, 1]]);
  } finally { done(); }
});

test('after a failed write the stages are set up again, and the next write succeeds', async () => {
  const { store, query, done } = await setup();
  const conn = await store.instance.connect();
  try {
    const writer = new Writer(conn, [...huntingTables(), { name: 'Ghost', columns: [{ name: 'x', type: 'long' }] }]);
    // the first write creates the stage tables inside its transaction, then fails: the rollback takes them away
    await assert.rejects(writer.write([event(1), { key: 'g', rows: { Ghost: [{ x: 1 }] } }]));
    assert.equal((await writer.write([event(1), event(2)])).stored, 2);
    assert.deepEqual((await runKql(query, 'WindowsEvent | count')).rows, [[2]]);
  } finally { conn.closeSync(); done(); }
});

test('batches of different devices written together keep their own constant columns', async () => {
  const { writer, query, done } = await setup();
  const batch = (device: string, from: number) => {
    const b = writer.builder();
    for (let n = from; n < from + 3; n++) {
      b.add(`${device}|${n}`, { DeviceEvents: [{ Timestamp: '2024-05-01T10:00:00Z', DeviceId: device, DeviceName: `${device}-name`, ActionType: `A${n}` }] });
    }
    return b.build();
  };
  try {
    await writer.writeBatches([batch('dev1', 0), batch('dev2', 10), batch('dev3', 20)]);
    const r = await runKql(query, 'DeviceEvents | summarize n = count(), lo = min(ActionType), hi = max(ActionType) by DeviceId, DeviceName | order by DeviceId asc');
    assert.deepEqual(r.rows, [
      ['dev1', 'dev1-name', 3, 'A0', 'A2'], ['dev2', 'dev2-name', 3, 'A10', 'A12'], ['dev3', 'dev3-name', 3, 'A20', 'A22'],
    ]);
  } finally { done(); }
});
