/**
 * The outbox worker: every poll (and whenever woken) it closes due digests, claims due rows up to its free
 * sending slots, sends each through its channel's driver and records the outcome at once. `stop` claims nothing
 * more and waits for the sends under way to be recorded, so a restart neither loses nor repeats a message.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { DeliveryError, type SendContext } from './channel.js';
import type { ChannelStore } from './channels.js';
import { DRIVERS } from './channels/index.js';
import type { Claimed, Outbox } from './outbox.js';

export interface NotifyLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export const SILENT: NotifyLogger = { info() {}, warn() {}, error() {} };

export interface WorkerOptions {
  /** How often to look for due rows when nothing wakes the worker. */
  pollMs: number;
  /** How long a claim holds; must exceed sendTimeoutMs by a margin, or a slow send could be taken over. */
  leaseMs: number;
  /** Sends at once. */
  concurrency: number;
  /** Upper bound on one send; past it the attempt counts as failed. */
  sendTimeoutMs: number;
  /** Sent and cancelled rows are forgotten after this long. */
  purgeAfterMs: number;
}

export const DEFAULT_WORKER: WorkerOptions = { pollMs: 5_000, leaseMs: 120_000, concurrency: 4, sendTimeoutMs: 30_000, purgeAfterMs: 30 * 86_400_000 };

export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new DeliveryError(`${what} took longer than ${ms} ms`)), ms); });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

export class OutboxWorker {
  readonly owner: string;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private ticking: Promise<number> | null = null;
  private again = false;
  private lastPurge = 0;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly outbox: Outbox,
    private readonly channels: ChannelStore,
    private readonly context: () => SendContext,
    readonly options: WorkerOptions = DEFAULT_WORKER,
    private readonly log: NotifyLogger = SILENT,
    owner?: string,
  ) {
    this.owner = owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  }

  start(): void {
    this.running = true;
    this.schedule(0);
  }

  /** Looks for work now (new alerts were stored, a send finished). */
  wake(): void {
    if (this.running) this.schedule(0);
  }

  /** Claims nothing more and waits until every send under way is recorded. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking?.catch(() => undefined);
    await Promise.all([...this.inFlight]);
  }

  /** Runs passes until nothing is due and nothing is being sent (tests, one-shot runs). */
  async drain(): Promise<void> {
    for (;;) {
      const claimed = await this.tick(true);
      if (this.inFlight.size) { await Promise.race([...this.inFlight]); continue; }
      if (!claimed) return;
    }
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => { this.timer = null; void this.tick(false); }, ms);
    this.timer.unref();
  }

  /** One pass; returns how many rows it claimed. */
  tick(manual = false): Promise<number> {
    if (this.ticking) { this.again = true; return this.ticking; }
    if (!this.running && !manual) return Promise.resolve(0);
    const pass = (async () => {
      let claimed = 0;
      try {
        do {
          this.again = false;
          await this.outbox.flushDigests();
          const free = this.options.concurrency - this.inFlight.size;
          const rows = await this.outbox.claim(this.owner, this.options.leaseMs, free);
          claimed += rows.length;
          for (const row of rows) this.track(this.deliver(row));
        } while (this.again && (this.running || manual) && this.inFlight.size < this.options.concurrency);
        if (Date.now() - this.lastPurge > 3_600_000) {
          this.lastPurge = Date.now();
          await this.outbox.purge(this.options.purgeAfterMs);
        }
      } catch (err) {
        this.log.error({ err }, 'notification outbox pass failed');
      } finally {
        this.ticking = null;
        if (this.running) this.schedule(this.options.pollMs);
      }
      return claimed;
    })();
    this.ticking = pass;
    return pass;
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => { this.inFlight.delete(p); this.wake(); });
  }

  private async deliver(row: Claimed): Promise<void> {
    let failure: DeliveryError | null = null;
    try {
      const channel = await this.channels.get(row.channelId);
      if (!channel) throw new DeliveryError('The channel no longer exists.', true);
      const driver = DRIVERS[channel.kind];
      const config = driver.parse(this.channels.settings(channel));
      const cx = this.context();
      await withTimeout(driver.send(config, { id: row.id, kind: row.kind, alerts: row.alerts, digestMinutes: row.digestMinutes }, cx), this.options.sendTimeoutMs, 'sending');
    } catch (err) {
      failure = err instanceof DeliveryError ? err : new DeliveryError((err as Error)?.message ?? String(err));
    }
    try {
      // The duplicate window: the receiver has the message, this statement has not yet run. Nothing else happens
      // between the two; a crash here sends the row again once its lease expires (with the same delivery id).
      if (!failure) {
        if (!(await this.outbox.markSent(row.id, this.owner))) {
          this.log.warn({ id: row.id }, 'notification sent after its lease ran out; another worker may send it again');
        }
        return;
      }
      const status = await this.outbox.markFailed(row.id, this.owner, row.attempts, failure.message, failure.permanent);
      this.log.warn({ id: row.id, channelId: row.channelId, attempts: row.attempts, status, error: failure.message }, 'notification not delivered');
    } catch (err) {
      // the row stays 'sending' and is taken up again when its lease expires
      this.log.error({ err, id: row.id }, 'could not record a notification outcome');
    }
  }
}
