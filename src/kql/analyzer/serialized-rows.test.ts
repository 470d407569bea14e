/** Row functions over rows that are not serialized are refused, as Kusto refuses them; everything else compiles. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compile } from '../compile.js';
import { KqlError } from '../errors.js';

function refusal(kql: string): KqlError | null {
  try { compile(kql); return null; } catch (err) {
    if (err instanceof KqlError) return err;
    throw err;
  }
}

test('a row function over a table, a datatable or an unserializing operator is refused at the call', () => {
  const cases: [string, string][] = [
    ['datatable(s:string)["a", "b"] | extend idx = row_number()', 'row_number()'],
    ['DeviceEvents | extend p = prev(Timestamp)', 'prev(Timestamp)'],
    ['DeviceEvents | order by Timestamp | summarize count() by DeviceId | extend r = row_number()', 'row_number()'],
    ['DeviceEvents | order by Timestamp | mv-expand x = pack_array(1, 2) | extend n = next(x)', 'next(x)'],
    ['DeviceEvents | sort by Timestamp | join kind=inner (DeviceInfo) on DeviceId | where row_cumsum(1) > 2', 'row_cumsum(1)'],
    ['DeviceInfo | project DeviceId | extend r = row_number() + 1', 'row_number()'],
  ];
  for (const [kql, call] of cases) {
    const e = refusal(kql);
    assert.ok(e, kql);
    assert.equal(e.code, 'PK002', kql);
    assert.match(e.message, /needs serialized rows/);
    assert.equal(kql.slice(e.span!.offset, e.span!.offset + e.span!.length), call, kql);
  }
});

test('serialized rows, and rows this check cannot judge, compile', () => {
  for (const kql of [
    'datatable(s:string)["a", "b"] | serialize | extend idx = row_number()',
    'datatable(s:string)["a", "b"] | serialize idx = row_number()',
    'DeviceEvents | order by Timestamp asc | extend p = prev(Timestamp) | where DeviceId != ""',
    'DeviceEvents | top 3 by Timestamp | where row_number() > 1',
    'range x from 1 to 3 step 1 | extend r = row_number()',
    'let T = datatable(s:string)["a"]; T | extend r = row_number()',
    'print x = toscalar(DeviceEvents | order by Timestamp | extend r = row_number() | summarize max(r))',
    'DeviceEvents | summarize count() by DeviceId | extend n = toscalar(DeviceInfo | serialize | extend k = row_number() | count)',
    'DeviceEvents | summarize make_list(Timestamp) by DeviceId | mv-apply t = list_Timestamp to typeof(datetime) on (order by t asc | extend g = t - prev(t))',
  ]) assert.equal(refusal(kql)?.message, undefined, kql);
});
