/**
 * Group commit: batches that arrive while a write is under way are written together in the next transaction.
 * A transaction's fixed cost (key check, stages, commit and its log flush) is then paid once per group instead of
 * once per batch, which is what lets one write connection keep up with many devices. Each caller still learns
 * exactly which of its items were new; if a group fails, its batches are retried one by one so one bad batch fails
 * alone.
 */
import type { Mutex } from '../server/overload.js';
import type { ColumnBatch } from './column-batch.js';
import type { WriteResult, Writer } from './writer.js';

/** One caller's batches: written in the same transaction, whatever group they join. */
interface Pending { batches: ColumnBatch[]; size: number; resolve(r: WriteResult[]): void; reject(e: unknown): void }

export class GroupCommit {
  private readonly queue: Pending[] = [];
  private draining = false;

  constructor(private readonly writer: Writer, private readonly writes: Mutex, private readonly maxItems = 20_000) {}

  /** Writes the batches (in one transaction, possibly with other callers'); the result of each, in order. */
  write(...batches: ColumnBatch[]): Promise<WriteResult[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ batches, size: batches.reduce((n, b) => n + b.keys.length, 0), resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) {
        const group: Pending[] = [];
        let size = 0;
        while (this.queue.length && (group.length === 0 || size + this.queue[0].size <= this.maxItems)) {
          const p = this.queue.shift()!;
          group.push(p);
          size += p.size;
        }
        await this.commit(group);
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(group: Pending[]): Promise<void> {
    try {
      const results = await this.writes.run(() => this.writer.writeBatches(group.flatMap(g => g.batches)));
      let at = 0;
      for (const g of group) {
        g.resolve(results.slice(at, at + g.batches.length));
        at += g.batches.length;
      }
    } catch (err) {
      if (group.length === 1) { group[0].reject(err); return; }
      for (const g of group) await this.commit([g]);
    }
  }
}
