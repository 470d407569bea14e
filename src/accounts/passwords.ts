/**
 * Password hashing with argon2id (RFC 9106), at OWASP's recommended cost (19 MiB, 2 passes, 1 lane), and the
 * password policy. The PHC string carries its own parameters, so raising the cost later keeps old hashes valid.
 */
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id; a literal because `const enum`s from a .d.ts are not inlined by per-file transpilers.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN = 12;
/** Long enough for any passphrase, short enough that hashing it is not a way to burn CPU. */
export const PASSWORD_MAX = 256;

export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS as Parameters<typeof hash>[1]);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false; // a malformed stored hash verifies nothing
  }
}

let dummy: Promise<string> | undefined;
/** Spends the time a real verification takes, so an unknown user name answers as slowly as a wrong password. */
export async function verifyNothing(password: string): Promise<false> {
  dummy ??= hashPassword('picket-timing-equaliser');
  await verifyPassword(await dummy, password);
  return false;
}

/** Why a new password is refused, or null when it is acceptable (NIST SP 800-63B: length over composition rules). */
export function passwordProblem(password: string, username?: string): string | null {
  if ([...password].length < PASSWORD_MIN) return `The password must have at least ${PASSWORD_MIN} characters.`;
  if (password.length > PASSWORD_MAX) return `The password must have at most ${PASSWORD_MAX} characters.`;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return 'The password must not contain the user name.';
  if (/^(.)\1+$/u.test(password)) return 'The password must not be one character repeated.';
  return null;
}
