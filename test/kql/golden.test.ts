/**
 * Golden tests for the compiler: KQL in, IR after the rewrite passes and DuckDB SQL out. A change in the emitted
 * SQL must be deliberate: update the expectation here in the same commit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../../src/kql/compile.js';
import type { TableDef } from '../../src/kql/analyzer/schema.js';
import { Lowerer } from '../../src/kql/lower/lowerer.js';
import { analyze } from '../../src/kql/compile.js';
import { rewrite, PASSES } from '../../src/kql/rewrite/index.js';
import { foldTimeConstants } from '../../src/kql/rewrite/fold-time-constants.js';
import { foldDynamicPaths } from '../../src/kql/rewrite/fold-dynamic-paths.js';
import { mergeFilters } from '../../src/kql/rewrite/merge-filters.js';
import type { Rel } from '../../src/kql/ir/types.js';
import { MACROS } from '../../src/kql/sql/duckdb/macros.js';

const tables: TableDef[] = [{
  name: 'E',
  columns: [{ name: 'Timestamp', type: 'datetime' }, { name: 'DeviceId', type: 'string' }, { name: 'N', type: 'long' }, { name: 'Ctx', type: 'dynamic' }],
}];
const NOW = 16094592000000000n; // 2021-01-01T00:00:00Z in ticks since 1970
const sql = (kql: string) => compile(kql, { tables, now: NOW }).sql;

function lowered(kql: string): Rel {
  const { code, errors } = analyze(kql, tables);
  assert.deepEqual(errors.map((e: { Message: string }) => e.Message), []);
  return new Lowerer(NOW).lowerQuery(code.Syntax);
}

test('merge-filters: two where operators become one predicate', () => {
  const before = lowered('E | where N > 1 | where DeviceId == "a"');
  assert.equal(before.k === 'filter' && before.input.k, 'filter');
  const after = rewrite(before, [mergeFilters]);
  assert.ok(after.k === 'filter' && after.input.k === 'scan');
  assert.equal(sql('E | where N > 1 | where DeviceId == "a"'),
    `SELECT * FROM (SELECT "Timestamp", "DeviceId", "N", "Ctx" FROM "E") AS _t WHERE (("N" > CAST(1 AS BIGINT)) AND ("DeviceId" = 'a'))`);
});

test('fold-time-constants: ago(1h) becomes a datetime literal compared with the column', () => {
  const after = rewrite(lowered('E | where Timestamp > ago(1h)'), [foldTimeConstants]);
  assert.ok(after.k === 'filter' && after.pred.k === 'call');
  assert.deepEqual(after.pred.args[1], { k: 'lit', value: NOW - 36_000_000_000n, type: 'datetime' });
  assert.equal(sql('E | where Timestamp > ago(1h)'),
    `SELECT * FROM (SELECT "Timestamp", "DeviceId", "N", "Ctx" FROM "E") AS _t WHERE ("Timestamp" > CAST(${NOW - 36_000_000_000n} AS BIGINT))`);
});

test('fold-dynamic-paths: a chain of constant accesses is one JSON pointer', () => {
  const after = rewrite(lowered('E | project x = Ctx[0]["a/b"].c'), [foldDynamicPaths]);
  assert.ok(after.k === 'project');
  const x = after.items[0].expr;
  assert.ok(x.k === 'call' && x.fn === 'dyn_path' && x.args.length === 4);
  assert.equal(sql('E | project x = Ctx[0]["a/b"].c'),
    `SELECT json_extract("Ctx", '/0/a~1b/c') AS "x" FROM (SELECT "Timestamp", "DeviceId", "N", "Ctx" FROM "E") AS _t`);
});

test('every pass is named and the default pipeline runs them in order', () => {
  assert.deepEqual(PASSES.map(p => p.name), ['plan-row-functions', 'fold-time-constants', 'fold-dynamic-paths', 'merge-filters']);
});

test('summarize by bin, sort and take compile to one nested SELECT each', () => {
  assert.equal(sql('E | summarize c = count() by DeviceId | top 3 by c'),
    'SELECT * FROM (SELECT * FROM (SELECT "DeviceId" AS "DeviceId", count(*) AS "c" FROM (SELECT "Timestamp", "DeviceId", "N", "Ctx" FROM "E") AS _t GROUP BY 1) AS _t ORDER BY "c" DESC NULLS LAST) AS _t LIMIT greatest(CAST(3 AS BIGINT), 0)');
});

test('a long sum compiles to SQL linear in its terms (inlined macros use each argument once)', () => {
  const terms = Array.from({ length: 12 }, (_, i) => `N * ${i + 1}`).join(' + ');
  const out = sql(`E | project s = ${terms}`);
  assert.equal(out.match(/kql_wrap64\(/g)?.length, 23, out); // 11 additions and 12 multiplications
  assert.ok(out.length < 4000, `${out.length} characters`);
  // DuckDB inlines macros: a macro that repeated its argument would make nested sums exponential to bind
  const wrap = MACROS.find(m => /MACRO kql_wrap64\(h\)/.test(m))!;
  assert.equal(wrap.split(' AS ').slice(1).join(' AS ').match(/\bh\b/g)?.length, 1, wrap);
});
