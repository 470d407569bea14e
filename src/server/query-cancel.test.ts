/** A client that leaves stops its query: the query gate frees at once and the next query runs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { testServer, TEST_ADMIN_TOKEN } from './testing.js';

const SLOW = 'range x from 1 to 50000000000 step 1 | summarize count()';

test('closing the request interrupts the query on the server', async () => {
  const s = await testServer({ rules: { startScheduler: false }, console: false } as never);
  try {
    const url = new URL(await s.app.listen({ host: '127.0.0.1', port: 0 }));
    const body = JSON.stringify({ query: SLOW });
    const req = request({ host: url.hostname, port: url.port, path: '/api/v1/query', method: 'POST',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
    req.on('error', () => { /* the abort below */ });
    req.end(body);
    // wait until the query holds the gate, then leave as the console's Cancel does
    for (let i = 0; i < 200 && s.context.queryGate.running === 0; i++) await new Promise(r => setTimeout(r, 25));
    assert.equal(s.context.queryGate.running, 1, 'the slow query is running');
    req.destroy();
    // without the interrupt this query runs for minutes and the gate stays taken
    for (let i = 0; i < 400 && s.context.queryGate.running > 0; i++) await new Promise(r => setTimeout(r, 25));
    assert.equal(s.context.queryGate.running, 0, 'the gate is free again');
    const next = await s.app.inject({ method: 'POST', url: '/api/v1/query', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, payload: { query: 'print x = 1' } });
    assert.equal(next.statusCode, 200);
    assert.deepEqual(next.json().rows, [[1]]);
  } finally {
    await s.close();
  }
});
