/**
 * Lock-out with backoff after repeated login failures, per user name (known or not, so the answer never tells
 * which names exist). After `threshold` failures in a row the name is locked for `baseSeconds`, doubling with
 * each further failure up to `maxSeconds`; a success clears it. Kept in memory: a restart forgives, the per-address
 * rate limit on the login route still holds.
 */

export interface LockoutPolicy { threshold: number; baseSeconds: number; maxSeconds: number }
export const DEFAULT_LOCKOUT: LockoutPolicy = { threshold: 5, baseSeconds: 30, maxSeconds: 3600 };

interface Entry { failures: number; lockedUntil: number; lastFailure: number }

export class Lockout {
  private readonly entries = new Map<string, Entry>();

  constructor(readonly policy: LockoutPolicy = DEFAULT_LOCKOUT, private readonly maxEntries = 50_000, private readonly now = () => Date.now()) {}

  /** Seconds until this name may try again, or 0. */
  retryAfter(username: string): number {
    const e = this.entries.get(username.toLowerCase());
    if (!e) return 0;
    return Math.max(0, Math.ceil((e.lockedUntil - this.now()) / 1000));
  }

  failed(username: string): void {
    const key = username.toLowerCase();
    const now = this.now();
    const e = this.entries.get(key) ?? { failures: 0, lockedUntil: 0, lastFailure: now };
    // a quiet day forgives old failures
    if (now - e.lastFailure > 86_400_000) e.failures = 0;
    e.failures++;
    e.lastFailure = now;
    if (e.failures >= this.policy.threshold) {
      const seconds = Math.min(this.policy.maxSeconds, this.policy.baseSeconds * 2 ** (e.failures - this.policy.threshold));
      e.lockedUntil = now + seconds * 1000;
    }
    this.entries.delete(key);
    this.entries.set(key, e);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  succeeded(username: string): void {
    this.entries.delete(username.toLowerCase());
  }
}
