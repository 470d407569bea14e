/** POSTs a JSON body for the webhook-style channels; errors name the receiver's origin only (URLs hold tokens). */
import { DeliveryError } from '../channel.js';

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
