/**
 * Encryption at rest for secrets the application must read back (SMTP passwords, webhook URLs): AES-256-GCM
 * with a key kept outside the database, so a copy of the database file alone reveals none of them.
 *
 * The key comes from PICKET_SECRET_KEY (32 bytes as base64 or 64 hex digits), else from a key file beside the
 * database (`<database>.key`, created on first use with mode 0600 and refused if others can read it). An
 * in-memory database gets a key that lives as long as the process.
 *
 * Sealed text: `pkb1.<key id>.<base64url(iv 12 | tag 16 | ciphertext)>`. The key id (first 8 hex digits of the key's
 * SHA-256) lets a wrong key be told apart from tampering. A `context` string (e.g. 'notify.smtp.password') is
 * bound as additional data, so a sealed value copied into another field does not open there.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';

const PREFIX = 'pkb1';

export class SecretBoxError extends Error {}

export class SecretBox {
  readonly keyId: string;

  private constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new SecretBoxError('The secret key must be 32 bytes.');
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  }

  static fromKey(key: Buffer): SecretBox {
    return new SecretBox(Buffer.from(key));
  }

  /** The box for a database: PICKET_SECRET_KEY, else the key file beside it (created if missing). */
  static forDatabase(dbPath: string, env: NodeJS.ProcessEnv = process.env): SecretBox {
    const fromEnv = env.PICKET_SECRET_KEY?.trim();
    if (fromEnv) return new SecretBox(parseKey(fromEnv, 'PICKET_SECRET_KEY'));
    if (dbPath === ':memory:') return new SecretBox(randomBytes(32));
    return new SecretBox(loadOrCreateKeyFile(keyFilePath(dbPath)));
  }

  static isSealed(value: string): boolean {
    return value.startsWith(`${PREFIX}.`);
  }

  seal(plaintext: string, context = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${PREFIX}.${this.keyId}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
  }

  open(sealed: string, context = ''): string {
    const [prefix, keyId, payload, extra] = sealed.split('.');
    if (prefix !== PREFIX || !keyId || payload === undefined || extra !== undefined) throw new SecretBoxError('The value is not a sealed secret.');
    if (keyId !== this.keyId) throw new SecretBoxError(`The secret was sealed with another key (${keyId}); this server's key is ${this.keyId}.`);
    const raw = Buffer.from(payload, 'base64url');
    if (raw.length < 28) throw new SecretBoxError('The sealed secret is truncated.');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(12, 28));
    try {
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError('The sealed secret has been altered, or belongs to another field.');
    }
  }
}

export function keyFilePath(dbPath: string): string {
  return `${dbPath}.key`;
}

function parseKey(text: string, source: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new SecretBoxError(`${source} must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32).`);
  return key;
}

function loadOrCreateKeyFile(path: string): Buffer {
  if (!existsSync(path)) {
    try {
      // 'wx': created here or not at all, so two processes starting together cannot write two different keys
      const fd = openSync(path, 'wx', 0o600);
      try { writeSync(fd, randomBytes(32).toString('base64') + '\n'); } finally { closeSync(fd); }
      chmodSync(path, 0o600); // the mode given to open is filtered by the umask; make it exact
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new SecretBoxError(`The key file ${path} can be read by other users; run: chmod 600 ${path}`);
  }
  return parseKey(readFileSync(path, 'utf8').trim(), path);
}
