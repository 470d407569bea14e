/** docs/kql-support.md is generated (npm run kql-support); this fails when the engine or the catalog moved on. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { knownFailures, renderSupport, support } from '../../src/kql/support.js';

test('docs/kql-support.md is current (regenerate with npm run kql-support)', () => {
  const expected = renderSupport(knownFailures(new URL('./conformance-failures.json', import.meta.url)));
  const actual = readFileSync(new URL('../../docs/kql-support.md', import.meta.url), 'utf8');
  assert.ok(actual === expected, 'docs/kql-support.md is stale: run npm run kql-support');
});

test('the table covers the analyser\'s whole catalog and marks what the registries hold', () => {
  const s = support();
  assert.equal(s.functions.length + s.aggregates.length > 400, true);
  const mark = (rows: { name: string; supported: boolean }[], name: string) => rows.find(r => r.name === name)?.supported;
  assert.equal(mark(s.operators, 'mv-apply'), true);
  assert.equal(mark(s.operators, 'fork'), true);
  assert.equal(mark(s.operators, 'reduce'), false);
  assert.equal(mark(s.functions, 'array_iff'), true);
  assert.equal(mark(s.functions, 'geo_point_in_circle'), true);
  assert.equal(mark(s.functions, 'geo_point_to_h3cell'), false);
  assert.equal(mark(s.aggregates, 'arg_max'), true);
  assert.equal(mark(s.plugins, 'bag_unpack'), true);
  assert.equal(mark(s.plugins, 'narrow'), false);
});
