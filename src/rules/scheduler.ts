/**
 * The rule scheduler inside the server: every tick, each enabled rule that is due runs once (scheduled rules at
 * their frequency, continuous rules when something was ingested since their last run). Runs are sequential, so a
 * cycle never competes with itself; a scheduled tick that finds the previous one still running does nothing
 * (croner's `protect`), and a tick asked for meanwhile (a batch stored) runs one more cycle after it. After downtime a rule runs once over a window widened to cover what it missed.
 */
import { Cron } from 'croner';
import type { DuckDBConnection } from '@duckdb/node-api';
import { readRows } from '../alerts/sql.js';
import { RuleBusy, isDue, type RuleService, type RunOutcome } from './service.js';

export interface SchedulerOptions {
  /** Cron pattern (with seconds) of the tick; default every 20 seconds. */
  pattern?: string;
  /** After a failed run, wait this long before trying the rule again (default 5 minutes). */
  retryAfterMs?: number;
  onError?: (err: unknown) => void;
}

export class Scheduler {
  private cron: Cron | null = null;
  private lastIngestCount = -1;
  private readonly failedAt = new Map<string, number>();
  private ticking: Promise<RunOutcome[]> | null = null;
  private queued: Promise<RunOutcome[]> | null = null;
  private stopped = false;

  constructor(private readonly service: RuleService, private readonly read: DuckDBConnection, private readonly options: SchedulerOptions = {}) {}

  start(): void {
    this.cron ??= new Cron(this.options.pattern ?? '*/20 * * * * *', { protect: true }, async () => {
      try { await this.tick(); } catch (err) { this.options.onError?.(err); }
    });
  }

  /** A rule was created or enabled: when the scheduler runs, a cycle now, so its first alerts do not wait for the next tick. */
  nudge(onError?: (err: unknown) => void): void {
    if (!this.cron || this.stopped) return;
    this.tick().catch(err => (onError ?? this.options.onError)?.(err));
  }

  /** Stops ticking for good and waits for the cycles under way: after this no rule touches the store. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.cron?.stop();
    this.cron = null;
    await this.queued?.catch(() => undefined);
    await this.ticking?.catch(() => undefined);
  }

  /** One cycle: runs every due rule, in order of how long it has waited. */
  /** `at` fixes the cycle's time (tests); without it the cycle takes the time when it starts reading, see cycle(). */
  tick(at?: Date): Promise<RunOutcome[]> {
    if (this.stopped) return Promise.resolve([]);
    if (this.ticking) {
      // asked while a cycle runs (a batch just stored, a rule just created): that cycle may have started too early
      // to see it, so one more cycle follows, shared by every request made meanwhile
      this.queued ??= this.ticking.catch(() => []).then(() => { this.queued = null; return this.tick(at); });
      return this.queued;
    }
    this.ticking = this.cycle(at).finally(() => { this.ticking = null; });
    return this.ticking;
  }

  private async cycle(at?: Date): Promise<RunOutcome[]> {
    await this.service.alerts.mirrorPending();
    // continuous rules: a cheap look at whether anything was ingested (the ingest key count only grows)
    const count = Number((await readRows(this.read, 'SELECT count(*) AS n FROM app.ingest_keys'))[0].n);
    // the cycle's time is taken after the count: everything counted was stored before it, so a batch counted now
    // is inside this cycle's windows; a time taken when the tick was asked for (before the batch) would miss it
    // and the next cycle, seeing no new count, would not look again
    const now = at ?? new Date();
    const ingested = count !== this.lastIngestCount;
    this.lastIngestCount = count;
    const retry = this.options.retryAfterMs ?? 300_000;
    const due = (await this.service.rules.list())
      .filter(r => r.enabled && !this.service.isRunning(r.id))
      .filter(r => now.getTime() - (this.failedAt.get(r.id) ?? -Infinity) >= retry)
      .filter(r => (r.frequency === 'continuous' ? ingested || !r.windowTo : isDue(r, r.windowTo, now)))
      .sort((a, b) => (a.windowTo ?? '').localeCompare(b.windowTo ?? ''));
    const outcomes: RunOutcome[] = [];
    for (const rule of due) {
      try {
        const outcome = await this.service.run(rule, rule.frequency === 'continuous' ? 'continuous' : 'scheduled', now);
        if (outcome.run.error && outcome.run.alerts === null) this.failedAt.set(rule.id, now.getTime());
        else this.failedAt.delete(rule.id);
        outcomes.push(outcome);
      } catch (err) {
        if (!(err instanceof RuleBusy)) this.options.onError?.(err);
      }
    }
    return outcomes;
  }
}
