/**
 * Generic webhook: the alerts as JSON, signed. The receiver checks
 *   X-Picket-Signature: sha256=<hex HMAC-SHA256(secret, `${X-Picket-Timestamp}.${raw body}`)>
 * and refuses timestamps too far from its clock (replays); X-Picket-Delivery is stable across retries.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ChannelDriver } from '../channel.js';
import { describe } from '../format.js';
import { httpUrl, only, text } from './settings.js';
import { postJson } from './http.js';

export interface WebhookConfig { url: string; secret: string }

export function signature(secret: string, timestamp: string, body: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** What a receiver does: the signature matches and the timestamp is within `toleranceSeconds` of now. */
export function verifySignature(secret: string, headers: { timestamp?: string; signature?: string }, body: string, now = Date.now(), toleranceSeconds = 300): boolean {
  if (!headers.timestamp || !headers.signature || !/^\d{1,12}$/.test(headers.timestamp)) return false;
  if (Math.abs(now / 1000 - Number(headers.timestamp)) > toleranceSeconds) return false;
  const want = Buffer.from(signature(secret, headers.timestamp, body)), got = Buffer.from(headers.signature);
  return want.length === got.length && timingSafeEqual(want, got);
}

export const webhookChannel: ChannelDriver<WebhookConfig> = {
  kind: 'webhook',
  secretFields: ['secret'],

  parse(input) {
    only(input, ['url', 'secret']);
    return { url: httpUrl(input, 'url'), secret: text(input, 'secret', { required: true, max: 500 })! };
  },

  generateSecrets: () => ({ secret: `whsec_${randomBytes(32).toString('base64url')}` }),

  async send(config, delivery, cx) {
    const now = cx.now();
    const body = JSON.stringify({
      type: delivery.kind === 'test' ? 'picket.test' : 'picket.alerts',
      deliveryId: delivery.id,
      sentAt: now.toISOString(),
      ...(delivery.digestMinutes ? { digestMinutes: delivery.digestMinutes } : {}),
      alerts: delivery.alerts.map(a => {
        const n = describe(a, cx.publicUrl);
        return {
          alertId: a.alertId, title: a.title, severity: a.severity, deviceName: a.deviceName, deviceId: a.deviceId,
          accountName: a.accountName, ruleId: a.ruleId, ruleName: a.ruleName, category: a.category,
          mitreTechniques: a.mitreTechniques, description: a.description, recommendedActions: a.recommendedActions,
          timestamp: a.timestamp, createdAt: a.createdAt, incidentId: a.incidentId, link: n.link,
        };
      }),
    });
    const timestamp = String(Math.floor(now.getTime() / 1000));
    await postJson(config.url, body, {
      'x-picket-delivery': delivery.id,
      'x-picket-timestamp': timestamp,
      'x-picket-signature': signature(config.secret, timestamp, body),
    }, cx.timeoutMs);
  },
};
