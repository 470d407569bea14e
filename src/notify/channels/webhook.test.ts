/** Webhook, Teams and Slack: what a real HTTP receiver on 127.0.0.1 gets, and how its answers are read. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { webhookChannel, verifySignature, type WebhookConfig } from './webhook.js';
import { teamsChannel } from './teams.js';
import { slackChannel } from './slack.js';
import { sampleAlert } from '../testing.js';
import { snapshot, type Delivery } from '../model.js';
import { ConfigError, DeliveryError, type SendContext } from '../channel.js';

interface Received { path: string; headers: http.IncomingHttpHeaders; body: string }
const received: Received[] = [];
let answer: { status: number; body: string } = { status: 200, body: 'ok' };
let server: http.Server;
let base: string;

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const cx: SendContext = { publicUrl: 'https://picket.example/', now: () => new Date(), timeoutMs: 5000 };
const delivery: Delivery = { id: '0123456789abcdef0123456789abcdef', kind: 'alert', alerts: [snapshot(sampleAlert({ title: 'Malware <b>&</b> found' }))] };

test('webhook: JSON with the alert and its link, signed with HMAC-SHA256 over timestamp and exact body', async () => {
  received.length = 0;
  answer = { status: 204, body: '' };
  const config = webhookChannel.parse({ url: `${base}/hook?x=1`, secret: 's3cret' }) as WebhookConfig;
  await webhookChannel.send(config, delivery, cx);
  const [r] = received;
  assert.equal(r.path, '/hook?x=1');
  assert.equal(r.headers['content-type'], 'application/json');
  assert.equal(r.headers['x-picket-delivery'], delivery.id);
  const headers = { timestamp: String(r.headers['x-picket-timestamp']), signature: String(r.headers['x-picket-signature']) };
  assert.match(headers.signature, /^sha256=[0-9a-f]{64}$/);
  assert.ok(verifySignature('s3cret', headers, r.body), 'the signature verifies over the bytes received');
  assert.ok(!verifySignature('wrong', headers, r.body));
  assert.ok(!verifySignature('s3cret', headers, r.body + ' '), 'a changed body fails');
  assert.ok(!verifySignature('s3cret', headers, r.body, Date.now() + 600_000), 'an old timestamp (a replay) fails');
  const body = JSON.parse(r.body);
  assert.equal(body.type, 'picket.alerts');
  assert.equal(body.deliveryId, delivery.id);
  assert.deepEqual(Object.keys(body.alerts[0]).sort(), ['accountName', 'alertId', 'category', 'createdAt', 'description', 'deviceId', 'deviceName',
    'incidentId', 'link', 'mitreTechniques', 'recommendedActions', 'ruleId', 'ruleName', 'severity', 'timestamp', 'title'].sort());
  assert.equal(body.alerts[0].deviceName, 'srv-web-01');
  assert.equal(body.alerts[0].link, 'https://picket.example/alerts/a1b2c3');
});

test('Teams: an Adaptive Card in a message envelope, with device, rule, severity, time and an Open URL action', async () => {
  received.length = 0;
  answer = { status: 202, body: '' };
  await teamsChannel.send(teamsChannel.parse({ url: `${base}/teams` }), delivery, cx);
  const msg = JSON.parse(received[0].body);
  assert.equal(msg.type, 'message');
  assert.equal(msg.attachments.length, 1);
  const att = msg.attachments[0];
  assert.equal(att.contentType, 'application/vnd.microsoft.card.adaptive');
  assert.equal(att.content.type, 'AdaptiveCard');
  assert.equal(att.content.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
  assert.match(att.content.version, /^1\.\d$/);
  const items = att.content.body[1].items;
  assert.equal(items[0].text, 'Malware <b>&</b> found');
  assert.deepEqual(items[1].facts.map((f: { title: string }) => f.title), ['Severity', 'Device', 'Rule', 'Time']);
  assert.deepEqual(items[1].facts.map((f: { value: string }) => f.value), ['High', 'srv-web-01', 'Defender Antivirus in passive mode', '2025-03-01T10:00:00.000Z']);
  assert.deepEqual(items[2].actions[0], { type: 'Action.OpenUrl', title: 'Open the alert', url: 'https://picket.example/alerts/a1b2c3' });
});

test('Slack: blocks with a plain-text fallback; mrkdwn text escaped; a button to the alert', async () => {
  received.length = 0;
  answer = { status: 200, body: 'ok' };
  await slackChannel.send(slackChannel.parse({ url: `${base}/slack` }), delivery, cx);
  const msg = JSON.parse(received[0].body);
  assert.match(msg.text, /^High alert: Malware &lt;b&gt;&amp;&lt;\/b&gt; found on srv-web-01/);
  assert.deepEqual(msg.blocks.map((b: { type: string }) => b.type), ['header', 'section', 'actions']);
  assert.deepEqual(msg.blocks[0].text, { type: 'plain_text', text: 'Malware <b>&</b> found', emoji: false });
  assert.deepEqual(msg.blocks[1].fields.map((f: { text: string }) => f.text), [
    '*Severity*\nHigh', '*Device*\nsrv-web-01', '*Rule*\nDefender Antivirus in passive mode', '*Time*\n2025-03-01T10:00:00.000Z']);
  assert.equal(msg.blocks[2].elements[0].url, 'https://picket.example/alerts/a1b2c3');
});

test('answers: 5xx and 429 are retried, other 4xx are permanent; errors never show the (secret) path', async () => {
  const send = () => slackChannel.send(slackChannel.parse({ url: `${base}/services/T000/B000/XXXXSECRET` }), delivery, cx);
  answer = { status: 503, body: 'busy' };
  await assert.rejects(send(), (e: unknown) => e instanceof DeliveryError && !e.permanent && /HTTP 503: busy/.test(e.message) && !e.message.includes('SECRET'));
  answer = { status: 429, body: 'rate_limited' };
  await assert.rejects(send(), (e: unknown) => e instanceof DeliveryError && !e.permanent);
  answer = { status: 404, body: 'no_service' };
  await assert.rejects(send(), (e: unknown) => e instanceof DeliveryError && e.permanent && /HTTP 404: no_service/.test(e.message));
  await assert.rejects(slackChannel.send(slackChannel.parse({ url: 'http://127.0.0.1:1/x' }), delivery, cx), (e: unknown) => e instanceof DeliveryError && !e.permanent);
});

test('settings: URLs must be http(s) without credentials; unknown settings are refused', () => {
  const bad = (f: () => unknown, field: string) => assert.throws(f, (e: unknown) => e instanceof ConfigError && e.field === field);
  bad(() => webhookChannel.parse({ url: 'ftp://x.example/h', secret: 's' }), 'url');
  bad(() => webhookChannel.parse({ url: 'javascript:alert(1)', secret: 's' }), 'url');
  bad(() => webhookChannel.parse({ url: 'https://u:p@x.example/h', secret: 's' }), 'url');
  bad(() => webhookChannel.parse({ url: 'https://x.example/h' }), 'secret');
  bad(() => teamsChannel.parse({ url: 'not a url' }), 'url');
  bad(() => slackChannel.parse({ url: 'https://hooks.slack.com/x', channel: '#sec' }), 'channel');
});
