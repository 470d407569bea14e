/**
 * Saved functions and saved queries over HTTP: a function saved through the API is callable from /api/v1/query;
 * bad functions are 400s naming the field (with Kusto's message and a span into the body); saved queries belong
 * to their owner.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createToken, testServer } from '../testing.js';

let s: Awaited<ReturnType<typeof testServer>>;
let analyst: Record<string, string>, analyst2: Record<string, string>, viewer: Record<string, string>, admin: Record<string, string>;
before(async () => {
  s = await testServer({ rules: { startScheduler: false } } as never);
  analyst = { authorization: `Bearer ${await createToken(s, 'analyst', 'a1')}` };
  analyst2 = { authorization: `Bearer ${await createToken(s, 'analyst', 'a2')}` };
  viewer = { authorization: `Bearer ${await createToken(s, 'viewer')}` };
  admin = { authorization: `Bearer ${await createToken(s, 'admin')}` };
});
after(async () => { await s.close(); });

const inject = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
  s.app.inject({ method, url, headers, ...(payload !== undefined ? { payload: payload as object } : {}) });

test('a saved function is listed, callable from any query, editable and deletable', async () => {
  const created = await inject('POST', '/api/v1/functions', analyst, {
    name: 'Scaled', description: 'n times k', parameters: [{ name: 'T', type: '(n:long)' }, { name: 'k', type: 'long', default: '10' }],
    body: 'T | extend m = n * k',
  });
  assert.equal(created.statusCode, 201, created.body);
  const fn = created.json();
  assert.deepEqual([fn.name, fn.parameters.length, fn.owner.startsWith('token:')], ['Scaled', 2, true]);
  assert.equal((await inject('GET', '/api/v1/functions', viewer)).json().functions.length, 1);

  const q = await inject('POST', '/api/v1/query', analyst, { query: 'datatable(n:long)[1, 2] | invoke Scaled() | project m' });
  assert.deepEqual(q.json().rows, [[10], [20]], q.body);
  const direct = await inject('POST', '/api/v1/query', analyst, { query: 'Scaled(datatable(n:long)[3], 2)' });
  assert.deepEqual(direct.json().rows, [[3, 6]], direct.body);

  const put = await inject('PUT', `/api/v1/functions/${fn.id}`, analyst2, { name: 'Scaled', parameters: [{ name: 'T', type: '(n:long)' }], body: 'T | extend m = -n' });
  assert.equal(put.statusCode, 200, put.body);
  assert.deepEqual((await inject('POST', '/api/v1/query', analyst, { query: 'Scaled(datatable(n:long)[3]) | project m' })).json().rows, [[-3]]);

  assert.equal((await inject('DELETE', `/api/v1/functions/${fn.id}`, analyst)).statusCode, 204);
  const gone = await inject('POST', '/api/v1/query', analyst, { query: 'print Scaled(1)' });
  assert.equal(gone.statusCode, 400);
  assert.equal((await inject('DELETE', `/api/v1/functions/${fn.id}`, analyst)).statusCode, 404);
});

test('functions may call other saved functions', async () => {
  assert.equal((await inject('POST', '/api/v1/functions', analyst, { name: 'Double', parameters: [{ name: 'x', type: 'long' }], body: 'x * 2' })).statusCode, 201);
  const quad = await inject('POST', '/api/v1/functions', analyst, { name: 'Quad', parameters: [{ name: 'x', type: 'long' }], body: 'Double(Double(x))' });
  assert.equal(quad.statusCode, 201, quad.body);
  assert.deepEqual((await inject('POST', '/api/v1/query', analyst, { query: 'print Quad(3)' })).json().rows, [[12]]);
});

test('bad functions are refused naming the field', async () => {
  const cases: [unknown, string, RegExp][] = [
    [{ name: '1bad', body: '1' }, 'name', /letter/],
    [{ name: 'DeviceInfo', body: '1' }, 'name', /table/],
    [{ name: 'strlen', body: '1' }, 'name', /built-in/],
    [{ name: 'F', parameters: [{ name: 'x', type: 'wobbly' }], body: 'x' }, 'parameters', /not a KQL type/],
    [{ name: 'F', parameters: [{ name: 'x', type: 'long' }, { name: 'x', type: 'long' }], body: 'x' }, 'parameters', /twice/],
    [{ name: 'F', body: '   ' }, 'body', /empty/],
    [{ body: 'x' }, 'body.name', /name/],
  ];
  for (const [payload, field, message] of cases) {
    const r = await inject('POST', '/api/v1/functions', analyst, payload);
    assert.equal(r.statusCode, 400, `${JSON.stringify(payload)}: ${r.body}`);
    assert.equal(r.json().error.field, field, r.body);
    assert.match(r.json().error.message, message);
  }
  const body = 'DeviceInfo | where NoSuchColumn > 1';
  const r = await inject('POST', '/api/v1/functions', analyst, { name: 'Broken', body });
  assert.equal(r.statusCode, 400);
  const e = r.json().error;
  assert.equal(e.field, 'body');
  assert.equal(e.kqlCode, 'KS142');
  assert.equal(body.slice(e.span.offset, e.span.offset + e.span.length), 'NoSuchColumn');
  assert.equal((await inject('POST', '/api/v1/functions', analyst, { name: 'QUAD', body: '1' })).statusCode, 409);
});

test('viewers read functions and saved queries but cannot save them', async () => {
  assert.equal((await inject('POST', '/api/v1/functions', viewer, { name: 'V', body: '1' })).statusCode, 403);
  assert.equal((await inject('POST', '/api/v1/saved-queries', viewer, { name: 'v', query: 'print 1' })).statusCode, 403);
  assert.equal((await inject('GET', '/api/v1/saved-queries', viewer)).statusCode, 200);
});

test('saved queries: created, listed, changed only by their owner or an admin, deleted', async () => {
  const created = await inject('POST', '/api/v1/saved-queries', analyst, { name: 'Passive devices', query: 'DeviceInfo | take 10', description: 'demo' });
  assert.equal(created.statusCode, 201, created.body);
  const q = created.json();
  assert.deepEqual([q.name, q.query, q.description], ['Passive devices', 'DeviceInfo | take 10', 'demo']);
  assert.deepEqual((await inject('GET', '/api/v1/saved-queries', viewer)).json().queries.map((x: { id: string }) => x.id), [q.id]);
  assert.equal((await inject('GET', `/api/v1/saved-queries/${q.id}`, viewer)).json().query, 'DeviceInfo | take 10');

  assert.equal((await inject('PUT', `/api/v1/saved-queries/${q.id}`, analyst2, { name: 'x', query: 'print 1' })).statusCode, 403);
  const changed = await inject('PUT', `/api/v1/saved-queries/${q.id}`, analyst, { name: 'Renamed', query: 'print 1' });
  assert.equal(changed.json().name, 'Renamed');
  assert.equal((await inject('PUT', `/api/v1/saved-queries/${q.id}`, admin, { name: 'By admin', query: 'print 2' })).statusCode, 200);

  const bad = await inject('POST', '/api/v1/saved-queries', analyst, { name: 'n', query: '' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.field, 'body.query');
  assert.equal((await inject('POST', '/api/v1/saved-queries', analyst, { name: 'n', query: '  ' })).json().error.field, 'query');

  assert.equal((await inject('DELETE', `/api/v1/saved-queries/${q.id}`, analyst2)).statusCode, 403);
  assert.equal((await inject('DELETE', `/api/v1/saved-queries/${q.id}`, analyst)).statusCode, 204);
  assert.equal((await inject('GET', `/api/v1/saved-queries/${q.id}`, viewer)).statusCode, 404);
});
