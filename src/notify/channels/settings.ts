/** Readers for channel settings: each returns the checked value or throws ConfigError naming the field. */
import { isIP } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { ConfigError } from '../channel.js';

type Input = Record<string, unknown>;

const CONTROL = /[\u0000-\u001f\u007f]/;

export function text(input: Input, field: string, options: { required?: boolean; max?: number; fallback?: string } = {}): string | undefined {
  const v = input[field];
  if (v === undefined || v === null || v === '') {
    if (options.required) throw new ConfigError(field, `${field} is required.`);
    return options.fallback;
  }
  if (typeof v !== 'string') throw new ConfigError(field, `${field} must be a string.`);
  if (CONTROL.test(v)) throw new ConfigError(field, `${field} must not contain control characters.`);
  if (v.length > (options.max ?? 500)) throw new ConfigError(field, `${field} is longer than ${options.max ?? 500} characters.`);
  return v;
}

export function choice<T extends string>(input: Input, field: string, allowed: readonly T[], fallback?: T): T {
  const v = input[field] ?? fallback;
  if (v === undefined) throw new ConfigError(field, `${field} is required (one of ${allowed.join(', ')}).`);
  if (typeof v !== 'string' || !allowed.includes(v as T)) throw new ConfigError(field, `${field} must be one of ${allowed.join(', ')}.`);
  return v as T;
}

export function integer(input: Input, field: string, min: number, max: number, fallback?: number): number {
  const v = input[field] ?? fallback;
  if (v === undefined) throw new ConfigError(field, `${field} is required.`);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ConfigError(field, `${field} must be an integer from ${min} to ${max}.`);
  return v;
}

/** An http(s) URL with a host and no credentials in it. */
export function httpUrl(input: Input, field: string): string {
  const raw = text(input, field, { required: true, max: 2000 })!;
  let url: URL;
  try { url = new URL(raw); } catch { throw new ConfigError(field, `${field} is not a valid URL.`); }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(field, `${field} must be an http:// or https:// URL.`);
  if (!url.hostname) throw new ConfigError(field, `${field} has no host.`);
  if (url.username || url.password) throw new ConfigError(field, `${field} must not carry a user name or password.`);
  return url.toString();
}

// RFC 1123 host names: labels of letters, digits and hyphens, not starting or ending with a hyphen
const HOST_LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** A DNS name or an IP address. */
export function host(input: Input, field: string): string {
  const v = text(input, field, { required: true, max: 253 })!;
  const bare = v.startsWith('[') && v.endsWith(']') ? v.slice(1, -1) : v;
  if (isIP(bare)) return bare;
  if (!v.split('.').every(l => HOST_LABEL.test(l))) throw new ConfigError(field, `${field} must be a host name or an IP address.`);
  return v;
}

export function port(input: Input, field: string, fallback: number): number {
  return integer(input, field, 1, 65535, fallback);
}

// A practical subset of RFC 5322 addr-spec: dot-atom local part, and a domain of at least two labels (or an
// address literal is refused: mail to [1.2.3.4] is not something a console should send).
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

export function isEmailAddress(v: string): boolean {
  const at = v.lastIndexOf('@');
  if (at <= 0 || v.length > 254) return false;
  const local = v.slice(0, at), domain = v.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return false;
  const labels = domain.split('.');
  return labels.length >= 2 && labels.every(l => HOST_LABEL.test(l));
}

export function emailAddress(input: Input, field: string): string {
  const v = text(input, field, { required: true, max: 254 })!;
  if (!isEmailAddress(v)) throw new ConfigError(field, `${field} is not a valid e-mail address: ${JSON.stringify(v)}.`);
  return v;
}

export function emailList(input: Input, field: string): string[] {
  const v = input[field];
  if (!Array.isArray(v) || v.length === 0) throw new ConfigError(field, `${field} must be a non-empty list of e-mail addresses.`);
  if (v.length > 100) throw new ConfigError(field, `${field} has more than 100 addresses.`);
  return v.map((a, i) => {
    if (typeof a !== 'string' || !isEmailAddress(a)) throw new ConfigError(`${field}.${i}`, `${field}[${i}] is not a valid e-mail address: ${JSON.stringify(a)}.`);
    return a;
  });
}

export function bool(input: Input, field: string, fallback: boolean): boolean {
  const v = input[field] ?? fallback;
  if (typeof v !== 'boolean') throw new ConfigError(field, `${field} must be true or false.`);
  return v;
}

/** One or more PEM certificates (a private CA or a self-signed receiver), checked by parsing them. */
export function pemCertificates(input: Input, field: string): string | undefined {
  const v = input[field];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || v.length > 100_000) throw new ConfigError(field, `${field} must be PEM text.`);
  const blocks = v.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!blocks) throw new ConfigError(field, `${field} holds no PEM certificate.`);
  for (const b of blocks) {
    try { new X509Certificate(b); } catch { throw new ConfigError(field, `${field} holds a certificate that does not parse.`); }
  }
  return v;
}

/** Rejects settings the driver does not know, so a typo is a 400 and not a silently ignored option. */
export function only(input: Input, known: readonly string[]): void {
  for (const k of Object.keys(input)) {
    if (!known.includes(k)) throw new ConfigError(k, `${k} is not a setting of this channel (known: ${known.join(', ')}).`);
  }
}
