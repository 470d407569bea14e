/**
 * Running rules: a scheduled or continuous run over the rule's window (raising alerts and recording the run), and
 * dry runs ("run now", "preview last N days") that show what would be raised and raise nothing. One rule never
 * runs twice at once: a second request while it runs is refused with RuleBusy.
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../store/duckdb.js';
import type { AlertStore } from '../alerts/store.js';
import type { Alert } from '../alerts/model.js';
import type { Value } from '../kql/results.js';
import type { Column } from '../kql/ir/types.js';
import { KqlError } from '../kql/errors.js';
import { FIRST_RUN_LOOKBACK_MS, LOOKBACK_MS, PERIOD_MS, type Rule } from './model.js';
import { runRuleQuery, type Candidate, type Window } from './runner.js';
import type { RuleStore, RunRecord } from './store.js';

export class RuleBusy extends Error {}

export interface DryRun {
  window: { from: string; to: string };
  columns: Column[];
  rowCount: number;
  rows: Record<string, Value>[];
  truncated: boolean;
  /** The alerts a real run would raise now (already raised ones are left out). */
  wouldRaise: { title: string; entity: string; deviceId: string | null; deviceName: string | null; accountName: string | null; timestamp: string }[];
}

export interface RunOutcome { run: RunRecord; alerts: Alert[] }

/**
 * The window a scheduled run covers: Defender's lookback ending now, widened after downtime so that it covers every
 * window the missed runs would have (from the last run's end plus one period, minus the lookback); 30 days at most,
 * and 30 days on the first run. Alert keys make the overlap harmless.
 */
export function scheduledWindow(rule: Pick<Rule, 'frequency'>, lastTo: string | null, now: Date): Window {
  const n = now.getTime();
  const floor = n - FIRST_RUN_LOOKBACK_MS;
  if (!lastTo) return { from: new Date(floor), to: now };
  const L = LOOKBACK_MS[rule.frequency], F = PERIOD_MS[rule.frequency];
  const from = Math.max(floor, Math.min(n - L, Date.parse(lastTo) + F - L));
  return { from: new Date(from), to: now };
}

export function isDue(rule: Pick<Rule, 'frequency'>, lastTo: string | null, now: Date): boolean {
  return !lastTo || now.getTime() - Date.parse(lastTo) >= PERIOD_MS[rule.frequency];
}

export class RuleService {
  private readonly running = new Set<string>();

  constructor(readonly store: Store, readonly rules: RuleStore, readonly alerts: AlertStore, private readonly limits: { timeoutMs: number; maxRows: number } = { timeoutMs: 300_000, maxRows: 1_000_000 }) {}

  isRunning(id: string): boolean { return this.running.has(id); }

  private async exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    if (this.running.has(id)) throw new RuleBusy(`Rule ${id} is running; try again when it has finished.`);
    this.running.add(id);
    try { return await work(); } finally { this.running.delete(id); }
  }

  /** A real run: raises new alerts, records the run, and (when it succeeds) moves the rule's window on. */
  async run(rule: Rule & { windowTo: string | null }, kind: 'scheduled' | 'continuous', now = new Date()): Promise<RunOutcome> {
    return this.exclusive(rule.id, async () => {
      const window = scheduledWindow(rule, rule.windowTo, now);
      const started = Date.now();
      const run: RunRecord = { runId: `pn${randomBytes(8).toString('hex')}`, ruleId: rule.id, kind, startedAt: new Date(started).toISOString(),
        durationMs: null, windowFrom: window.from.toISOString(), windowTo: window.to.toISOString(), rows: null, alerts: null, error: null };
      let alerts: Alert[] = [];
      const conn = await this.store.queryConnection();
      try {
        const result = await runRuleQuery(conn, rule, window, this.limits);
        run.rows = result.rows.length;
        alerts = await this.alerts.raise(rule, result.candidates, run.runId, now);
        run.alerts = alerts.length;
        if (result.truncated) run.error = `The result was cut at ${this.limits.maxRows} rows; alerts were raised for those rows only.`;
      } catch (err) {
        run.error = err instanceof KqlError ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
      } finally {
        conn.closeSync();
      }
      run.durationMs = Date.now() - started;
      await this.rules.recordRun(run);
      if (run.alerts !== null) await this.rules.setWindowTo(rule.id, run.windowTo);
      return { run, alerts };
    });
  }

  /** What the rule would raise over `window`, without raising it; recorded as a dry run. */
  async dryRun(rule: Rule, window: Window, maxRows = 1000): Promise<DryRun> {
    return this.exclusive(rule.id, async () => {
      const conn = await this.store.queryConnection();
      const started = Date.now();
      try {
        const result = await runRuleQuery(conn, rule, window, this.limits);
        const fresh: Candidate[] = await this.alerts.wouldRaise(rule, result.candidates);
        if (!rule.id.startsWith('draft:')) {
          await this.rules.recordRun({ runId: `pn${randomBytes(8).toString('hex')}`, ruleId: rule.id, kind: 'dry', startedAt: new Date(started).toISOString(),
            durationMs: Date.now() - started, windowFrom: window.from.toISOString(), windowTo: window.to.toISOString(), rows: result.rows.length, alerts: 0, error: null });
        }
        return {
          window: { from: window.from.toISOString(), to: window.to.toISOString() }, columns: result.columns, rowCount: result.rows.length,
          rows: result.rows.slice(0, maxRows), truncated: result.truncated || result.rows.length > maxRows,
          wouldRaise: fresh.map(c => ({ title: c.title, entity: c.entity, deviceId: c.deviceId, deviceName: c.deviceName, accountName: c.accountName, timestamp: c.timestamp })),
        };
      } finally {
        conn.closeSync();
      }
    });
  }
}
