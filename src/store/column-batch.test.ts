/** Column batches: rows become stored values column by column; repeats, constants and unknown names are handled. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ColumnBatchBuilder, selectRows } from './column-batch.js';
import type { TableDef } from '../kql/analyzer/schema.js';

const T: TableDef = { name: 'T', columns: [
  { name: 'Timestamp', type: 'datetime' }, { name: 'DeviceId', type: 'string' }, { name: 'Name', type: 'string' },
  { name: 'N', type: 'int' }, { name: 'Extra', type: 'dynamic' }, { name: 'Unused', type: 'string' },
] };
const U: TableDef = { name: 'U', columns: [{ name: 'K', type: 'long' }] };
const defs = new Map([T, U].map(t => [t.name, t]));

test('rows become typed columns in the table order; absent and empty values are nulls; unknown names are dropped', () => {
  const b = new ColumnBatchBuilder(defs);
  b.add('a', { T: [{ Name: 'x', Timestamp: '2024-03-12T10:15:42.1234567Z', DeviceId: 'd1', N: '7', Bogus: 1 }] });
  b.add('b', { T: [{ DeviceId: 'd1', Name: '', Extra: { k: [1] } }], U: [{ K: '12345678901234567' }] });
  const batch = b.build();
  assert.deepEqual(batch.keys, ['a', 'b']);
  const t = batch.tables.T;
  assert.equal(t.rows, 2);
  assert.deepEqual(t.item, [0, 1]);
  assert.deepEqual(Object.keys(t.columns), ['Timestamp', 'Name', 'N', 'Extra']);
  assert.deepEqual(t.columns.Timestamp, [17102385421234567n, null]);
  assert.deepEqual(t.columns.Name, ['x', null], "'' is staged as no value (the column's default)");
  assert.deepEqual(t.columns.N, [7, null]);
  assert.deepEqual(t.columns.Extra, [null, '{"k":[1]}']);
  assert.deepEqual(t.constants, { DeviceId: 'd1' }, 'a string the same in every row is kept once');
  assert.deepEqual(batch.tables.U, { rows: 1, item: [1], columns: { K: [12345678901234567n] }, constants: {} });
});

test('a key already in the batch adds nothing and is counted; an unknown table is an error', () => {
  const b = new ColumnBatchBuilder(defs);
  assert.equal(b.add('a', { T: [{ Name: 'first' }] }), true);
  assert.equal(b.add('a', { T: [{ Name: 'second' }] }), false);
  assert.equal(b.repeats, 1);
  assert.equal(b.size, 1);
  assert.deepEqual(b.build().tables.T.columns.Name, ['first']);
  assert.throws(() => b.add('c', { Nope: [{}] }), /no hunting table named Nope/);
});

test('selectRows keeps the rows of the chosen items, constants included', () => {
  const b = new ColumnBatchBuilder(defs);
  for (const k of ['a', 'b', 'c']) b.add(k, { T: [{ Name: k, DeviceId: 'd' }, { Name: `${k}2`, DeviceId: 'd' }] });
  const t = selectRows(b.build().tables.T, new Set([0, 2]));
  assert.deepEqual(t, { rows: 4, item: [0, 0, 2, 2], columns: { Name: ['a', 'a2', 'c', 'c2'] }, constants: { DeviceId: 'd' } });
});
