/** The --url path: a real server on a loopback port stores the same as a direct write; 429 and outages are retried. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Store } from '../store/duckdb.js';
import { buildServer } from '../server/app.js';
import { runKql } from '../kql/run.js';
import { StoreSink } from './store-sink.js';
import { HttpSink, retryAfterMs } from './http-sink.js';
import { simulate } from './run.js';
import { planFleet } from './fleet.js';
import { DeviceHistory } from './device.js';

const NOW = Date.UTC(2025, 5, 2, 12, 0, 0);
const TABLES = ['DeviceEvents', 'WindowsEvent', 'DeviceInfo', 'MpComputerStatus', 'DeviceTvmSecureConfigurationAssessment', 'DeviceTvmSoftwareInventory'];

async function counts(store: Store): Promise<Record<string, number>> {
  const conn = await store.queryConnection();
  try {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = Number((await runKql(conn, `${t} | count`)).rows[0]![0]);
    return out;
  } finally {
    conn.closeSync();
  }
}

test('a --url run through a real server stores the same counts as a --db run', async () => {
  const options = { devices: 8, days: 4, seed: 5, now: NOW };
  const direct = await Store.open();
  const sink = await StoreSink.open(direct);
  const viaStore = await simulate(sink, options);
  await sink.close();

  const served = await Store.open();
  const { app } = await buildServer({ store: served, adminToken: 'test-admin-token-0123456789abcdef' });
  try {
    const base = await app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${base}/api/v1/enrollment-keys`, {
      method: 'POST', headers: { authorization: 'Bearer test-admin-token-0123456789abcdef', 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'simulate test' }),
    });
    assert.equal(res.status, 201, await res.clone().text());
    const { secret } = await res.json() as { secret: string };
    // a small gzip threshold so that compressed bodies are exercised too
    const viaHttp = await simulate(new HttpSink(base, secret, { gzipAbove: 4096, concurrency: 3 }), options);
    assert.equal(viaHttp.totals.rejected, 0);
    assert.deepEqual(viaHttp.totals, viaStore.totals);
    assert.deepEqual(viaHttp.devices.map(d => [d.deviceName, d.runningMode, d.lastReport]), viaStore.devices.map(d => [d.deviceName, d.runningMode, d.lastReport]));
    const [a, b] = [await counts(direct), await counts(served)];
    assert.deepEqual(b, a);
    assert.ok(a.DeviceEvents! > 0 && a.DeviceInfo! > 0);
  } finally {
    await app.close();
    served.close();
    direct.close();
  }
});

test('429 is retried after Retry-After, a refused connection with backoff', async () => {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls++;
      if (calls === 1) { res.writeHead(429, { 'retry-after': '0' }); res.end('{}'); return; }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ accepted: { events: 3, reports: 1 }, duplicates: 0, rejected: [] }));
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    const sink = new HttpSink(`http://127.0.0.1:${port}/`, 'key', { backoffMs: 10 });
    const plan = planFleet({ devices: 1, days: 1, seed: 1 })[0]!;
    const [report] = [...new DeviceHistory(plan, { days: 1, now: NOW, seed: 1 }).reports()];
    const r = await sink.send({ deviceId: 'd', deviceName: 'n', token: 't' }, report!);
    assert.deepEqual(r, { events: 3, reports: 1, duplicates: 0, rejected: 0 });
    assert.equal(calls, 2);
    assert.equal(sink.retries, 1);
  } finally {
    server.close();
  }
  const down = new HttpSink(`http://127.0.0.1:${port}`, 'key', { attempts: 3, backoffMs: 5 });
  await assert.rejects(down.enroll(planFleet({ devices: 1, days: 1, seed: 1 })[0]!, 'x'), /POST \/api\/v1\/enroll/);
  assert.equal(down.retries, 2);
});

test('Retry-After in seconds or as a date', () => {
  assert.equal(retryAfterMs('2'), 2000);
  assert.equal(retryAfterMs(null), 1000);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 7_000), 3000);
});
