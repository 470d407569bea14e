/**
 * Notifications over HTTP: channels (secrets write-only), subscriptions, send-a-test, the outbox; and the
 * issue's done-when: an alert handed to the sink arrives as an e-mail at a real SMTP server (STARTTLS, AUTH)
 * with the device name, the rule and a link to the alert.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { Store } from '../store/duckdb.js';
import { buildServer, type Server } from './app.js';
import { sampleAlert, selfSignedCertificate } from '../notify/testing.js';
import { Writer } from '../store/writer.js';
import { SEED_QUERY } from '../demo/seed-query.js';

const ADMIN = 'pat_test-admin-token';
const admin = { authorization: `Bearer ${ADMIN}` };
const tlsPair = selfSignedCertificate();
const mails: { raw: string; secure: boolean }[] = [];
let smtp: SMTPServer;
let smtpPort: number;
let store: Store;
let server: Server;

before(async () => {
  smtp = new SMTPServer({
    key: tlsPair.key, cert: tlsPair.cert, authMethods: ['PLAIN', 'LOGIN'], logger: false,
    onAuth: (auth, _s, cb) => (auth.username === 'picket' && auth.password === 'pa55' ? cb(null, { user: 'picket' }) : cb(new Error('no'))),
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', c => chunks.push(c));
      stream.on('end', () => { mails.push({ raw: Buffer.concat(chunks).toString('utf8'), secure: session.secure }); cb(); });
    },
  });
  await new Promise<void>(r => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  store = await Store.open();
  server = await buildServer({ store, adminToken: ADMIN, publicUrl: 'https://picket.example', notify: { workerOptions: { pollMs: 100 } } });
});
after(async () => {
  await server.app.close();
  store.close();
  await new Promise<void>(r => smtp.close(() => r()));
});

const api = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  server.app.inject({ method, url: `/api/v1/notifications${url}`, headers: admin, ...(payload ? { payload } : {}) });

const emailConfig = () => ({
  host: '127.0.0.1', port: smtpPort, security: 'starttls', username: 'picket', password: 'pa55',
  from: 'picket@corp.example', to: ['soc@corp.example'], caCertificate: tlsPair.cert,
});

function unfoldedHeader(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1]?.replace(/\r$/, '');
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 20));
  }
}

test('done-when: an alert raised arrives by e-mail with the device name, the rule and a link to the alert', async () => {
  const c = await api('POST', '/channels', { name: 'SOC mail', kind: 'email', config: emailConfig() });
  assert.equal(c.statusCode, 201, c.body);
  const channel = c.json();
  assert.deepEqual(channel.secrets, { password: 'set' });
  assert.ok(!c.body.includes('pa55'), 'the password is never returned');
  const s = await api('POST', '/subscriptions', { channelId: channel.channelId, severities: ['medium', 'high'] });
  assert.equal(s.statusCode, 201, s.body);

  mails.length = 0;
  await server.context.notifications.sink.alertsRaised([sampleAlert({ alertId: 'alert-42', deviceName: 'srv-db-07' })]);
  const mail = await waitFor('the e-mail', () => mails[0]);
  assert.equal(mail.secure, true);
  assert.equal(unfoldedHeader(mail.raw, 'Subject'), '[Picket] High alert: Defender Antivirus is in passive mode on srv-db-07');
  assert.match(mail.raw, /Device: +srv-db-07/);
  assert.match(mail.raw, /Rule: +Defender Antivirus in passive mode/);
  assert.ok(mail.raw.includes('https://picket.example/alerts/alert-42'), mail.raw);

  const sent = await waitFor('the outbox to record it', async () => (await api('GET', `/outbox?status=sent&channelId=${channel.channelId}`)).json().entries[0]);
  assert.deepEqual([sent.alertIds, sent.attempts, sent.lastError], [['alert-42'], 1, null]);
  assert.equal((await api('GET', `/outbox/${sent.id}`)).json().status, 'sent');
  const retry = await api('POST', `/outbox/${sent.id}/retry`);
  assert.equal(retry.statusCode, 409);
  assert.equal((await api('POST', `/outbox/${'0'.repeat(32)}/retry`)).statusCode, 404);
});

test('send a test: delivered at once, or a 502 saying what the receiver answered', async () => {
  const c = (await api('POST', '/channels', { name: 'mail', kind: 'email', config: emailConfig() })).json();
  mails.length = 0;
  const ok = await api('POST', `/channels/${c.channelId}/test`);
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(unfoldedHeader(mails[0].raw, 'Subject'), '[Picket] Test notification');

  const dead = (await api('POST', '/channels', { name: 'dead hook', kind: 'webhook', config: { url: 'http://127.0.0.1:1/hook' } })).json();
  const bad = await api('POST', `/channels/${dead.channelId}/test`);
  assert.equal(bad.statusCode, 502);
  assert.equal(bad.json().error.code, 'delivery_failed');
  assert.match(bad.json().error.message, /127\.0\.0\.1:1/);
  assert.equal((await api('POST', `/channels/${'f'.repeat(16)}/test`)).statusCode, 404);
});

test('secrets: generated once for a webhook, kept when a change leaves them out, replaced when given', async () => {
  const c = await api('POST', '/channels', { name: 'hook', kind: 'webhook', config: { url: 'https://siem.example/hook' } });
  assert.equal(c.statusCode, 201, c.body);
  const { channelId, generatedSecrets, secrets, config } = c.json();
  assert.match(generatedSecrets.secret, /^whsec_/);
  assert.deepEqual(secrets, { secret: 'set' });
  assert.deepEqual(config, { url: 'https://siem.example/hook' });
  const got = await api('GET', `/channels/${channelId}`);
  assert.ok(!got.body.includes(generatedSecrets.secret));
  assert.equal(got.json().generatedSecrets, undefined);

  const renamed = await api('PATCH', `/channels/${channelId}`, { name: 'SIEM hook', config: { url: 'https://siem.example/v2' } });
  assert.equal(renamed.statusCode, 200, renamed.body);
  const n = server.context.notifications;
  const settings = () => n.channels.get(channelId).then(ch => n.channels.settings(ch!));
  assert.equal((await settings()).secret, generatedSecrets.secret, 'the secret is kept');
  await api('PATCH', `/channels/${channelId}`, { config: { secret: 'new-secret' } });
  assert.equal((await settings()).secret, 'new-secret');
  // stored sealed, not in the clear
  const conn = await store.instance.connect();
  const raw = (await conn.runAndReadAll('SELECT secrets FROM app.notify_channels WHERE channel_id = $1', [channelId])).getRowsJS()[0][0];
  conn.closeSync();
  assert.ok(!String(raw).includes('new-secret'), String(raw));

  const slack = (await api('POST', '/channels', { name: 'slack', kind: 'slack', config: { url: 'https://hooks.slack.com/services/T/B/SECRET' } })).json();
  assert.deepEqual([slack.config, slack.secrets], [{}, { url: 'set' }]);
  assert.equal((await api('DELETE', `/channels/${slack.channelId}`)).statusCode, 204);
  assert.equal((await api('GET', `/channels/${slack.channelId}`)).statusCode, 404);
});

test('bad input is a 400 that names the field', async () => {
  const field = async (url: string, payload: object, method: 'POST' | 'PATCH' = 'POST') => {
    const r = await api(method, url, payload);
    assert.equal(r.statusCode, 400, r.body);
    return r.json().error.field as string;
  };
  assert.equal(await field('/channels', { name: 'x', kind: 'webhook', config: { url: 'ftp://x.example/' } }), 'config.url');
  assert.equal(await field('/channels', { name: 'x', kind: 'teams', config: { url: 'teams' } }), 'config.url');
  assert.equal(await field('/channels', { name: 'x', kind: 'email', config: { ...emailConfig(), to: ['soc@corp.example', 'nobody'] } }), 'config.to.1');
  assert.equal(await field('/channels', { name: 'x', kind: 'email', config: { ...emailConfig(), from: 'a@b' } }), 'config.from');
  assert.equal(await field('/channels', { name: 'x', kind: 'syslog', config: { host: 'siem.example', transport: 'tcp', port: 0 } }), 'config.port');
  assert.equal(await field('/channels', { name: 'x', kind: 'syslog', config: { host: 'siem..example', transport: 'tcp' } }), 'config.host');
  assert.equal(await field('/channels', { name: 'x', kind: 'pager', config: {} }), 'body.kind');
  const hook = (await api('POST', '/channels', { name: 'h', kind: 'webhook', config: { url: 'https://x.example/' } })).json();
  assert.equal(await field(`/channels/${hook.channelId}`, { config: { url: 'gopher://x' } }, 'PATCH'), 'config.url');
  assert.equal(await field('/subscriptions', { channelId: 'a'.repeat(16), severities: ['high'] }), 'channelId');
  assert.equal(await field('/subscriptions', { channelId: hook.channelId, severities: ['high'], digestMinutes: 15 }), 'digestMinutes');
  assert.equal(await field('/subscriptions', { channelId: hook.channelId, severities: ['urgent'] }), 'body.severities.0');
  assert.equal(await field('/subscriptions', { channelId: hook.channelId, severities: [] }), 'body.severities');
  const bad = await server.app.inject({ method: 'GET', url: '/api/v1/notifications/outbox?limit=lots', headers: admin });
  assert.equal(bad.statusCode, 400);
});

test('subscriptions: create, list by channel, change, delete; everything needs an admin', async () => {
  const mail = (await api('POST', '/channels', { name: 'digest', kind: 'email', config: emailConfig() })).json();
  const s = (await api('POST', '/subscriptions', { channelId: mail.channelId, severities: ['high'], ruleIds: ['passive-mode'], digestMinutes: 60 })).json();
  assert.deepEqual([s.severities, s.ruleIds, s.digestMinutes, s.enabled], [['high'], ['passive-mode'], 60, true]);
  const listed = (await api('GET', `/subscriptions?channelId=${mail.channelId}`)).json().subscriptions;
  assert.deepEqual(listed.map((x: { subscriptionId: string }) => x.subscriptionId), [s.subscriptionId]);
  const changed = await api('PATCH', `/subscriptions/${s.subscriptionId}`, { ruleIds: null, digestMinutes: null, severities: ['low', 'high'] });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.deepEqual([changed.json().ruleIds, changed.json().digestMinutes, changed.json().severities], [null, null, ['low', 'high']]);
  assert.equal((await api('DELETE', `/subscriptions/${s.subscriptionId}`)).statusCode, 204);
  assert.equal((await api('GET', `/subscriptions/${s.subscriptionId}`)).statusCode, 404);

  for (const url of ['/channels', '/subscriptions', '/outbox']) {
    const r = await server.app.inject({ method: 'GET', url: `/api/v1/notifications${url}` });
    assert.equal(r.statusCode, 401, url);
  }
});

test('end to end: the seed rule, created through the API, e-mails its passive device with the rule and a link', async () => {
  const channel = (await api('POST', '/channels', { name: 'SOC mail 2', kind: 'email', config: emailConfig() })).json();
  assert.equal((await api('POST', '/subscriptions', { channelId: channel.channelId, severities: ['medium'] })).statusCode, 201);
  // one passive device reporting now
  const conn = await store.instance.connect();
  const ts = new Date().toISOString();
  const base = { Timestamp: ts, DeviceId: 'dev-passive-1', DeviceName: 'srv-files-09.corp.example', OSPlatform: 'WindowsServer2022' };
  await new Writer(conn).write([{ key: 'status|dev-passive-1|e2e', rows: {
    DeviceInfo: [{ ...base, ReportId: 4242 }],
    DeviceTvmSecureConfigurationAssessment: [
      { ...base, ConfigurationId: 'scid-2010', IsCompliant: false, IsApplicable: true, Context: [['1']] },
      { ...base, ConfigurationId: 'scid-2011', IsCompliant: true, IsApplicable: true, Context: [['1.411.1.0', '1.1.24030.4', ts, '4.18.24030.9']] },
    ],
  } }]);
  conn.closeSync();
  const rule = await server.app.inject({ method: 'POST', url: '/api/v1/rules', headers: admin, payload: {
    name: 'Defender Antivirus in passive mode (e2e)', query: SEED_QUERY, frequency: '1h', alertPer: 'entity',
    alert: { title: 'Passive mode on {{DeviceName}}', severity: 'medium', category: 'DefenseEvasion', mitreTechniques: ['T1562.001'],
      description: 'Defender runs in passive mode.', recommendedActions: 'Return Defender to active mode.' },
    entities: { device: 'DeviceId', user: null },
  } });
  assert.equal(rule.statusCode, 201, rule.body);
  mails.length = 0;
  await server.context.rules.scheduler.tick(new Date(Date.now() + 1000));
  // the text part is quoted-printable: undo its soft line breaks and escapes before reading it
  const text = (raw: string) => raw.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  const mail = await waitFor('the e-mail', () => mails.map(m => text(m.raw)).find(m => m.includes('(e2e)')), 30_000);
  assert.match(mail, /Device: +srv-files-09\.corp\.example/);
  assert.match(mail, /Rule: +Defender Antivirus in passive mode \(e2e\)/);
  const alertId = /https:\/\/picket\.example\/alerts\/([0-9a-zA-Z_-]+)/.exec(mail)?.[1];
  assert.ok(alertId, mail);
  const alert = await server.app.inject({ method: 'GET', url: `/api/v1/alerts/${alertId}`, headers: admin });
  assert.equal(alert.statusCode, 200, alert.body);
  assert.equal(alert.json().deviceName ?? alert.json().alert?.deviceName, 'srv-files-09.corp.example');
});
