/** Timing helpers for the benchmark: medians, a resident-set-size sampler, and result comparison. */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import type { Value } from '../src/kql/results.js';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Samples process RSS every few milliseconds while a phase runs; `peak()` is the largest value seen, in bytes. */
export class RssSampler {
  private max = 0;
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    this.max = process.memoryUsage.rss();
    this.timer = setInterval(() => { this.max = Math.max(this.max, process.memoryUsage.rss()); }, 5);
  }

  stop(): number {
    clearInterval(this.timer);
    return Math.max(this.max, process.memoryUsage.rss());
  }
}

export async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

/** Rows in a canonical order, so two results with the same rows in different orders compare equal. */
function canonical(rows: Value[][]): string[] {
  return rows.map(r => JSON.stringify(r)).sort();
}

/** Describes the first difference between two results, or returns undefined when they hold the same rows. */
export function difference(a: { names: string[]; rows: Value[][] }, b: { names: string[]; rows: Value[][] }): string | undefined {
  if (a.names.join(',') !== b.names.join(',')) return `columns differ: [${a.names}] vs [${b.names}]`;
  if (a.rows.length !== b.rows.length) return `row counts differ: ${a.rows.length} vs ${b.rows.length}`;
  const [x, y] = [canonical(a.rows), canonical(b.rows)];
  const i = x.findIndex((r, k) => r !== y[k]);
  return i < 0 ? undefined : `first differing row: ${x[i]} vs ${y[i]}`;
}

export const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

/** The CPU's model name, as /proc/cpuinfo gives it. */
export function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find(l => l.startsWith('model name'));
  return line ? line.split(':')[1].trim() : cpus()[0]?.model ?? 'unknown';
}
