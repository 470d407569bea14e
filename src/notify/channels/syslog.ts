/**
 * Syslog to a SIEM: one RFC 5424 message per alert, over UDP (RFC 5426, one message per datagram), TCP with
 * octet-counting framing (RFC 6587 §3.4.1: "MSG-LEN SP SYSLOG-MSG") or TLS (RFC 5425, the same framing). The MSG
 * is either a UTF-8 sentence (with the BOM RFC 5424 §6.4 asks for) and the alert as structured data, or a CEF
 * record (ArcSight Common Event Format, sent as MSG-ANY without a BOM, which CEF parsers do not expect).
 */
import dgram from 'node:dgram';
import net from 'node:net';
import tls from 'node:tls';
import { hostname as osHostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import type { Severity } from '../../alerts/model.js';
import type { ChannelDriver, SendContext } from '../channel.js';
import { ConfigError, DeliveryError } from '../channel.js';
import { describe, type AlertNote } from '../format.js';
import type { Delivery } from '../model.js';
import { choice, host, integer, only, pemCertificates, port, text } from './settings.js';

export interface SyslogConfig {
  host: string;
  port: number;
  transport: 'udp' | 'tcp' | 'tls';
  format: 'rfc5424' | 'cef';
  /** RFC 5424 facility 0–23; default 16 (local0). */
  facility: number;
  /** The HOSTNAME field; default this machine's name. */
  hostname?: string;
  caCertificate?: string;
  /** For receivers that want mutual TLS (RFC 5425 §5.2). */
  clientCertificate?: string;
  clientKey?: string;
}

// The SD-ID of our structured data. 32473 is the enterprise number RFC 5612 reserves for documentation; a
// registered private enterprise number should replace it before this is relied on by third parties.
export const SD_ID = 'picket@32473';
const APP_NAME = 'picket';
const CEF_VENDOR = 'Picket', CEF_PRODUCT = 'Picket', CEF_VERSION = '0.1';

/** RFC 5424 §6.2.1 severities: high → critical, medium → warning, low → notice, informational → informational. */
export const SYSLOG_SEVERITY: Record<Severity, number> = { high: 2, medium: 4, low: 5, informational: 6 };
/** CEF 0–10: 0–3 low, 4–6 medium, 7–8 high, 9–10 very high. */
export const CEF_SEVERITY: Record<Severity, number> = { informational: 1, low: 3, medium: 5, high: 8 };

const KNOWN = ['host', 'port', 'transport', 'format', 'facility', 'hostname', 'caCertificate', 'clientCertificate', 'clientKey'];

/** RFC 5424 header fields are PRINTUSASCII (33–126) with a length limit; anything else becomes '_'. */
function printable(s: string, max: number): string {
  const v = s.replace(/[^\x21-\x7e]/g, '_').slice(0, max);
  return v || '-';
}

/** PARAM-VALUE: '"', '\' and ']' MUST be escaped with a backslash (RFC 5424 §6.3.3). */
export function sdValue(s: string): string {
  return s.replace(/[\\"\]]/g, c => '\\' + c);
}

/** CEF header fields escape '\' and '|'; line breaks are not allowed there. */
export function cefHeader(s: string): string {
  return s.replace(/[\r\n]+/g, ' ').replace(/[\\|]/g, c => '\\' + c);
}

/** CEF extension values escape '\' and '=', and encode line breaks as \n and \r. */
export function cefValue(s: string): string {
  return s.replace(/[\\=]/g, c => '\\' + c).replace(/\r\n|\n/g, '\\n').replace(/\r/g, '\\r');
}

export function cefRecord(n: AlertNote): string {
  const ext: [string, string | undefined][] = [
    ['rt', Number.isNaN(Date.parse(n.time)) ? undefined : String(Date.parse(n.time))],
    ['dhost', n.device],
    ['externalId', n.alertId],
    ['cat', n.category || undefined],
    ['duser', n.accountName ?? undefined],
    ['msg', n.description ? n.description.slice(0, 1000) : undefined],
    ['cs1Label', 'Rule'], ['cs1', n.rule],
    ['cs2Label', 'Alert link'], ['cs2', n.link],
    ['cs3Label', 'Device id'], ['cs3', n.deviceId ?? undefined],
    ['cs4Label', 'Incident id'], ['cs4', n.incidentId],
  ];
  const extension = ext.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${k}=${cefValue(v!)}`).join(' ');
  return ['CEF:0', CEF_VENDOR, CEF_PRODUCT, CEF_VERSION, cefHeader(n.ruleId), cefHeader(n.title), String(CEF_SEVERITY[n.severity] ?? 5), extension].join('|');
}

export interface HeaderFields { facility: number; severity: number; time: Date; hostname: string; procId: string; msgId: string }

/** One SYSLOG-MSG (RFC 5424 §6) as bytes. */
export function syslogMessage(h: HeaderFields, structuredData: string, msg: Buffer): Buffer {
  const header = `<${h.facility * 8 + h.severity}>1 ${h.time.toISOString()} ${printable(h.hostname, 255)} ${APP_NAME} ${printable(h.procId, 128)} ${printable(h.msgId, 32)}`;
  return Buffer.concat([Buffer.from(`${header} ${structuredData}${msg.length ? ' ' : ''}`, 'utf8'), msg]);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function messagesFor(config: SyslogConfig, delivery: Delivery, cx: SendContext): Buffer[] {
  const hostname = config.hostname ?? osHostname();
  return delivery.alerts.map(a => {
    const n = describe(a, cx.publicUrl);
    const h: HeaderFields = {
      facility: config.facility, severity: delivery.kind === 'test' ? 6 : SYSLOG_SEVERITY[n.severity] ?? 5,
      time: cx.now(), hostname, procId: String(process.pid), msgId: delivery.kind === 'test' ? 'test' : 'alert',
    };
    if (config.format === 'cef') return syslogMessage(h, '-', Buffer.from(cefRecord(n), 'utf8'));
    const params: [string, string | null][] = [
      ['alertId', n.alertId], ['severity', n.severity], ['title', n.title], ['device', n.device], ['deviceId', n.deviceId],
      ['ruleId', n.ruleId], ['rule', n.rule], ['time', n.time], ['incidentId', n.incidentId], ['link', n.link], ['delivery', delivery.id],
    ];
    const sd = `[${SD_ID}${params.filter(([, v]) => v !== null).map(([k, v]) => ` ${k}="${sdValue(v!)}"`).join('')}]`;
    const text = `${n.severityLabel} alert "${n.title}" on ${n.device}, rule "${n.rule}", at ${n.time}: ${n.link}`;
    return syslogMessage(h, sd, Buffer.concat([BOM, Buffer.from(text, 'utf8')]));
  });
}

/** Octet-counting framing (RFC 6587 §3.4.1, RFC 5425 §4.3): the length in octets, a space, the message. */
export function frame(message: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${message.length} `, 'ascii'), message]);
}

