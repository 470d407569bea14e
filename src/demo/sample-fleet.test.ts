/** The sample fleet answers the seed rule's query with exactly the devices it made passive. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../store/duckdb.js';
import { runKql } from '../kql/run.js';
import { loadSampleFleet, sampleDevices } from './sample-fleet.js';
import { SEED_QUERY } from './seed-query.js';

const NOW = 17_000_000_000_000_000n; // a fixed instant (2023-11-14), so the test never depends on the clock

test('the sample fleet is deterministic for a seed and has every antivirus mode', () => {
  const a = sampleDevices({ seed: 7, now: NOW });
  assert.deepEqual(a, sampleDevices({ seed: 7, now: NOW }));
  assert.notDeepEqual(a.map(d => d.DeviceId), sampleDevices({ seed: 8, now: NOW }).map(d => d.DeviceId));
  assert.equal(a.length, 50);
  for (const mode of ['Active', 'Passive', 'EDR Blocked', 'Unknown']) assert.ok(a.some(d => d.avMode === mode), mode);
});

test('the seed query returns exactly the passive devices', async () => {
  const store = await Store.open();
  const conn = await store.queryConnection();
  try {
    const devices = await loadSampleFleet(conn, { seed: 1, now: NOW });
    const result = await runKql(conn, SEED_QUERY, { now: NOW });
    const id = result.columns.findIndex(c => c.name === 'DeviceId');
    const mode = result.columns.findIndex(c => c.name === 'AVMode');
    assert.ok(id >= 0 && mode >= 0, `columns: ${result.columns.map(c => c.name).join(', ')}`);
    const passive = devices.filter(d => d.avMode === 'Passive').map(d => d.DeviceId).sort();
    assert.ok(passive.length > 1);
    // one fresh DeviceInfo report per device survives ago(1h), so one row per passive device
    assert.deepEqual(result.rows.map(r => r[id]).sort(), passive);
    assert.ok(result.rows.every(r => r[mode] === 'Passive'));
  } finally {
    conn.closeSync();
    store.close();
  }
});
