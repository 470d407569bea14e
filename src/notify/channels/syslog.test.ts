/** Syslog to a SIEM: the bytes that reach real UDP, TCP and TLS listeners on 127.0.0.1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { syslogChannel, cefRecord, SD_ID, type SyslogConfig } from './syslog.js';
import { describe } from '../format.js';
import { sampleAlert, selfSignedCertificate } from '../testing.js';
import { snapshot, type Delivery } from '../model.js';
import { ConfigError, DeliveryError, type SendContext } from '../channel.js';

const NOW = new Date('2025-03-01T10:06:07.089Z');
const cx: SendContext = { publicUrl: 'https://picket.example', now: () => NOW, timeoutMs: 5000 };
const tricky = sampleAlert({ title: 'Tamper "attempt" [x] \\ here | pipe = eq', deviceName: 'pc-01', description: 'line1\nline2 a=b c\\d' });
const delivery: Delivery = { id: 'f'.repeat(32), kind: 'alert', alerts: [snapshot(sampleAlert()), snapshot(tricky)] };

function config(over: Partial<SyslogConfig> & Pick<SyslogConfig, 'port' | 'transport'>): SyslogConfig {
  return syslogChannel.parse({ host: '127.0.0.1', hostname: 'picket-test', ...over }) as SyslogConfig;
}

/** Reads octet-counted frames (RFC 6587 §3.4.1) from a byte stream; throws if the framing is wrong. */
function unframe(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let i = 0;
  while (i < bytes.length) {
    const sp = bytes.indexOf(0x20, i);
    const len = bytes.subarray(i, sp).toString('ascii');
    assert.match(len, /^[1-9][0-9]*$/, 'MSG-LEN is a number without leading zeros');
    out.push(bytes.subarray(sp + 1, sp + 1 + Number(len)));
    i = sp + 1 + Number(len);
  }
  assert.equal(i, bytes.length, 'the frames account for every byte');
  return out;
}

// RFC 5424 §6: <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]
const HEADER = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) /;

