/** Query limits as Advanced Hunting has them: memory (the store's memory_limit) and rows, each with its own code. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Store } from '../store/duckdb.js';
import { runKql } from './run.js';
import { KqlError } from './errors.js';

test('a query needing more memory than the limit fails with PK007 and a plain message; the next query runs', async () => {
  const store = await Store.open({ memoryLimit: '64MB' });
  const conn = await store.queryConnection();
  try {
    await assert.rejects(
      runKql(conn, 'range x from 1 to 20000000 step 1 | extend s = strcat("abcdefghij", x) | summarize make_list(s)'),
      (e: unknown) => e instanceof KqlError && e.code === 'PK007' && /more memory than the limit/.test(e.message));
    assert.deepEqual((await runKql(conn, 'range x from 1 to 3 step 1 | count')).rows, [[3]]);
  } finally {
    conn.closeSync();
    store.close();
  }
});

test('a result over the row limit is cut with the truncated flag', async () => {
  const store = await Store.open();
  const conn = await store.queryConnection();
  try {
    const r = await runKql(conn, 'range x from 1 to 1000 step 1', { maxRows: 10 });
    assert.equal(r.rows.length, 10);
    assert.equal(r.truncated, true);
    assert.equal((await runKql(conn, 'range x from 1 to 10 step 1', { maxRows: 10 })).truncated, undefined);
  } finally {
    conn.closeSync();
    store.close();
  }
});
