/**
 * Token-bucket rate limits by key (an address, a device): `burst` requests at once, refilled at `perMinute`.
 * Past the limit a request gets 429 with Retry-After. The key table is bounded; the least recently used go first.
 */
import { HttpError } from './errors.js';

export interface RateLimit { burst: number; perMinute: number }

interface Bucket { tokens: number; at: number }

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly limit: RateLimit, private readonly maxKeys = 20_000, private readonly now = () => Date.now()) {}

  /** Takes one token for the key; throws 429 when there is none. */
  take(key: string, what = 'requests'): void {
    const now = this.now();
    const rate = this.limit.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.limit.burst, at: now };
    b.tokens = Math.min(this.limit.burst, b.tokens + (now - b.at) * rate);
    b.at = now;
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    if (b.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
      throw Object.assign(new HttpError(429, 'rate_limited', `Too many ${what}; retry after the delay in Retry-After.`), { retryAfter });
    }
    b.tokens -= 1;
  }
}

export interface RateLimits {
  /** Login, setup and single-sign-on attempts per client address. */
  login: RateLimit;
  /** Ingest requests per device. */
  ingest: RateLimit;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  login: { burst: 10, perMinute: 10 },
  // an agent sends a batch every few minutes; after an outage it catches up in a burst
  ingest: { burst: 120, perMinute: 600 },
};
