/**
 * The HTTP sink: devices enrol through POST /api/v1/enroll with an enrolment key and post their reports to
 * POST /api/v1/ingest with their device token, as the agent does. Large bodies go gzip-compressed; 429 and 503
 * are retried after Retry-After, connection errors with exponential backoff.
 */
import { gzipSync } from 'node:zlib';
import { enrolmentName, type EnrolledDevice, type SendResult, type Sink } from './sink.js';
import type { DevicePlan } from './fleet.js';
import type { Report } from './device.js';

export interface HttpSinkOptions {
  /** Bodies larger than this are gzip-compressed (default 64 KiB). */
  gzipAbove?: number;
  /** Attempts per request before giving up (default 8). */
  attempts?: number;
  /** Devices sent at once (default 4). */
  concurrency?: number;
  /** First backoff delay for connection errors, doubled each time (default 250 ms). */
  backoffMs?: number;
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) { super(message); }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Retry-After in seconds or as an HTTP date; one second when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 60_000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 1000 : Math.max(0, Math.min(at - now, 60_000));
}

export class HttpSink implements Sink {
  readonly concurrency: number;
  private readonly base: string;
  private readonly gzipAbove: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  /** Requests that had to be retried, for the summary. */
  retries = 0;

  constructor(url: string, private readonly enrollmentKey: string, options: HttpSinkOptions = {}) {
    this.base = url.replace(/\/+$/, '');
    this.gzipAbove = options.gzipAbove ?? 64 * 1024;
    this.attempts = options.attempts ?? 8;
    this.concurrency = options.concurrency ?? 4;
    this.backoffMs = options.backoffMs ?? 250;
  }

  async enroll(plan: DevicePlan, agentVersion: string): Promise<EnrolledDevice> {
    const body = { enrollmentKey: this.enrollmentKey, deviceName: enrolmentName(plan), osPlatform: plan.os.platform, agentVersion };
    const r = await this.post('/api/v1/enroll', body) as { deviceId: string; deviceName: string; deviceToken: string };
    return { deviceId: r.deviceId, deviceName: r.deviceName, token: r.deviceToken };
  }

  async send(device: EnrolledDevice, report: Report): Promise<SendResult> {
    const r = await this.post('/api/v1/ingest', report.batch, device.token) as {
      accepted: { events: number; reports: number }; duplicates: number; rejected: unknown[];
    };
    return { events: r.accepted.events, reports: r.accepted.reports, duplicates: r.duplicates, rejected: r.rejected.length };
  }

  async close(): Promise<void> {}

  private async post(path: string, body: unknown, token?: string): Promise<unknown> {
    const json = Buffer.from(JSON.stringify(body));
    const gzip = json.length > this.gzipAbove;
    const payload = gzip ? gzipSync(json) : json;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (gzip) headers['content-encoding'] = 'gzip';
    if (token) headers.authorization = `Bearer ${token}`;
    let backoff = this.backoffMs;
    for (let attempt = 1; ; attempt++) {
      let res: Response;
      try {
        res = await fetch(`${this.base}${path}`, { method: 'POST', headers, body: payload });
      } catch (err) {
        // connection refused or reset: the server may be starting or restarting
        if (attempt >= this.attempts) throw new Error(`POST ${path}: ${err instanceof Error ? (err.cause as Error | undefined)?.message ?? err.message : String(err)}`);
        this.retries++;
        await sleep(backoff);
        backoff = Math.min(backoff * 2, 10_000);
        continue;
      }
      if ((res.status === 429 || res.status === 503) && attempt < this.attempts) {
        this.retries++;
        await res.arrayBuffer();
        await sleep(retryAfterMs(res.headers.get('retry-after')));
        continue;
      }
      const text = await res.text();
      if (!res.ok) {
        let message = text;
        try { message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? text; } catch { /* not JSON */ }
        throw new HttpError(res.status, `POST ${path}: ${res.status} ${message}`);
      }
      return JSON.parse(text) as unknown;
    }
  }
}
