/** POSTs a JSON body for the webhook-style channels; errors name the receiver's origin only (URLs hold tokens). */
import { DeliveryError, type ChannelDriver } from '../channel.js';
import { describe, type AlertNote } from '../format.js';
import type { Delivery } from '../model.js';
import { httpUrl, only } from './settings.js';

// Statuses that say "try again later" even though they are 4xx.
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<void> {
  const origin = new URL(url).origin;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', 'user-agent': 'Picket-Notifier/1', ...headers },
      // a redirect could carry the body (and its signature) somewhere the admin did not configure
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : cause?.code ?? cause?.message ?? (err as Error).message;
    throw new DeliveryError(`POST to ${origin} failed: ${why}`);
  }
  if (res.status >= 200 && res.status < 300) {
    await res.body?.cancel().catch(() => undefined);
    return;
  }
  const text = (await res.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 200);
  const permanent = res.status >= 300 && res.status < 500 && !RETRYABLE_4XX.has(res.status);
  throw new DeliveryError(`${origin} answered HTTP ${res.status}${text ? `: ${text}` : ''}`, permanent);
}

/**
 * A chat service's incoming webhook (Teams, Slack): the URL is the secret, the message is built per service.
 * `build` turns the delivery and its alerts' notes into the service's JSON.
 */
export function incomingWebhookChannel<M>(kind: ChannelDriver<{ url: string }>['kind'],
  build: (delivery: Delivery, notes: AlertNote[]) => M): ChannelDriver<{ url: string }> {
  return {
    kind,
    secretFields: ['url'],
    parse(input) {
      only(input, ['url']);
      return { url: httpUrl(input, 'url') };
    },
    async send(config, delivery, cx) {
      const notes = delivery.alerts.map(a => describe(a, cx.publicUrl));
      await postJson(config.url, JSON.stringify(build(delivery, notes)), {}, cx.timeoutMs);
    },
  };
}