async function sendUdp(config: SyslogConfig, messages: Buffer[]): Promise<void> {
  const { address, family } = await lookup(config.host);
  const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
  try {
    for (const m of messages) {
      await new Promise<void>((resolve, reject) => socket.send(m, config.port, address, err => (err ? reject(err) : resolve())));
    }
  } finally {
    socket.close();
  }
}

/** Writes the frames, half-closes, and waits for the receiver to close (so nothing is cut off by a reset). */
function sendStream(config: SyslogConfig, messages: Buffer[], timeoutMs: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let finished = false, settled = false;
    const done = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err && !finished) reject(err); else resolve();
    };
    const onReady = () => {
      for (const m of messages) socket.write(frame(m));
      socket.end();
    };
    const socket: net.Socket = config.transport === 'tls'
      ? tls.connect({
        host: config.host, port: config.port, minVersion: 'TLSv1.2',
        ...(net.isIP(config.host) ? {} : { servername: config.host }),
        ...(config.caCertificate ? { ca: config.caCertificate } : {}),
        ...(config.clientCertificate && config.clientKey ? { cert: config.clientCertificate, key: config.clientKey } : {}),
      }, onReady)
      : net.connect({ host: config.host, port: config.port }, onReady);
    // bounded: a receiver that never closes after our FIN still counts as delivered once everything was flushed
    const timer = setTimeout(() => done(new Error(`no connection or no answer within ${timeoutMs} ms`)), timeoutMs);
    socket.on('finish', () => { finished = true; });
    socket.on('error', err => done(err));
    socket.on('close', () => done(finished ? undefined : new Error('the connection closed before the messages were written')));
    socket.resume(); // read and drop whatever the receiver sends (TLS session tickets), so close is a FIN, not a reset
  });
}

export const syslogChannel: ChannelDriver<SyslogConfig> = {
  kind: 'syslog',
  secretFields: ['clientKey'],

  parse(input) {
    only(input, KNOWN);
    const transport = choice(input, 'transport', ['udp', 'tcp', 'tls'] as const);
    const hostname = text(input, 'hostname', { max: 255 });
    if (hostname !== undefined && !/^[\x21-\x7e]+$/.test(hostname)) throw new ConfigError('hostname', 'hostname must be printable ASCII without spaces (RFC 5424 HOSTNAME).');
    const clientCertificate = pemCertificates(input, 'clientCertificate');
    const clientKey = input.clientKey === undefined || input.clientKey === null || input.clientKey === '' ? undefined : String(input.clientKey);
    if (clientKey !== undefined && (clientKey.length > 20_000 || !/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(clientKey))) throw new ConfigError('clientKey', 'clientKey must be a PEM private key.');
    if (!!clientKey !== !!clientCertificate) throw new ConfigError(clientKey ? 'clientCertificate' : 'clientKey', 'clientCertificate and clientKey go together.');
    if (clientKey && transport !== 'tls') throw new ConfigError('clientKey', 'A client certificate needs transport tls.');
    return {
      host: host(input, 'host'),
      port: port(input, 'port', transport === 'tls' ? 6514 : 514),
      transport,
      format: choice(input, 'format', ['rfc5424', 'cef'] as const, 'rfc5424'),
      facility: integer(input, 'facility', 0, 23, 16),
      hostname, caCertificate: pemCertificates(input, 'caCertificate'), clientCertificate, clientKey,
    };
  },

  async send(config, delivery, cx) {
    const messages = messagesFor(config, delivery, cx);
    try {
      if (config.transport === 'udp') await sendUdp(config, messages);
      else await sendStream(config, messages, cx.timeoutMs);
    } catch (err) {
      const e = err as { code?: string; message?: string };
      throw new DeliveryError(`syslog ${config.transport}://${config.host}:${config.port}: ${e.code ?? e.message ?? String(err)}`);
    }
  },
};
