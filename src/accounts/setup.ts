/**
 * The one-time setup token: printed at a start that finds no user accounts, it allows exactly one thing, creating
 * the first admin, and dies when that is done or when the process stops. It is never written to the database.
 */
import { timingSafeEqual } from 'node:crypto';
import { hashSecret, newSecret } from '../devices/secrets.js';

export class SetupToken {
  private hash: string | null = null;

  /** A new token (replacing any earlier one), to print once. */
  issue(): string {
    const token = newSecret('pst');
    this.hash = hashSecret(token);
    return token;
  }

  get active(): boolean {
    return this.hash !== null;
  }

  matches(token: string): boolean {
    if (!this.hash) return false;
    const a = Buffer.from(hashSecret(token)), b = Buffer.from(this.hash);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  spend(): void {
    this.hash = null;
  }
}
