/** parse_url: every part of an absolute URL by Kusto's names; '' for what is absent; empty bags for non-URLs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testStore } from '../../../testing.js';

const { run } = await testStore();

test('parse_url splits scheme, credentials, host, port, path, query parameters and fragment', async () => {
  const r = await run('print u = parse_url("https://john:123@contoso.com:1234/this/is/a/path?k1=v1&k2=v2&flag#frag")');
  assert.deepEqual(r.rows[0][0], {
    Scheme: 'https', Host: 'contoso.com', Port: '1234', Path: '/this/is/a/path', Username: 'john', Password: '123',
    'Query Parameters': { k1: 'v1', k2: 'v2', flag: '' }, Fragment: 'frag',
  });
});

test('absent parts are empty, and text that is not an absolute URL gives empty parts', async () => {
  const r = await run('print a = parse_url("http://example.org"), b = parse_url("not a url"), c = tostring(parse_url("ftp://h/x").Path)');
  assert.equal((r.rows[0][0] as Record<string, string>).Host, 'example.org');
  assert.equal((r.rows[0][0] as Record<string, string>).Path, '');
  assert.equal((r.rows[0][1] as Record<string, string>).Scheme, '');
  assert.deepEqual((r.rows[0][1] as Record<string, unknown>)['Query Parameters'], {});
  assert.equal(r.rows[0][2], '/x');
});
