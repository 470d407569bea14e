/** The `picket query` contract that other tools depend on: formats, the JSON-lines batch, exit codes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/picket.js', import.meta.url).pathname;
const picket = (args: string[], input?: string) =>
  spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', timeout: 60_000 });

test('--help lists the commands', () => {
  const r = picket(['--help']);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /query/);
});

test('an unknown command exits 2 with a message', () => {
  const r = picket(['nope']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown command 'nope'/);
});

test('query prints a table, JSON or CSV', () => {
  const kql = 'datatable(a:long, b:string)[1, "x,y", 2, "z"] | order by a asc';
  const table = picket(['query', kql]);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /^a\s+b\n/);
  assert.match(table.stdout, /\(2 rows\)/);
  const json = JSON.parse(picket(['query', '--format', 'json', kql]).stdout);
  assert.deepEqual(json.columns, [{ name: 'a', type: 'long' }, { name: 'b', type: 'string' }]);
  assert.deepEqual(json.rows, [[1, 'x,y'], [2, 'z']]);
  assert.equal(picket(['query', '--format', 'csv', kql]).stdout, 'a,b\r\n1,"x,y"\r\n2,z\r\n');
});

test('a bad query exits 1 with the error and its position', () => {
  const r = picket(['query', 'print x = nosuch(1)']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /error KS\d+ at 10\+6/);
});

test('--jsonl answers every line, and one bad line never stops the batch', () => {
  const input = [
    JSON.stringify({ id: 'a', kql: 'print x = 1' }),
    'not json',
    JSON.stringify({ id: 'b', kql: 'print x = nosuch()' }),
    JSON.stringify({ id: 'c' }),
    JSON.stringify({ id: 'd', kql: 'range i from 1 to 3 step 1 | summarize s = sum(i)' }),
  ].join('\n');
  const r = picket(['query', '--jsonl'], input + '\n');
  assert.equal(r.status, 0, r.stderr);
  const out = r.stdout.trim().split('\n').map(l => JSON.parse(l));
  assert.equal(out.length, 5);
  assert.deepEqual(out[0], { id: 'a', columns: [{ name: 'x', type: 'long' }], rows: [[1]] });
  assert.equal(out[1].error.code, 'PK005');
  assert.match(out[2].error.code, /^KS/);
  assert.equal(typeof out[2].error.span.offset, 'number');
  assert.equal(out[3].error.code, 'PK005');
  assert.deepEqual(out[4].rows, [[6]]);
});

test('--db opens a database file, creating the hunting tables', () => {
  const dir = mkdtempSync(join(tmpdir(), 'picket-'));
  try {
    const db = join(dir, 'sub', 'p.duckdb');
    const r = picket(['query', '--db', db, '--format', 'json', 'DeviceTvmSecureConfigurationAssessment | count']);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).rows, [[0]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a bad option value is a usage error', () => {
  const r = picket(['query', '--format', 'xml', 'print 1']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--format must be table, json or csv/);
});
