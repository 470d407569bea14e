/**
 * Random secrets (device tokens, enrolment keys) and their stored form. They are 256-bit random values, so a
 * SHA-256 digest is a safe stored form and allows lookup by hash; passwords (low entropy) use argon2id instead.
 */
import { createHash, randomBytes } from 'node:crypto';

export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A Defender-style device id: 40 hex characters. */
export function newDeviceId(): string {
  return randomBytes(20).toString('hex');
}

export function newId(): string {
  return randomBytes(8).toString('hex');
}
