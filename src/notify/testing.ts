/**
 * Test support for notifications: a self-signed certificate made with node:crypto alone (a minimal DER encoder
 * for an X.509 v3 certificate, ECDSA P-256 with SHA-256, valid for localhost and 127.0.0.1), and a sample alert.
 */
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { Alert } from '../alerts/model.js';

function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  let len: Buffer;
  if (body.length < 0x80) len = Buffer.from([body.length]);
  else if (body.length < 0x100) len = Buffer.from([0x81, body.length]);
  else len = Buffer.from([0x82, body.length >> 8, body.length & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

const seq = (...c: Buffer[]) => der(0x30, ...c);
const set = (...c: Buffer[]) => der(0x31, ...c);

function oid(dotted: string): Buffer {
  const [a, b, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * a + b];
  for (const n of rest) {
    const enc = [n & 0x7f];
    for (let v = n >> 7; v > 0; v >>= 7) enc.unshift((v & 0x7f) | 0x80);
    bytes.push(...enc);
  }
  return der(0x06, Buffer.from(bytes));
}

function utcTime(d: Date): Buffer {
  const p = (n: number) => String(n).padStart(2, '0');
  const s = `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z`;
  return der(0x17, Buffer.from(s, 'ascii'));
}

/** A self-signed certificate and its key, as PEM. */
export function selfSignedCertificate(commonName = 'localhost'): { cert: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const name = seq(set(seq(oid('2.5.4.3'), der(0x0c, Buffer.from(commonName, 'utf8')))));
  const serial = randomBytes(16);
  serial[0] &= 0x7f; // a positive INTEGER
  const now = Date.now();
  const san = seq(der(0x82, Buffer.from('localhost', 'ascii')), der(0x87, Buffer.from([127, 0, 0, 1])));
  const extensions = der(0xa3, seq(
    seq(oid('2.5.29.19'), der(0x01, Buffer.from([0xff])), der(0x04, seq(der(0x01, Buffer.from([0xff]))))), // basicConstraints: critical, cA
    seq(oid('2.5.29.17'), der(0x04, san)), // subjectAltName
  ));
  const tbs = seq(
    der(0xa0, der(0x02, Buffer.from([2]))), // version v3
    der(0x02, serial),
    ecdsaWithSha256,
    name,
    seq(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + 86_400_000))),
    name,
    publicKey.export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey); // DER ECDSA-Sig-Value
  const cert = seq(tbs, ecdsaWithSha256, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const pem = `-----BEGIN CERTIFICATE-----\n${cert.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
  return { cert: pem, key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
}

export function sampleAlert(over: Partial<Alert> = {}): Alert {
  return {
    alertId: 'a1b2c3', ruleId: 'passive-mode', ruleName: 'Defender Antivirus in passive mode', title: 'Defender Antivirus is in passive mode',
    severity: 'high', category: 'DefenseEvasion', mitreTechniques: ['T1562.001'], description: 'Real-time protection is provided by another product.',
    recommendedActions: 'Check the third-party antivirus.', deviceId: 'd'.repeat(40), deviceName: 'srv-web-01', accountName: null,
    timestamp: '2025-03-01T10:00:00.000Z', createdAt: '2025-03-01T10:05:00.000Z', incidentId: 'inc-1', status: 'new',
    evidence: { DeviceId: 'd'.repeat(40) },
    ...over,
  };
}