function checkRfc5424(msg: Buffer, expect: { pri: number; title: string; device: string }) {
  const s = msg.toString('utf8');
  const m = HEADER.exec(s);
  assert.ok(m, s);
  assert.equal(Number(m[1]), expect.pri);
  assert.equal(m[2], '2025-03-01T10:06:07.089Z');
  assert.equal(m[3], 'picket-test');
  assert.equal(m[4], 'picket');
  assert.equal(m[5], String(process.pid));
  assert.equal(m[6], 'alert');
  const rest = s.slice(m[0].length);
  assert.ok(rest.startsWith(`[${SD_ID} `), rest);
  // the SD-ELEMENT ends at the first ']' not escaped by a backslash
  const end = /(?<!\\)(?:\\\\)*\]/.exec(rest)!;
  const sd = rest.slice(0, end.index + end[0].length);
  const params = new Map([...sd.matchAll(/ (\w+)="((?:[^"\\\]]|\\["\\\]])*)"/g)].map(p => [p[1], p[2].replace(/\\(["\\\]])/g, '$1')]));
  assert.equal(params.get('title'), expect.title);
  assert.equal(params.get('device'), expect.device);
  assert.equal(params.get('link'), 'https://picket.example/alerts/a1b2c3');
  assert.equal(params.get('rule'), 'Defender Antivirus in passive mode');
  const afterSd = msg.subarray(Buffer.byteLength(m[0] + sd, 'utf8'));
  assert.deepEqual([...afterSd.subarray(0, 4)], [0x20, 0xef, 0xbb, 0xbf], 'SP, then MSG-UTF8 starts with the BOM');
  assert.match(afterSd.subarray(4).toString('utf8'), /on .+, rule "Defender Antivirus in passive mode".*https:\/\/picket\.example\/alerts\/a1b2c3$/);
}

test('UDP: one RFC 5424 datagram per alert, PRI from facility and severity, SD-PARAM values escaped', async () => {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>(r => sock.bind(0, '127.0.0.1', r));
  const got: Buffer[] = [];
  const two = new Promise<void>(r => sock.on('message', m => { got.push(m); if (got.length === 2) r(); }));
  await syslogChannel.send(config({ transport: 'udp', port: (sock.address() as AddressInfo).port, facility: 4 }), delivery, cx);
  await two;
  sock.close();
  // facility 4 (auth) * 8 + severity 2 (critical, for high)
  checkRfc5424(got[0], { pri: 34, title: 'Defender Antivirus is in passive mode', device: 'srv-web-01' });
  checkRfc5424(got[1], { pri: 34, title: 'Tamper "attempt" [x] \\ here | pipe = eq', device: 'pc-01' });
  assert.ok(got[1].includes(Buffer.from('title="Tamper \\"attempt\\" [x\\] \\\\ here | pipe = eq"')), got[1].toString());
});

test('TCP: octet-counting framing, every message whole', async () => {
  const chunks: Buffer[] = [];
  const server = net.createServer(s => { s.on('data', c => chunks.push(c)); });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const closed = new Promise<void>(r => server.on('connection', s => s.on('close', () => r())));
  await syslogChannel.send(config({ transport: 'tcp', port: (server.address() as AddressInfo).port }), delivery, cx);
  await closed;
  server.close();
  const frames = unframe(Buffer.concat(chunks));
  assert.equal(frames.length, 2);
  // default facility 16 (local0) * 8 + 2
  checkRfc5424(frames[0], { pri: 130, title: 'Defender Antivirus is in passive mode', device: 'srv-web-01' });
  checkRfc5424(frames[1], { pri: 130, title: 'Tamper "attempt" [x] \\ here | pipe = eq', device: 'pc-01' });
});

test('TLS (RFC 5425) with a self-signed receiver trusted by caCertificate; CEF records escaped', async () => {
  const { cert, key } = selfSignedCertificate();
  const chunks: Buffer[] = [];
  const server = tls.createServer({ cert, key }, s => { s.on('data', c => chunks.push(c)); });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const closed = new Promise<void>(r => server.on('secureConnection', s => s.on('close', () => r())));
  const port = (server.address() as AddressInfo).port;
  await syslogChannel.send(config({ transport: 'tls', port, format: 'cef', caCertificate: cert }), delivery, cx);
  await closed;
  const frames = unframe(Buffer.concat(chunks)).map(f => f.toString('utf8'));
  assert.equal(frames.length, 2);
  const m = /^<130>1 2025-03-01T10:06:07\.089Z picket-test picket \d+ alert - (CEF:.*)$/s.exec(frames[1]);
  assert.ok(m, frames[1]);
  assert.equal(m[1], [
    'CEF:0|Picket|Picket|0.1|passive-mode|Tamper "attempt" [x] \\\\ here \\| pipe = eq|8|rt=1740823200000 dhost=pc-01 externalId=a1b2c3',
    'cat=DefenseEvasion msg=line1\\nline2 a\\=b c\\\\d cs1Label=Rule cs1=Defender Antivirus in passive mode cs2Label=Alert link',
    `cs2=https://picket.example/alerts/a1b2c3 cs3Label=Device id cs3=${'d'.repeat(40)} cs4Label=Incident id cs4=inc-1`,
  ].join(' '));

  // without the certificate the receiver is not trusted, and the attempt fails (to be retried)
  await assert.rejects(syslogChannel.send(config({ transport: 'tls', port }), delivery, cx), (e: unknown) => e instanceof DeliveryError && !e.permanent);
  server.close();
});

test('CEF header and extension escaping follow the spec', () => {
  const n = describe(snapshot(sampleAlert({ ruleId: 'a|b\\c', title: 'x\ny', description: 'p=q\r\nr' })), 'http://h');
  const rec = cefRecord(n);
  assert.ok(rec.startsWith('CEF:0|Picket|Picket|0.1|a\\|b\\\\c|x y|8|'), rec);
  assert.ok(rec.includes(' msg=p\\=q\\nr '), rec);
});

test('settings: host, port and transport are checked, with the field named', () => {
  const bad = (input: Record<string, unknown>, field: string) => assert.throws(() => syslogChannel.parse(input), (e: unknown) => e instanceof ConfigError && e.field === field);
  bad({ host: 'siem.example', transport: 'smoke' }, 'transport');
  bad({ host: 'bad host!', transport: 'udp' }, 'host');
  bad({ host: 'siem.example', transport: 'tcp', port: 70000 }, 'port');
  bad({ host: 'siem.example', transport: 'tcp', port: '514' }, 'port');
  bad({ host: 'siem.example', transport: 'tls', facility: 24 }, 'facility');
  bad({ host: 'siem.example', transport: 'tls', colour: 'red' }, 'colour');
  assert.equal((syslogChannel.parse({ host: 'siem.example', transport: 'tls' }) as SyslogConfig).port, 6514);
  assert.equal((syslogChannel.parse({ host: '::1', transport: 'udp' }) as SyslogConfig).port, 514);
});
