/**
 * Group commit: batches that arrive while a write is under way are written together in the next transaction.
 * A transaction's fixed cost (key check, appenders, commit) is then paid once per group instead of once per batch,
 * which is what lets one write connection keep up with many devices. Each caller still learns exactly which of
 * its items were new; if a group fails, its batches are retried one by one so one bad batch fails alone.
 */
import type { Mutex } from '../server/overload.js';
import type { WriteItem, WriteResult, Writer } from './writer.js';

interface Pending { items: WriteItem[]; resolve(r: WriteResult): void; reject(e: unknown): void }

export class GroupCommit {
  private readonly queue: Pending[] = [];
  private draining = false;

  constructor(private readonly writer: Writer, private readonly writes: Mutex, private readonly maxItems = 20_000) {}

  write(items: WriteItem[]): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ items, resolve, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) {
        const group: Pending[] = [];
        let size = 0;
        while (this.queue.length && (group.length === 0 || size + this.queue[0].items.length <= this.maxItems)) {
          const p = this.queue.shift()!;
          group.push(p);
          size += p.items.length;
        }
        await this.commit(group);
      }
    } finally {
      this.draining = false;
    }
  }

  private async commit(group: Pending[]): Promise<void> {
    try {
      const r = await this.writes.run(() => this.writer.write(group.flatMap(g => g.items)));
      for (const g of group) g.resolve(share(g.items, r.fresh));
    } catch (err) {
      if (group.length === 1) { group[0].reject(err); return; }
      for (const g of group) await this.commit([g]);
    }
  }
}

/** One caller's part of a group's result: its items whose keys this write stored, each counted once. */
function share(items: WriteItem[], fresh: Set<string>): WriteResult {
  const seen = new Set<string>();
  const mine = new Set<string>();
  let duplicates = 0;
  for (const item of items) {
    if (fresh.has(item.key) && !seen.has(item.key)) mine.add(item.key);
    else duplicates++;
    seen.add(item.key);
  }
  return { stored: mine.size, duplicates, rows: {}, fresh: mine };
}
