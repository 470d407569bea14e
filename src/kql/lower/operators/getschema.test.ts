// getschema end to end: one row per column with Kusto's .NET and KQL type names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../../../store/duckdb.js';
import { runKql } from '../../run.js';
import { OPERATORS } from './index.js';
import { lowerGetSchema } from './getschema.js';

// until the registry lists it (operators/index.ts), register it here so the test exercises the real path
OPERATORS.GetSchemaOperator ??= lowerGetSchema;

test('getschema lists the columns in order with their types', async () => {
  const store = await Store.open();
  const conn = await store.queryConnection();
  const r = await runKql(conn, 'datatable(id:long, Id:string, ok:bool, t:datetime)[] | extend x = 1.5 | getschema');
  assert.deepEqual(r.columns.map(c => c.name), ['ColumnName', 'ColumnOrdinal', 'DataType', 'ColumnType']);
  assert.deepEqual(r.rows, [
    ['id', 0, 'System.Int64', 'long'], ['Id', 1, 'System.String', 'string'], ['ok', 2, 'System.SByte', 'bool'],
    ['t', 3, 'System.DateTime', 'datetime'], ['x', 4, 'System.Double', 'real'],
  ]);
  conn.closeSync();
  store.close();
});
