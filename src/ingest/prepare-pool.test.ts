/** Ingest workers give what preparing inline gives, report their errors, and are replaced when they stop. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PreparePool } from './prepare-pool.js';
import { huntingTables } from '../kql/analyzer/schema.js';

const fixture = (name: string) => readFileSync(new URL(`../../test/fixtures/ingest/${name}`, import.meta.url), 'utf8');
const device = { deviceId: 'dev-1', deviceName: 'pc-1' };
const xml = fixture('events-sequence.xml').match(/<Event[\s>][\s\S]*?<\/Event>/g)!;
// 140 events, then the first ten sent again; the eighth of the first 140 is broken, so its copy is new
const base = Array.from({ length: 140 }, (_, i) => xml[i % 3].replace(/<EventRecordID>\d+</, `<EventRecordID>${i + 1}<`));
const events = [...base, ...base.slice(0, 10)];
events[7] = '<Event><System>broken';
const winEvents = [JSON.parse(fixture('winevent-ps7.json')), { Id: 'x' }];

test('a batch prepared on a worker is the batch prepared inline, rejections and repeats included', async () => {
  const worker = new PreparePool(huntingTables(), { threads: 1, inlineBelow: 1 });
  const inline = new PreparePool(huntingTables(), { threads: 0 });
  try {
    const a = await worker.prepare(device, { events, winEvents });
    const b = await inline.prepare(device, { events, winEvents });
    assert.deepEqual(a, b);
    assert.equal(a.batch.keys.length, 141, '140 XML events (ten sent twice), one JSON event');
    assert.equal(a.repeats, 9, 'the tenth repeat is the copy of the broken one');
    assert.deepEqual(a.rejected.map(r => `${r.section}:${r.index}`), ['events:7', 'winEvents:1']);
    assert.equal(a.batch.tables.WindowsEvent.rows, 141);
    assert.equal(a.batch.tables.DeviceEvents.constants.DeviceId, 'dev-1');
  } finally { await worker.close(); await inline.close(); }
});

test('an error on a worker fails its batch only; a stopped worker is replaced', async () => {
  const pool = new PreparePool(huntingTables(), { threads: 1, inlineBelow: 1 });
  try {
    await assert.rejects(pool.prepare(device, { events: 'not a list' as never }), /ingest worker: .*forEach/);
    const pending = pool.prepare(device, { events });
    await pool.close();
    await assert.rejects(pending, /ingest worker stopped/);
    assert.equal((await pool.prepare(device, { events })).batch.keys.length, 140);
  } finally { await pool.close(); }
});
