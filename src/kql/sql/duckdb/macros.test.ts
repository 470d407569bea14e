/** The helper macros: every one is created on a fresh connection, and no two share a name (a later one would silently replace the earlier). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MACROS } from './macros.js';
import { testStore } from '../../testing.js';

test('every macro has a name of its own', () => {
  const names = MACROS.map(m => /^CREATE OR REPLACE TEMP MACRO (\w+)/.exec(m)?.[1]);
  assert.ok(names.every(n => n), 'every entry creates a macro');
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  assert.deepEqual(twice, []);
});

test('a query connection creates them all', async () => {
  const { conn } = await testStore();
  const r = await conn.runAndReadAll("SELECT count(DISTINCT function_name) FROM duckdb_functions() WHERE function_type = 'macro' AND function_name LIKE 'kql\\_%' ESCAPE '\\'");
  assert.equal(Number(r.getRowsJS()[0][0]), MACROS.length);
});
