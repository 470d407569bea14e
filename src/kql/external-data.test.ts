// externaldata: off by default, allow-listed prefixes only, a size limit; a loopback server stands in for the web.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testStore } from './testing.js';
import { KqlError } from './errors.js';
import { externalDataPolicyFromEnv, parseRecords } from './external-data.js';

const { run } = await testStore();

const FILES: Record<string, string> = {
  '/feed/iocs.csv': 'hash,score,seen\r\n"abc,1",5,2024-01-02\r\ndef,,\r\n',
  '/feed/lines.txt': 'one\ntwo\n',
  '/feed/records.json': '{"h":"x","n":1,"d":{"a":[1]}}\n{"h":"y"}\n',
  '/feed/big.txt': 'x'.repeat(5000),
  '/feed/moved': '',
  '/other/secret.txt': 'no',
};
const server = createServer((req, res) => {
  if (req.url === '/feed/moved') { res.writeHead(302, { location: '/other/secret.txt' }); res.end(); return; }
  const body = FILES[req.url ?? ''];
  if (body === undefined) { res.writeHead(404); res.end(); return; }
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(body);
});
await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
after(() => server.close());
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const policy = { allow: [`${base}/feed/`], maxBytes: 1000 };
const refused = (code: string, pattern: RegExp) => (e: unknown) => e instanceof KqlError && e.code === code && pattern.test(e.message) && e.span.length > 0;

test('externaldata is off unless a policy allows it', async () => {
  await assert.rejects(run(`externaldata(a:string) [@"${base}/feed/lines.txt"] with (format="txt")`, { externalData: null }), refused('PK008', /not enabled/));
  assert.equal(externalDataPolicyFromEnv({}), null);
  assert.deepEqual(externalDataPolicyFromEnv({ PICKET_EXTERNALDATA_ALLOW: ' https://a.example/x/ , ', PICKET_EXTERNALDATA_MAX_BYTES: '99' }), { allow: ['https://a.example/x/'], maxBytes: 99 });
});

test('csv records become typed rows; empty fields are null (empty for strings)', async () => {
  const r = await run(`externaldata(hash:string, score:long, seen:datetime) [@"${base}/feed/iocs.csv"] with (format="csv", ignoreFirstRecord=true)`, { externalData: policy });
  assert.deepEqual(r.rows, [['abc,1', 5, '2024-01-02T00:00:00.0000000Z'], ['def', null, null]]);
});

test('txt lines and json records, joined with a query of the store', async () => {
  const lines = await run(`let feed = externaldata(w:string) [@"${base}/feed/lines.txt"] with (format="txt"); datatable(w:string)["two", "three"] | where w in (feed)`, { externalData: policy });
  assert.deepEqual(lines.rows, [['two']]);
  const json = await run(`externaldata(h:string, n:long, d:dynamic) [@"${base}/feed/records.json"] with (format="multijson")`, { externalData: policy });
  assert.deepEqual(json.rows, [['x', 1, { a: [1] }], ['y', null, null]]);
});

test('a URL outside the allowed prefixes, a redirect, or data over the limit is refused', async () => {
  await assert.rejects(run(`externaldata(a:string) [@"${base}/other/secret.txt"] with (format="txt")`, { externalData: policy }), refused('PK008', /not under an allowed/));
  await assert.rejects(run(`externaldata(a:string) [@"${base}/feed/moved"] with (format="txt")`, { externalData: policy }), refused('PK008', /redirect/));
  await assert.rejects(run(`externaldata(a:string) [@"${base}/feed/big.txt"] with (format="txt")`, { externalData: policy }), refused('PK008', /larger than/));
  await assert.rejects(run(`externaldata(a:string) [@"${base}/feed/none.txt"] with (format="txt")`, { externalData: policy }), refused('PK008', /HTTP 404/));
  await assert.rejects(run('externaldata(a:string) [@"file:///etc/passwd"] with (format="txt")', { externalData: { allow: ['file:///'], maxBytes: 10 } }), refused('PK008', /only http/));
});

test('a prefix naming a host does not admit a longer host name', async () => {
  const hostOnly = { allow: ['http://127.0.0.1'], maxBytes: 1000 };
  await assert.rejects(run('externaldata(a:string) [@"http://127.0.0.1.example/x"] with (format="txt")', { externalData: hostOnly }), refused('PK008', /not under an allowed/));
});

test('csv parsing: quotes, doubled quotes, line breaks inside quotes', () => {
  assert.deepEqual(parseRecords('a,"b ""q""","c\nd"\n', { format: 'csv', ignoreFirstRecord: false, columns: [] }), [['a', 'b "q"', 'c\nd']]);
  assert.deepEqual(parseRecords('x\ty\n', { format: 'tsv', ignoreFirstRecord: false, columns: [] }), [['x', 'y']]);
});
