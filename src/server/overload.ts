/** Bounds the work a server accepts at once: past the limit a request gets 429 with Retry-After, never a queue without end. */
import { HttpError } from './errors.js';

export class Gate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly concurrency: number, private readonly queue: number, private readonly retryAfterSeconds = 1) {}

  /** Work under way now (tests and health checks read it). */
  get running(): number { return this.active; }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) {
      if (this.waiting.length >= this.queue) {
        throw Object.assign(new HttpError(429, 'overloaded', 'The server is busy; retry after the delay in Retry-After.'), { retryAfter: this.retryAfterSeconds });
      }
      await new Promise<void>(resolve => this.waiting.push(resolve));
    }
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Serialises work on one resource (the store's write connection): one transaction at a time. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work, work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
