/** The engine's contract: errors are data with positions, user text never escapes into SQL, limits hold. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DuckDBConnection } from '@duckdb/node-api';
import { Store } from '../../src/store/duckdb.js';
import { runKql } from '../../src/kql/run.js';
import { compile } from '../../src/kql/compile.js';
import { KqlError } from '../../src/kql/errors.js';

let store: Store;
let conn: DuckDBConnection;
before(async () => { store = await Store.open(); conn = await store.queryConnection(); });
after(() => { conn.closeSync(); store.close(); });

async function fails(kql: string): Promise<KqlError> {
  try {
    await runKql(conn, kql);
  } catch (err) {
    assert.ok(err instanceof KqlError, `expected a KqlError, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected '${kql}' to fail`);
}

test("the analyser's errors reach the user with Kusto's code, message and span", async () => {
  const err = await fails('DeviceEvents | where NoSuchColumn == 1');
  assert.equal(err.code, 'KS142');
  assert.match(err.message, /NoSuchColumn/);
  assert.deepEqual(err.span, { offset: 21, length: 12 });
});

test('an unknown table is a positioned error, not a store error', async () => {
  const err = await fails('NoSuchTable | take 1');
  assert.match(err.code, /^KS/);
  assert.equal(err.span.offset, 0);
  assert.equal(err.span.length, 11);
});

test('an empty query is refused clearly', async () => {
  const err = await fails('   ');
  assert.equal(err.code, 'PK005');
});

test('string literals with quotes, backslashes, NUL and unicode round-trip unchanged', async () => {
  const tricky = ["it's", 'back\\slash', 'dq"uote', 'nul\u0000byte', 'ünïcødé ✓ 日本', "'); DROP TABLE DeviceEvents; --"];
  for (const s of tricky) {
    const r = await runKql(conn, `print s = ${JSON.stringify(s)}`);
    assert.equal(r.rows[0][0], s);
  }
  const still = await runKql(conn, 'DeviceEvents | count');
  assert.equal(still.rows[0][0], 0);
});

test('column names with quotes and spaces are quoted in SQL', async () => {
  const r = await runKql(conn, `print ['a "b" c'] = 1, ['x\\'y'] = 2 | project ['a "b" c'], ['x\\'y']`);
  assert.deepEqual(r.columns.map(c => c.name), ['a "b" c', "x'y"]);
  assert.deepEqual(r.rows, [[1, 2]]);
});

test('generated SQL carries user strings only as escaped literals', () => {
  const { sql } = compile(`DeviceEvents | where FileName == "x'; SELECT 1; --"`);
  assert.ok(sql.includes(`'x''; SELECT 1; --'`), sql);
});

test('hunting queries cannot read files', async () => {
  const err = await runKql(conn, "print x = 1").then(() => conn.run("SELECT * FROM read_csv('/etc/passwd')")).then(() => null, e => e as Error);
  assert.ok(err instanceof Error && /external access|disabled/i.test(err.message), String(err));
});

test('a query past the time limit is cancelled with PK004', async () => {
  await assert.rejects(
    runKql(conn, 'range x from 1 to 50000000000 step 1 | summarize sum(x)', { timeoutMs: 200 }),
    (e: unknown) => e instanceof KqlError && e.code === 'PK004');
});

test('the row limit truncates and says so', async () => {
  const r = await runKql(conn, 'range x from 1 to 10 step 1', { maxRows: 3 });
  assert.equal(r.rows.length, 3);
  assert.equal(r.truncated, true);
});

test('now() and ago() are fixed once per query', async () => {
  const r = await runKql(conn, 'print a = now(), b = ago(0s), c = now() - ago(1h)');
  assert.equal(r.rows[0][0], r.rows[0][1]);
  assert.equal(r.rows[0][2], '01:00:00');
});

test('long literals hold a long: the minus of an expression is an operator, a datatable value carries its sign', async () => {
  const r = await runKql(conn, 'print a = tostring(9223372036854775807), b = tostring(-9223372036854775807), c = tostring(0x7fffffffffffffff)');
  assert.deepEqual(r.rows, [['9223372036854775807', '-9223372036854775807', '9223372036854775807']]);
  const smallest = await runKql(conn, 'datatable(v:long)[ -9223372036854775808 ] | project s = tostring(v)');
  assert.deepEqual(smallest.rows, [['-9223372036854775808']]);
  for (const kql of ['print a = 9223372036854775808', 'print a = -9223372036854775808', 'print a = 0x8000000000000000']) {
    const err = await fails(kql);
    assert.equal(err.code, 'PK002', kql);
    assert.match(kql.slice(err.span.offset, err.span.offset + err.span.length), /^-?(9223372036854775808|0x8000000000000000)$/, kql);
  }
});
