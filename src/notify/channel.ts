/**
 * The contract every notification channel implements: parse and check its settings, and send one delivery.
 * Drivers are stateless; the outbox worker owns retries, so `send` only reports what went wrong.
 */
import type { ChannelKind, Delivery } from './model.js';

export interface SendContext {
  /** Base of the console's links: `${publicUrl}/alerts/${alertId}`. */
  publicUrl: string;
  now: () => Date;
  /** Upper bound on one network operation (connect, greeting, response). */
  timeoutMs: number;
}

export interface ChannelDriver<C = Record<string, unknown>> {
  kind: ChannelKind;
  /** Settings that are secrets: stored apart and shown only as "set". */
  secretFields: readonly string[];
  /** Checks settings from the API (secrets included); throws ConfigError naming the field. */
  parse(input: Record<string, unknown>): C;
  /** Secrets to create when the admin gave none (a webhook's signing key), returned once. */
  generateSecrets?(): Record<string, string>;
  send(config: C, delivery: Delivery, cx: SendContext): Promise<void>;
}

/** A setting that is missing or wrong; `field` is its name inside the channel's config. */
export class ConfigError extends Error {
  constructor(readonly field: string, message: string) { super(message); }
}

/** A delivery that did not go through. Permanent ones (the receiver refused it) are not retried on their own. */
export class DeliveryError extends Error {
  constructor(message: string, readonly permanent = false) { super(message); }
}
