// render keeps the rows and returns the chart as metadata (results.ts: Chart).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';

const { run } = await testStore();
const DATA = 'datatable(Timestamp:datetime, Device:string, n:long, r:real)[ datetime(2024-01-01), "a", 1, 0.5, datetime(2024-01-02), "b", 2, 1.5 ]';

test('render with properties: kind, x, y, series, title and the rest as written', async () => {
  const r = await run(`${DATA} | render timechart with (title="Logons", xcolumn=Timestamp, ycolumns=n, series=Device, kind=stacked, ytitle="count")`);
  assert.equal(r.rows.length, 2);
  assert.deepEqual(r.chart, { kind: 'timechart', x: 'Timestamp', y: ['n'], series: ['Device'], title: 'Logons', properties: { kind: 'stacked', ytitle: 'count' } });
});

test('render without properties takes Kusto\'s defaults for x and y', async () => {
  const r = await run(`${DATA} | project Device, Timestamp, n, r | render timechart`);
  assert.deepEqual(r.chart, { kind: 'timechart', x: 'Timestamp', y: ['n', 'r'] });
  const bars = await run(`${DATA} | summarize c = count() by Device | render columnchart`);
  assert.deepEqual(bars.chart, { kind: 'columnchart', x: 'Device', y: ['c'] });
});

test('a query without render has no chart', async () => {
  const r = await run(`${DATA} | take 1`);
  assert.equal(r.chart, undefined);
});
