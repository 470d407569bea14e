/** column_ifexists, pack_all and bag_pack_columns: lowered with the input row's columns, run for real. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../store/duckdb.js';
import { runKql } from '../run.js';

let store: Store;
let conn: DuckDBConnection;
before(async () => { store = await Store.open(); conn = await store.queryConnection(); });
after(() => { conn.closeSync(); store.close(); });

test('pack_all: every column, empty strings and nulls kept; pack_all(true) leaves them out', async () => {
  const r = await runKql(conn, `datatable(Source: string, Target: string, CharsCount: long)
    ['555-1234', '555-1212', 46, '555-1313', '', 42, '', '555-3456', 74, '555-2424', '', long(null)]
    | extend Packed = pack_all(), PackedIgnoreNullEmpty = pack_all(true) | project Packed, PackedIgnoreNullEmpty`);
  assert.deepEqual(r.rows, [
    [{ Source: '555-1234', Target: '555-1212', CharsCount: 46 }, { Source: '555-1234', Target: '555-1212', CharsCount: 46 }],
    [{ Source: '555-1313', Target: '', CharsCount: 42 }, { Source: '555-1313', CharsCount: 42 }],
    [{ Source: '', Target: '555-3456', CharsCount: 74 }, { Target: '555-3456', CharsCount: 74 }],
    [{ Source: '555-2424', Target: '', CharsCount: null }, { Source: '555-2424' }],
  ]);
});

test('pack_all sees the input row of its extend, typed values as Kusto embeds them', async () => {
  const r = await runKql(conn, `datatable(x: long, t: datetime, d: dynamic)[1, datetime(2020-01-01), dynamic([])]
    | extend x = 5, p = pack_all() | project p`);
  assert.deepEqual(r.rows[0][0], { x: 1, t: '2020-01-01T00:00:00.0000000Z', d: [] });
});

test('bag_pack_columns: the listed columns by name', async () => {
  const r = await runKql(conn, `datatable(Id: string, Value: string, Other: long)['A', 'val_a', 1, 'B', 'val_b', 2]
    | extend Packed = bag_pack_columns(Id, Value) | project Packed`);
  assert.deepEqual(r.rows, [[{ Id: 'A', Value: 'val_a' }], [{ Id: 'B', Value: 'val_b' }]]);
});

test('column_ifexists: the column when the input has it, else the default, in extend, where and summarize', async () => {
  const r = await runKql(conn, `datatable(x: long, State: string)[1, 'WA', 2, 'OR']
    | extend a = column_ifexists('x', 0), b = column_ifexists('Capital', State), c = columnifexists('nope', 'dflt')
    | where column_ifexists('a', 7) == 1 | project a, b, c`);
  assert.deepEqual(r.rows, [[1, 'WA', 'dflt']]);
  const s = await runKql(conn, `print y = 1 | summarize n = count() by k = column_ifexists('y', 0), m = column_ifexists('z', 9)`);
  assert.deepEqual(s.rows, [[1, 9, 1]]);
});

test('column_ifexists refuses what it cannot answer exactly', async () => {
  // the analyser types the call as the default, so a column of another type would change the result's type
  await assert.rejects(runKql(conn, `datatable(x: int)[1] | extend a = column_ifexists('x', 0)`), /Not supported yet/);
  // a column assigned earlier in the same extend is in Kusto's scope there, but not in the analyser's row
  await assert.rejects(runKql(conn, `datatable(x: long)[1] | extend a = 2, b = column_ifexists('a', 0)`), /Not supported yet/);
});
