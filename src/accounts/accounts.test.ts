/** Units of the accounts area: the secret box, lock-out backoff, the password policy and rate limits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SecretBox, SecretBoxError, keyFilePath } from './secret-box.js';
import { Lockout } from './lockout.js';
import { hashPassword, passwordProblem, verifyPassword } from './passwords.js';
import { RateLimiter } from '../server/rate-limit.js';

test('secret box: seals and opens; tampering, another field or another key are refused', () => {
  const box = SecretBox.fromKey(randomBytes(32));
  const sealed = box.seal('smtp-p@ss', 'notify.smtp.password');
  assert.ok(SecretBox.isSealed(sealed));
  assert.ok(!sealed.includes('smtp-p@ss'));
  assert.notEqual(box.seal('smtp-p@ss', 'notify.smtp.password'), sealed, 'a fresh IV every time');
  assert.equal(box.open(sealed, 'notify.smtp.password'), 'smtp-p@ss');
  assert.throws(() => box.open(sealed, 'notify.webhook.url'), SecretBoxError);
  // change a character in the middle of the payload (IV, tag, ciphertext): every bit of it is data, where the last
  // base64 character may carry unused bits
  const payloadAt = sealed.lastIndexOf('.') + 1;
  const mid = payloadAt + Math.floor((sealed.length - payloadAt) / 2);
  const flipped = sealed.slice(0, mid) + (sealed[mid] === 'A' ? 'Q' : 'A') + sealed.slice(mid + 1);
  assert.throws(() => box.open(flipped, 'notify.smtp.password'), SecretBoxError);
  assert.throws(() => SecretBox.fromKey(randomBytes(32)).open(sealed, 'notify.smtp.password'), /another key/);
  assert.throws(() => box.open('plain text'), SecretBoxError);
  assert.equal(box.open(box.seal('')), '');
});

test('secret box key: from PICKET_SECRET_KEY, else a 0600 key file beside the database, refused when others can read it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'picket-key-'));
  try {
    const db = join(dir, 'p.duckdb');
    const a = SecretBox.forDatabase(db, {});
    assert.equal(statSync(keyFilePath(db)).mode & 0o777, 0o600);
    const b = SecretBox.forDatabase(db, {});
    assert.equal(b.open(a.seal('x')), 'x', 'the same key on the next start');
    assert.equal(Buffer.from(readFileSync(keyFilePath(db), 'utf8').trim(), 'base64').length, 32);
    chmodSync(keyFilePath(db), 0o644);
    assert.throws(() => SecretBox.forDatabase(db, {}), /chmod 600/);
    const hex = randomBytes(32).toString('hex');
    const fromEnv = SecretBox.forDatabase(db, { PICKET_SECRET_KEY: hex });
    assert.equal(SecretBox.fromKey(Buffer.from(hex, 'hex')).open(fromEnv.seal('y')), 'y');
    assert.throws(() => SecretBox.forDatabase(db, { PICKET_SECRET_KEY: 'too short' }), /32 bytes/);
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('lock-out: after the threshold, delays double up to the maximum; success forgives', () => {
  let now = 0;
  const l = new Lockout({ threshold: 3, baseSeconds: 10, maxSeconds: 30 }, 100, () => now);
  l.failed('Bob'); l.failed('bob');
  assert.equal(l.retryAfter('bob'), 0);
  l.failed('BOB');
  assert.equal(l.retryAfter('bob'), 10);
  now += 10_000; l.failed('bob');
  assert.equal(l.retryAfter('bob'), 20);
  now += 20_000; l.failed('bob');
  assert.equal(l.retryAfter('bob'), 30, 'capped');
  l.succeeded('bob');
  assert.equal(l.retryAfter('bob'), 0);
});

test('passwords: argon2id, verified, and a length-first policy', async () => {
  const h = await hashPassword('a long enough passphrase');
  assert.match(h, /^\$argon2id\$/);
  assert.equal(await verifyPassword(h, 'a long enough passphrase'), true);
  assert.equal(await verifyPassword(h, 'a long enough passphrasE'), false);
  assert.equal(await verifyPassword('not a hash', 'x'), false);
  assert.match(passwordProblem('short')!, /at least 12/);
  assert.match(passwordProblem('alice-is-great-2024', 'alice')!, /user name/);
  assert.match(passwordProblem('aaaaaaaaaaaaaaaa')!, /repeated/);
  assert.equal(passwordProblem('correct horse battery staple', 'alice'), null);
});

test('rate limiter: a burst, then one token per interval, with Retry-After', () => {
  let now = 0;
  const r = new RateLimiter({ burst: 2, perMinute: 6 }, 10, () => now);
  r.take('a'); r.take('a');
  assert.throws(() => r.take('a'), (e: { status: number; retryAfter: number }) => e.status === 429 && e.retryAfter === 10);
  r.take('b');
  now += 10_000;
  r.take('a');
});
