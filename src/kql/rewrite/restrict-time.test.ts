/** restrict-time: scans of tables with a Timestamp see only the window; other tables and the query's own filters stay. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../store/duckdb.js';
import { Writer } from '../../store/writer.js';
import { runKql } from '../run.js';
import { restrictTime } from './restrict-time.js';
import { compile } from '../compile.js';

const T = (iso: string) => BigInt(Date.parse(iso)) * 10_000n;

test('every scan with a Timestamp is filtered to the window, in joins and subqueries too; others are not', async () => {
  const store = await Store.open();
  const conn = await store.instance.connect();
  const query = await store.queryConnection();
  try {
    const ev = (n: number, ts: string) => ({ key: `e${n}`, rows: { DeviceEvents: [{ Timestamp: ts, DeviceId: `d${n}`, ActionType: 'AntivirusDetection', ReportId: String(n) }] } });
    await new Writer(conn).write([ev(1, '2024-05-01T00:00:00Z'), ev(2, '2024-05-02T00:00:00Z'), ev(3, '2024-05-03T00:00:00Z'),
      { key: 's', rows: { DeviceTvmSoftwareInventory: [{ DeviceId: 'd1', SoftwareName: 'putty' }] } }]);
    const window = { from: T('2024-05-01T12:00:00Z'), to: T('2024-05-02T12:00:00Z') };
    const opts = { prePasses: [restrictTime(window)], now: T('2024-05-04T00:00:00Z') };
    const ids = async (kql: string) => (await runKql(query, kql, opts)).rows.map(r => r[0]);
    assert.deepEqual(await ids('DeviceEvents | project DeviceId'), ['d2']);
    assert.deepEqual(await ids('DeviceEvents | where ActionType == "AntivirusDetection" | project DeviceId'), ['d2']);
    assert.deepEqual(await ids('DeviceEvents | join kind=inner (DeviceEvents | project DeviceId) on DeviceId | project DeviceId'), ['d2']);
    assert.deepEqual(await ids('DeviceEvents | where DeviceId in ((DeviceEvents | project DeviceId)) | project DeviceId'), ['d2']);
    assert.deepEqual(await ids('print n = toscalar(DeviceEvents | count)'), [1]);
    assert.deepEqual(await ids('DeviceTvmSoftwareInventory | project DeviceId'), ['d1'], 'a table without Timestamp is whole');
    assert.deepEqual((await runKql(query, 'DeviceEvents | count')).rows, [[3]], 'without the pass, every row');
    assert.match(compile('DeviceEvents | take 1', opts).sql, /Timestamp/);
  } finally { conn.closeSync(); query.closeSync(); store.close(); }
});
