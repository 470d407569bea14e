/**
 * E-mail over SMTP with nodemailer: STARTTLS (required, the default), implicit TLS, or plain for a local relay;
 * optional AUTH. One message per delivery; its Message-ID is derived from the delivery id, so the rare duplicate
 * after a crash is recognisable.
 */
import nodemailer from 'nodemailer';
import type { ChannelDriver } from '../channel.js';
import { ConfigError, DeliveryError } from '../channel.js';
import { describe, htmlBody, subject, textBody } from '../format.js';
import { bool, choice, emailAddress, emailList, host, only, pemCertificates, port, text } from './settings.js';

export interface SmtpConfig {
  host: string;
  port: number;
  /** starttls: plain connect, then STARTTLS is required (587/25); tls: TLS from the start (465); none: no TLS. */
  security: 'starttls' | 'tls' | 'none';
  username?: string;
  password?: string;
  from: string;
  to: string[];
  /** PEM certificates to trust (a private CA, a self-signed relay) in addition to the system's. */
  caCertificate?: string;
  subjectPrefix: string;
}

const KNOWN = ['host', 'port', 'security', 'username', 'password', 'from', 'to', 'caCertificate', 'subjectPrefix'];

export const smtpChannel: ChannelDriver<SmtpConfig> = {
  kind: 'email',
  secretFields: ['password'],

  parse(input) {
    only(input, KNOWN);
    const security = choice(input, 'security', ['starttls', 'tls', 'none'] as const, 'starttls');
    const username = text(input, 'username', { max: 320 });
    const password = text(input, 'password', { max: 1000 });
    if (username && !password) throw new ConfigError('password', 'password is required when username is set.');
    if (password && !username) throw new ConfigError('username', 'username is required when password is set.');
    return {
      host: host(input, 'host'),
      port: port(input, 'port', security === 'tls' ? 465 : 587),
      security, username, password,
      from: emailAddress(input, 'from'),
      to: emailList(input, 'to'),
      caCertificate: pemCertificates(input, 'caCertificate'),
      subjectPrefix: text(input, 'subjectPrefix', { max: 50, fallback: '[Picket]' })!,
    };
  },

  async send(config, delivery, cx) {
    const notes = delivery.alerts.map(a => describe(a, cx.publicUrl));
    const transport = nodemailer.createTransport({
      host: config.host,
      port: config.port,
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      auth: config.username ? { user: config.username, pass: config.password ?? '' } : undefined,
      tls: { minVersion: 'TLSv1.2', ...(config.caCertificate ? { ca: config.caCertificate } : {}) },
      connectionTimeout: cx.timeoutMs,
      greetingTimeout: cx.timeoutMs,
      socketTimeout: cx.timeoutMs,
    });
    try {
      await transport.sendMail({
        from: config.from,
        to: config.to,
        subject: subject(delivery, notes, config.subjectPrefix),
        text: textBody(delivery, notes),
        html: htmlBody(delivery, notes),
        messageId: `<${delivery.id}@picket.invalid>`,
        headers: { 'X-Picket-Delivery': delivery.id },
      });
    } catch (err) {
      const e = err as { responseCode?: number; code?: string; message?: string; response?: string };
      // 5xx replies are the server's final word (bad recipient, authentication refused); 4xx and network errors pass
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
      const what = e.response ?? e.message ?? String(err);
      throw new DeliveryError(`SMTP ${config.host}:${config.port}: ${e.code ? `${e.code} ` : ''}${what}`.slice(0, 500), permanent);
    } finally {
      transport.close();
    }
  },
};
