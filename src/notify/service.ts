/**
 * Notifications as one service: channels, subscriptions, the outbox and its worker, the AlertSink for the rule
 * engine, and "send a test". It has its own connection to the store (see db.ts).
 */
import type { AlertSink } from '../alerts/model.js';
import type { Store } from '../store/duckdb.js';
import { DeliveryError, type SendContext } from './channel.js';
import { ChannelStore, type SecretSealer } from './channels.js';
import { DRIVERS } from './channels/index.js';
import { NotifyDb } from './db.js';
import { testAlert } from './format.js';
import { DEFAULT_RETRY, Outbox, type RetryPolicy } from './outbox.js';
import { createNotificationSink } from './sink.js';
import { SubscriptionStore } from './subscriptions.js';
import { DEFAULT_WORKER, OutboxWorker, SILENT, withTimeout, type NotifyLogger, type WorkerOptions } from './worker.js';
import { newId } from '../devices/secrets.js';

export interface NotifyOptions {
  /** The console's address, for links in messages: `${publicUrl}/alerts/${alertId}`. */
  publicUrl: string;
  /** Seals channel secrets at rest (the server's SecretBox). */
  secrets: SecretSealer;
  /** Start the outbox worker (default true). */
  worker?: boolean;
  workerOptions?: Partial<WorkerOptions>;
  retry?: Partial<RetryPolicy>;
  clock?: () => Date;
  logger?: NotifyLogger;
  /** The worker's lease owner name; a new one per process by default. */
  owner?: string;
}

export class NotificationService {
  readonly channels: ChannelStore;
  readonly subscriptions: SubscriptionStore;
  readonly outbox: Outbox;
  readonly worker: OutboxWorker;
  readonly sink: AlertSink;
  private log: NotifyLogger;

  private constructor(private readonly db: NotifyDb, readonly options: NotifyOptions) {
    const clock = options.clock ?? (() => new Date());
    this.log = options.logger ?? SILENT;
    this.channels = new ChannelStore(db, options.secrets, clock);
    this.subscriptions = new SubscriptionStore(db, clock);
    this.outbox = new Outbox(db, clock, { ...DEFAULT_RETRY, ...options.retry });
    const workerOptions = { ...DEFAULT_WORKER, ...options.workerOptions };
    this.worker = new OutboxWorker(this.outbox, this.channels, () => this.sendContext(), workerOptions, {
      info: (o, m) => this.log.info(o, m), warn: (o, m) => this.log.warn(o, m), error: (o, m) => this.log.error(o, m),
    }, options.owner);
    this.sink = createNotificationSink(this);
  }

  static async open(store: Store, options: NotifyOptions): Promise<NotificationService> {
    const service = new NotificationService(new NotifyDb(await store.instance.connect()), options);
    if (options.worker ?? true) service.worker.start();
    return service;
  }

  /** Uses the server's logger once it exists. */
  useLogger(logger: NotifyLogger): void {
    this.log = logger;
  }

  sendContext(): SendContext {
    return { publicUrl: this.options.publicUrl, now: this.options.clock ?? (() => new Date()), timeoutMs: Math.min(15_000, this.worker.options.sendTimeoutMs) };
  }

  /** Sends an example alert through the channel now, bypassing the outbox; throws DeliveryError when it fails. */
  async sendTest(channelId: string): Promise<boolean> {
    const channel = await this.channels.get(channelId);
    if (!channel) return false;
    const driver = DRIVERS[channel.kind];
    const cx = this.sendContext();
    try {
      const config = driver.parse(this.channels.settings(channel));
      await withTimeout(driver.send(config, { id: `test-${newId()}`, kind: 'test', alerts: [testAlert(cx.now())] }, cx), this.worker.options.sendTimeoutMs, 'the test');
    } catch (err) {
      throw err instanceof DeliveryError ? err : new DeliveryError((err as Error)?.message ?? String(err));
    }
    return true;
  }

  async close(): Promise<void> {
    await this.worker.stop();
    this.db.close();
  }
}
