/**
 * E-mail through a real SMTP server in-process (smtp-server) with STARTTLS, using a self-signed certificate made
 * with node:crypto, and AUTH that the server allows only after TLS.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { smtpChannel, type SmtpConfig } from './smtp.js';
import { sampleAlert, selfSignedCertificate } from '../testing.js';
import { snapshot, type Delivery } from '../model.js';
import { ConfigError, DeliveryError, type SendContext } from '../channel.js';

interface Mail { from: string; to: string[]; raw: string; secure: boolean; user: string | undefined }
const mails: Mail[] = [];
const tlsPair = selfSignedCertificate();
let server: SMTPServer;
let port: number;

before(async () => {
  server = new SMTPServer({
    key: tlsPair.key, cert: tlsPair.cert,
    authMethods: ['PLAIN', 'LOGIN'],
    // allowInsecureAuth is false: AUTH before STARTTLS is refused, so a delivery here proves TLS was used
    onAuth(auth, _session, cb) {
      if (auth.username === 'picket' && auth.password === 'pa55') cb(null, { user: auth.username });
      else cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', c => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map(r => r.address),
          raw: Buffer.concat(chunks).toString('utf8'), secure: session.secure, user: session.user as string | undefined,
        });
        cb();
      });
    },
    logger: false,
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  port = (server.server.address() as AddressInfo).port;
});
after(() => new Promise<void>(r => server.close(() => r())));

/** A header of the message, unfolded (RFC 5322 §2.2.3). */
export function header(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*)$`, 'mi').exec(head)?.[1]?.replace(/\r$/, '');
}

/** The decoded text/plain part of a message built by nodemailer (7bit or quoted-printable). */
export function textPart(raw: string): string {
  const boundary = /boundary="([^"]+)"/.exec(raw)![1];
  const part = raw.split(`\r\n--${boundary}`).find(p => /^\r\nContent-Type: text\/plain/i.test(p))!;
  const body = part.slice(part.indexOf('\r\n\r\n') + 4);
  const qp = /Content-Transfer-Encoding: quoted-printable/i.test(part.slice(0, part.indexOf('\r\n\r\n')));
  return qp ? body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))) : body;
}

const cx: SendContext = { publicUrl: 'https://picket.example', now: () => new Date(), timeoutMs: 5000 };
const base = { host: '127.0.0.1', security: 'starttls', username: 'picket', password: 'pa55', from: 'picket@corp.example', to: ['soc@corp.example', 'oncall@corp.example'] };

test('STARTTLS and AUTH: the message arrives with device, rule and link in subject and body', async () => {
  mails.length = 0;
  const config = smtpChannel.parse({ ...base, port, caCertificate: tlsPair.cert }) as SmtpConfig;
  const delivery: Delivery = { id: '0123456789abcdef0123456789abcdef', kind: 'alert', alerts: [snapshot(sampleAlert())] };
  await smtpChannel.send(config, delivery, cx);
  assert.equal(mails.length, 1);
  const [m] = mails;
  assert.equal(m.secure, true, 'the session was upgraded with STARTTLS');
  assert.equal(m.user, 'picket');
  assert.equal(m.from, 'picket@corp.example');
  assert.deepEqual(m.to, ['soc@corp.example', 'oncall@corp.example']);
  assert.equal(header(m.raw, 'Subject'), '[Picket] High alert: Defender Antivirus is in passive mode on srv-web-01');
  assert.equal(header(m.raw, 'Message-ID'), '<0123456789abcdef0123456789abcdef@picket.invalid>');
  const text = textPart(m.raw);
  assert.match(text, /Device: +srv-web-01/);
  assert.match(text, /Rule: +Defender Antivirus in passive mode \(passive-mode\)/);
  assert.match(text, /Severity: +High/);
  assert.match(text, /Time: +2025-03-01T10:00:00\.000Z/);
  assert.ok(text.includes('https://picket.example/alerts/a1b2c3'), text);
  assert.ok(m.raw.includes('text/html'), 'an HTML part as well');
});

test('a digest is one message listing every alert', async () => {
  mails.length = 0;
  const config = smtpChannel.parse({ ...base, port, caCertificate: tlsPair.cert }) as SmtpConfig;
  const alerts = [sampleAlert(), sampleAlert({ alertId: 'b2', severity: 'medium', deviceName: 'pc-07', title: 'Signatures out of date' })].map(snapshot);
  await smtpChannel.send(config, { id: 'd'.repeat(32), kind: 'digest', alerts, digestMinutes: 15 }, cx);
  assert.equal(mails.length, 1);
  assert.equal(header(mails[0].raw, 'Subject'), '[Picket] 2 alerts (1 high, 1 medium) in the last 15 minutes');
  const text = textPart(mails[0].raw);
  assert.ok(text.includes('https://picket.example/alerts/a1b2c3') && text.includes('https://picket.example/alerts/b2'), mails[0].raw);
  assert.match(text, /Device: +pc-07/);
});

test('an untrusted certificate or a wrong password fails the attempt; a refused login is permanent', async () => {
  const untrusted = smtpChannel.parse({ ...base, port }) as SmtpConfig;
  const d: Delivery = { id: 'e'.repeat(32), kind: 'test', alerts: [snapshot(sampleAlert())] };
  await assert.rejects(smtpChannel.send(untrusted, d, cx), (e: unknown) => e instanceof DeliveryError && !e.permanent);
  const wrong = smtpChannel.parse({ ...base, port, password: 'nope', caCertificate: tlsPair.cert }) as SmtpConfig;
  await assert.rejects(smtpChannel.send(wrong, d, cx), (e: unknown) => e instanceof DeliveryError && e.permanent && /535/.test(e.message));
});

test('settings: addresses, host and pairing of user and password are checked, with the field named', () => {
  const bad = (input: Record<string, unknown>, field: string) => assert.throws(() => smtpChannel.parse(input), (e: unknown) => e instanceof ConfigError && e.field === field);
  bad({ ...base, from: 'not-an-address' }, 'from');
  bad({ ...base, to: [] }, 'to');
  bad({ ...base, to: ['ok@corp.example', 'bad@'] }, 'to.1');
  bad({ ...base, to: ['a@b.example', 'x y@corp.example'] }, 'to.1');
  bad({ ...base, host: 'mail server' }, 'host');
  bad({ ...base, password: undefined }, 'password');
  bad({ ...base, security: 'ssl' }, 'security');
  bad({ ...base, caCertificate: 'hello' }, 'caCertificate');
  assert.equal((smtpChannel.parse({ ...base, security: 'tls' }) as SmtpConfig).port, 465);
  assert.equal((smtpChannel.parse(base) as SmtpConfig).port, 587);
});
