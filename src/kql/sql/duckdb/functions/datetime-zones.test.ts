/** datetime_utc_to_local and datetime_local_to_utc: the documented examples, clock changes, unknown zones. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../../../store/duckdb.js';
import { runKql } from '../../../run.js';

let store: Store;
let conn: DuckDBConnection;
before(async () => { store = await Store.open(); conn = await store.queryConnection(); });
after(() => { conn.closeSync(); store.close(); });

test('datetime_local_to_utc: the documented zones; unknown or empty zone names give null', async () => {
  const r = await runKql(conn, `datatable(local_dt: datetime, tz: string)[
      datetime(2020-02-02 20:02:20), 'US/Pacific', datetime(2020-02-02 20:02:20), 'America/Chicago',
      datetime(2020-02-02 20:02:20), 'Europe/Paris', datetime(2020-02-02 20:02:20), 'Nope/Zone', datetime(2020-02-02 20:02:20), '']
    | project utc_dt = datetime_local_to_utc(local_dt, tz)`);
  assert.deepEqual(r.rows.map(x => x[0]), ['2020-02-03T04:02:20.0000000Z', '2020-02-03T02:02:20.0000000Z',
    '2020-02-02T19:02:20.0000000Z', null, null]);
});

test('clocks going forward: a skipped local time takes the offset after the change, as documented', async () => {
  const r = await runKql(conn, `range Local from datetime(2022-03-27 01:00:00) to datetime(2022-03-27 04:00:00) step 1h
    | extend UTC = datetime_local_to_utc(Local, 'Europe/Brussels') | extend BackToLocal = datetime_utc_to_local(UTC, 'Europe/Brussels')
    | extend diff = Local - BackToLocal | project UTC, BackToLocal, diff`);
  assert.deepEqual(r.rows, [
    ['2022-03-27T00:00:00.0000000Z', '2022-03-27T01:00:00.0000000Z', '00:00:00'],
    ['2022-03-27T00:00:00.0000000Z', '2022-03-27T01:00:00.0000000Z', '01:00:00'],
    ['2022-03-27T01:00:00.0000000Z', '2022-03-27T03:00:00.0000000Z', '00:00:00'],
    ['2022-03-27T02:00:00.0000000Z', '2022-03-27T04:00:00.0000000Z', '00:00:00'],
  ]);
});

test('datetime_utc_to_local: the documented example keeps the ticks; a constant unknown zone is null, not an error', async () => {
  const r = await runKql(conn, `print dt = datetime(2022-07-11 22:18:48.4678620)
    | extend pacific_dt = datetime_utc_to_local(dt, 'US/Pacific'), canberra_dt = datetime_utc_to_local(dt, 'Australia/Canberra')
    | extend diff = pacific_dt - canberra_dt, bad = datetime_utc_to_local(dt, 'Nope'), none = datetime_utc_to_local(datetime(null), 'UTC')
    | project-away dt`);
  assert.deepEqual(r.rows[0], ['2022-07-11T15:18:48.4678620Z', '2022-07-12T08:18:48.4678620Z', '-17:00:00', null, null]);
});

test('clocks going back: a repeated local time is read as the later instant', async () => {
  const r = await runKql(conn, `range Local from datetime(2022-10-30 01:30:00) to datetime(2022-10-30 03:00:00) step 30m
    | project UTC = datetime_local_to_utc(Local, 'Europe/Brussels')`);
  assert.deepEqual(r.rows.map(x => x[0]), ['2022-10-29T23:30:00.0000000Z', '2022-10-30T01:00:00.0000000Z',
    '2022-10-30T01:30:00.0000000Z', '2022-10-30T02:00:00.0000000Z']);
});
