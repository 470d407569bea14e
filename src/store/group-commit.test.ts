/** Group commit: batches that wait are written in one transaction, each caller gets its own result, a bad batch fails alone. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from './duckdb.js';
import { Writer } from './writer.js';
import { GroupCommit } from './group-commit.js';
import { Mutex } from '../server/overload.js';
import { huntingTables } from '../kql/analyzer/schema.js';
import type { TableRows } from '../ingest/model.js';

const row = (n: number): TableRows => ({ WindowsEvent: [{ TimeGenerated: '2024-05-01T10:00:00Z', DeviceId: 'd', EventRecordId: n }] });

test('waiting batches share a transaction; each caller learns its own fresh keys; a failing batch fails alone', async () => {
  const store = await Store.open();
  const conn = await store.instance.connect();
  try {
    const writer = new Writer(conn, [...huntingTables(), { name: 'Ghost', columns: [{ name: 'x', type: 'long' }] }]);
    let writes = 0;
    const writeBatches = writer.writeBatches.bind(writer);
    writer.writeBatches = batches => { writes++; return writeBatches(batches); };
    const group = new GroupCommit(writer, new Mutex());
    const batch = (keys: number[], ghost = false) => {
      const b = writer.builder();
      for (const k of keys) b.add(`k${k}`, row(k));
      if (ghost) b.add('ghost', { Ghost: [{ x: 1 }] });
      return b.build();
    };
    const [first, second, third, bad] = await Promise.allSettled([
      group.write(batch([1])), group.write(batch([2, 3]), batch([4])), group.write(batch([3, 5])), group.write(batch([6], true)),
    ]);
    assert.equal(first.status, 'fulfilled');
    assert.deepEqual(second.status === 'fulfilled' && second.value.map(r => [...r.fresh]), [['k2', 'k3'], ['k4']]);
    assert.deepEqual(third.status === 'fulfilled' && [...third.value[0].fresh], ['k5'], 'k3 went to the batch queued before');
    assert.equal(bad.status, 'rejected', 'the batch with a table the database lacks fails');
    // the first batch went alone; the three that waited failed together, then were retried one by one
    assert.equal(writes, 1 + 1 + 3);
    const n = Number((await conn.runAndReadAll('SELECT count(*) FROM WindowsEvent')).getRowsJS()[0][0]);
    assert.equal(n, 5);
  } finally { conn.closeSync(); store.close(); }
});
