/**
 * The outbox against a real HTTP receiver: a restart of the worker mid-way loses and repeats nothing, a dead
 * worker's claims are taken over after the lease, failures back off exponentially and stay visible, digests
 * collect alerts into one message.
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Store } from '../store/duckdb.js';
import { SecretBox } from '../accounts/secret-box.js';
import { NotificationService } from './service.js';
import { OutboxWorker, SILENT, DEFAULT_WORKER } from './worker.js';
import { retryDelay, DEFAULT_RETRY } from './outbox.js';
import { sampleAlert } from './testing.js';
import type { Severity } from '../alerts/model.js';

let store: Store;
let receiver: http.Server;
let url: string;
const deliveries: { id: string; alertIds: string[] }[] = [];
let status = 200;
let delayMs = 0;

before(async () => {
  store = await Store.open();
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => setTimeout(() => {
      if (status < 300) deliveries.push({ id: String(req.headers['x-picket-delivery']), alertIds: JSON.parse(Buffer.concat(chunks).toString()).alerts.map((a: { alertId: string }) => a.alertId) });
      res.writeHead(status).end(status < 300 ? '' : 'unavailable');
    }, delayMs));
  });
  await new Promise<void>(r => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
after(async () => { await service?.close(); receiver.close(); store.close(); });

let now: number;
let service: NotificationService;
beforeEach(async () => {
  deliveries.length = 0; status = 200; delayMs = 0;
  now = Date.parse('2025-03-01T10:00:00Z');
  await service?.close();
  // each test starts from empty notification tables
  const conn = await store.instance.connect();
  for (const t of ['notify_outbox', 'notify_digest_items', 'notify_subscriptions', 'notify_channels']) await conn.run(`DELETE FROM app.${t}`);
  conn.closeSync();
  service = await NotificationService.open(store, {
    publicUrl: 'https://picket.example', secrets: SecretBox.fromKey(randomBytes(32)), worker: false, clock: () => new Date(now),
    retry: { baseMs: 1000, maxDelayMs: 60_000, maxAttempts: 3, jitter: 0 }, workerOptions: { leaseMs: 60_000, concurrency: 4, pollMs: 60_000 },
  });
});

async function webhook(subscription: { severities?: Severity[]; ruleIds?: string[] | null; digestMinutes?: number | null } = {}) {
  const { channel } = await service.channels.create({ name: 'hook', kind: 'webhook', config: { url, secret: 'k' } });
  const sub = await service.subscriptions.create({ channelId: channel.channelId, severities: subscription.severities ?? ['medium', 'high'], ruleIds: subscription.ruleIds, digestMinutes: subscription.digestMinutes });
  return { channel, sub };
}

const alerts = (n: number, over = {}) => Array.from({ length: n }, (_, i) => sampleAlert({ alertId: `al-${i}`, ...over }));

test('restarting the worker mid-way: every notification is sent once, none is lost', async () => {
  await webhook();
  await service.sink.alertsRaised(alerts(20));
  delayMs = 25;
  const first = new OutboxWorker(service.outbox, service.channels, () => service.sendContext(), { ...DEFAULT_WORKER, concurrency: 4, leaseMs: 60_000, pollMs: 60_000 }, SILENT, 'worker-a');
  first.start();
  while (deliveries.length < 5) await new Promise(r => setTimeout(r, 5));
  await first.stop(); // a restart: stop claiming, let the sends under way finish and be recorded
  const sentBefore = (await service.outbox.list({ status: 'sent' })).length;
  assert.equal(sentBefore, deliveries.length, 'every message the receiver has is recorded as sent');
  assert.ok(sentBefore < 20, 'stopped mid-way');
  assert.equal((await service.outbox.list({ status: 'sending' })).length, 0, 'nothing left claimed');

  const second = new OutboxWorker(service.outbox, service.channels, () => service.sendContext(), { ...DEFAULT_WORKER, concurrency: 4 }, SILENT, 'worker-b');
  await second.drain();
  assert.equal(deliveries.length, 20);
  assert.equal(new Set(deliveries.map(d => d.alertIds[0])).size, 20, 'each alert once');
  assert.equal((await service.outbox.list({ status: 'sent' })).length, 20);
});

test('a worker that died holding claims: its rows wait for the lease to expire, then go out once', async () => {
  await webhook();
  await service.sink.alertsRaised(alerts(3));
  const taken = await service.outbox.claim('crashed-worker', 60_000, 10);
  assert.equal(taken.length, 3);
  await service.worker.drain();
  assert.equal(deliveries.length, 0, 'the lease still holds');
  now += 60_001;
  await service.worker.drain();
  assert.equal(deliveries.length, 3);
  const entries = await service.outbox.list();
  assert.deepEqual(entries.map(e => [e.status, e.attempts]), [['sent', 2], ['sent', 2], ['sent', 2]]);
  // the late worker cannot mark what it no longer holds
  assert.equal(await service.outbox.markSent(taken[0].id, 'crashed-worker'), false);
});

test('failures back off exponentially, stay visible with attempts and error, then fail; a retry sends', async () => {
  await webhook();
  status = 503;
  await service.sink.alertsRaised(alerts(1));
  const t0 = now;
  await service.worker.drain();
  let [e] = await service.outbox.list();
  assert.equal(e.status, 'pending');
  assert.equal(e.attempts, 1);
  assert.match(e.lastError!, /HTTP 503: unavailable/);
  assert.equal(e.nextAttemptAt, new Date(t0 + 1000).toISOString());
  now += 999;
  await service.worker.drain();
  assert.equal((await service.outbox.list())[0].attempts, 1, 'not before its time');
  now += 1;
  await service.worker.drain();
  [e] = await service.outbox.list();
  assert.equal(e.attempts, 2);
  assert.equal(e.nextAttemptAt, new Date(now + 2000).toISOString(), 'the delay doubled');
  now += 2000;
  await service.worker.drain();
  [e] = await service.outbox.list();
  assert.deepEqual([e.status, e.attempts], ['failed', 3]);
  assert.equal(deliveries.length, 0);

  status = 200;
  assert.equal(await service.outbox.retry(e.id), 'retried');
  await service.worker.drain();
  [e] = await service.outbox.list();
  assert.deepEqual([e.status, e.attempts, e.lastError], ['sent', 1, null]);
  assert.equal(deliveries.length, 1);
  assert.equal(await service.outbox.retry(e.id), 'sent', 'a sent entry is not sent again');
});

test('a permanent refusal fails at once; a disabled channel keeps its rows waiting', async () => {
  const { channel } = await webhook();
  status = 410;
  await service.sink.alertsRaised(alerts(1));
  await service.worker.drain();
  const [e] = await service.outbox.list();
  assert.deepEqual([e.status, e.attempts], ['failed', 1]);

  status = 200;
  await service.channels.update(channel.channelId, { enabled: false });
  await service.outbox.retry(e.id);
  await service.worker.drain();
  assert.equal((await service.outbox.get(e.id))!.status, 'pending');
  await service.channels.update(channel.channelId, { enabled: true });
  await service.worker.drain();
  assert.equal((await service.outbox.get(e.id))!.status, 'sent');
});

test('subscriptions: severities and rules select alerts; the same alert told twice is stored once', async () => {
  await webhook({ severities: ['high'], ruleIds: ['passive-mode'] });
  const batch = [
    sampleAlert({ alertId: 'x1' }),
    sampleAlert({ alertId: 'x2', severity: 'low' }),
    sampleAlert({ alertId: 'x3', ruleId: 'other-rule' }),
  ];
  await service.sink.alertsRaised(batch);
  await service.sink.alertsRaised(batch);
  assert.deepEqual((await service.outbox.list()).map(e => e.alertIds), [['x1']]);
  await service.worker.drain();
  assert.deepEqual(deliveries.map(d => d.alertIds), [['x1']]);
});

test('a digest collects alerts for its window, then sends one message with all of them', async () => {
  await webhook({ digestMinutes: 15 });
  await service.sink.alertsRaised(alerts(2));
  now += 10 * 60_000;
  await service.sink.alertsRaised([sampleAlert({ alertId: 'late', severity: 'medium' })]);
  await service.worker.drain();
  assert.equal(deliveries.length, 0, 'the window is still open');
  now += 5 * 60_000;
  await service.worker.drain();
  assert.equal(deliveries.length, 1);
  assert.deepEqual(deliveries[0].alertIds.sort(), ['al-0', 'al-1', 'late']);
  const [e] = await service.outbox.list();
  assert.equal(e.kind, 'digest');
  assert.match(e.summary, /3 alerts \(2 high, 1 medium\)/);
});

test('the default schedule: 30 s doubling to an hour, twelve attempts', () => {
  const delays = Array.from({ length: 11 }, (_, i) => retryDelay({ ...DEFAULT_RETRY, jitter: 0 }, i + 1) / 1000);
  assert.deepEqual(delays, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600, 3600]);
  assert.equal(DEFAULT_RETRY.maxAttempts, 12);
});
