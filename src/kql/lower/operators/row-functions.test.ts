/** row_rank_dense, row_rank_min and row_window_session end to end on DuckDB, with the values Kusto documents. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../testing.js';

const { run } = await testStore();

const sorted = (r: unknown[][]) => [...r].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
async function rows(kql: string): Promise<unknown[][]> {
  return sorted((await run(kql)).rows);
}

const AIRLINES = 'datatable(Airport:string, Airline:string, Departures:long)["SEA","LH",3, "SEA","LY",100, "SEA","UA",3, "SEA","BA",2, "SEA","EL",3';

test('row_rank_dense and row_rank_min: the documented airline ranks', async () => {
  assert.deepEqual(await rows(`${AIRLINES}] | sort by Departures asc | extend d = row_rank_dense(Departures), m = row_rank_min(Departures) | project Airline, d, m`),
    [['BA', 1, 1], ['EL', 2, 2], ['LH', 2, 2], ['LY', 3, 5], ['UA', 2, 2]]);
});

test('row_rank_dense restarts per airport, as documented', async () => {
  assert.deepEqual(await rows(`${AIRLINES}, "AMS","EL",1, "AMS","BA",1] | sort by Airport desc, Departures asc | extend Rank = row_rank_dense(Departures, prev(Airport) != Airport) | project Airport, Airline, Rank`),
    [['AMS', 'BA', 1], ['AMS', 'EL', 1], ['SEA', 'BA', 1], ['SEA', 'EL', 2], ['SEA', 'LH', 2], ['SEA', 'LY', 3], ['SEA', 'UA', 2]]);
});

test('row_rank_min restarts per category, as documented', async () => {
  assert.deepEqual(await rows('datatable(Category:string, Item:string, Value:int)["A","item1",10, "A","item2",10, "A","item3",5, "A","item4",20, "B","item2",5, "B","item1",7] | sort by Category asc, Value asc | extend rank = row_rank_min(Value, Category != prev(Category))'),
    [['A', 'item1', 10, 2], ['A', 'item2', 10, 2], ['A', 'item3', 5, 1], ['A', 'item4', 20, 4], ['B', 'item1', 7, 2], ['B', 'item2', 5, 1]]);
});

test('ranks: nulls rank together, and empty input gives no rows', async () => {
  assert.deepEqual(await rows('datatable(i:long, x:long)[1,long(null), 2,long(null), 3,4, 4,4, 5,long(null)] | sort by i asc | extend d = row_rank_dense(x), m = row_rank_min(x)'),
    [[1, null, 1, 1], [2, null, 1, 1], [3, 4, 2, 3], [4, 4, 2, 3], [5, null, 3, 5]]);
  assert.deepEqual(await rows('datatable(x:long)[1] | where x > 1 | serialize d = row_rank_dense(x), m = row_rank_min(x)'), []);
});

const T = (hm: string) => `2024-04-11T${hm}:00.0000000Z`;

test('row_window_session: the documented sessions per ID', async () => {
  assert.deepEqual(await rows('datatable(ID:string, Timestamp:datetime)["1",datetime(2024-04-11 10:00:00), "2",datetime(2024-04-11 10:18:00), "1",datetime(2024-04-11 11:00:00), "3",datetime(2024-04-11 11:30:00), "2",datetime(2024-04-11 13:30:00), "2",datetime(2024-04-11 10:16:00)] | sort by ID asc, Timestamp asc | extend SessionStarted = row_window_session(Timestamp, 1h, 5m, ID != prev(ID))'),
    [['1', T('10:00'), T('10:00')], ['1', T('11:00'), T('11:00')], ['2', T('10:16'), T('10:16')], ['2', T('10:18'), T('10:16')],
      ['2', T('13:30'), T('13:30')], ['3', T('11:30'), T('11:30')]]);
});

test('row_window_session: distance from the first value and between neighbours both start sessions (at equality too)', async () => {
  // Minutes 0,1,2,3 | 4 (first + 4m) | 10 (gap of 6m ≥ 5m) | 11
  const r = await rows('datatable(m:long)[0,1,2,3,4,10,11] | extend t = datetime(2024-04-11 10:00) + m * 1m | serialize s = row_window_session(t, 4m, 5m) | project m, s = (s - datetime(2024-04-11 10:00)) / 1m');
  assert.deepEqual(r, [[0, 0], [1, 0], [10, 10], [11, 10], [2, 0], [3, 0], [4, 4]]);
});

test('row_window_session: a null value is its own session and the next value starts a new one', async () => {
  const r = await rows('datatable(i:long, t:datetime)[1,datetime(2024-04-11 10:00), 2,datetime(2024-04-11 10:01), 3,datetime(null), 4,datetime(2024-04-11 10:02), 5,datetime(2024-04-11 10:03)] | sort by i asc | serialize s = row_window_session(t, 1h, 1h) | project i, s');
  assert.deepEqual(r, [[1, T('10:00')], [2, T('10:00')], [3, null], [4, T('10:02')], [5, T('10:02')]]);
});

test('row_window_session: values that go back in time stay in the session', async () => {
  const r = await rows('datatable(i:long, m:long)[1,10, 2,5, 3,9, 4,13, 5,20] | sort by i asc | extend t = datetime(2024-04-11 10:00) + m * 1m | serialize s = row_window_session(t, 10m, 5m) | project i, s = (s - datetime(2024-04-11 10:00)) / 1m');
  assert.deepEqual(r, [[1, 10], [2, 10], [3, 10], [4, 10], [5, 20]]);
});
