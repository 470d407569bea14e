/** ConvertTo-Json -Compress as each PowerShell writes it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PsDate, psJson, readPsJson } from './ps-json.js';

test("5.1 escapes < > & ' and writes dates as \\/Date(ms)\\/; 7 writes ISO dates with the offset", () => {
  const v = { xml: "<Event xmlns='x'>a&b</Event>", at: new PsDate(1712650202000), n: 4294967295, ok: true, none: null, list: ['é', 'tab\t'] };
  assert.equal(psJson(v, '5.1'),
    '{"xml":"\\u003cEvent xmlns=\\u0027x\\u0027\\u003ea\\u0026b\\u003c/Event\\u003e","at":"\\/Date(1712650202000)\\/","n":4294967295,"ok":true,"none":null,"list":["é","tab\\t"]}');
  assert.equal(psJson(v, '7'), '{"xml":"<Event xmlns=\'x\'>a&b</Event>","at":"2024-04-09T08:10:02+00:00","n":4294967295,"ok":true,"none":null,"list":["é","tab\\t"]}');
  assert.equal(psJson(new PsDate(1712650202120), '7'), '"2024-04-09T08:10:02.12+00:00"');
});

test('a 5.1 capture reads back into the same bytes, property order kept', () => {
  const captured = '{\n    "B":  "\\/Date(5)\\/",\n    "A":  [\n              1\n          ]\n}';
  const value = readPsJson(captured);
  assert.ok((value as { B: unknown }).B instanceof PsDate);
  assert.equal(psJson(value, '5.1'), '{"B":"\\/Date(5)\\/","A":[1]}');
});
