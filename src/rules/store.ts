/** Rules and their runs in the application schema. Built-in rules are re-read from their files at every start. */
import { randomBytes } from 'node:crypto';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Mutex } from '../server/overload.js';
import { readRows } from '../alerts/sql.js';
import type { Rule, RuleDefinition } from './model.js';

export interface RunRecord {
  runId: string;
  ruleId: string;
  /** scheduled, continuous, or dry (run now / preview, which raise nothing). */
  kind: 'scheduled' | 'continuous' | 'dry';
  startedAt: string;
  durationMs: number | null;
  windowFrom: string;
  windowTo: string;
  rows: number | null;
  alerts: number | null;
  error: string | null;
}

export class RuleStore {
  constructor(private readonly conn: DuckDBConnection, private readonly read: DuckDBConnection, private readonly writes: Mutex) {}

  async list(): Promise<(Rule & { windowTo: string | null })[]> {
    return (await readRows(this.read, 'SELECT * FROM app.rules ORDER BY builtin DESC, name, id')).map(toRule);
  }

  async get(id: string): Promise<(Rule & { windowTo: string | null }) | null> {
    const rows = await readRows(this.read, 'SELECT * FROM app.rules WHERE id = $1', [id]);
    return rows.length ? toRule(rows[0]) : null;
  }

  async create(def: RuleDefinition, extra: { id?: string; builtin?: boolean; copiedFrom?: string | null } = {}, now = new Date()): Promise<Rule> {
    const rule: Rule = { ...def, id: extra.id ?? `pr${randomBytes(8).toString('hex')}`, builtin: extra.builtin ?? false, copiedFrom: extra.copiedFrom ?? null, createdAt: now.toISOString(), updatedAt: now.toISOString() };
    await this.writes.run(() => this.conn.run('INSERT INTO app.rules VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)',
      [rule.id, rule.name, JSON.stringify(rule), rule.enabled, rule.builtin, rule.createdAt, rule.updatedAt]));
    return rule;
  }

  async update(rule: Rule, now = new Date()): Promise<Rule> {
    const next = { ...rule, updatedAt: now.toISOString() };
    await this.writes.run(() => this.conn.run('UPDATE app.rules SET name = $2, definition = $3, enabled = $4, updated_at = $5 WHERE id = $1',
      [next.id, next.name, JSON.stringify(next), next.enabled, next.updatedAt]));
    return next;
  }

  async remove(id: string): Promise<boolean> {
    return this.writes.run(async () => {
      const r = await this.conn.runAndReadAll('DELETE FROM app.rules WHERE id = $1 RETURNING id', [id]);
      return r.getRowsJS().length > 0;
    });
  }

  /** Built-in rules as the files say, keeping each one's enabled flag and schedule state across restarts. */
  async syncBuiltins(rules: Rule[]): Promise<void> {
    const existing = new Map((await this.list()).filter(r => r.builtin).map(r => [r.id, r]));
    for (const file of rules) {
      const have = existing.get(file.id);
      if (!have) await this.create(file, { id: file.id, builtin: true }, new Date(file.createdAt));
      else if (definitionOf(have) !== definitionOf(file)) await this.update({ ...file, enabled: have.enabled, createdAt: have.createdAt });
    }
  }

  /** Records the end of the window a scheduled run covered: the next run starts from there. */
  async setWindowTo(id: string, windowTo: string): Promise<void> {
    await this.writes.run(() => this.conn.run('UPDATE app.rules SET window_to = $2 WHERE id = $1', [id, windowTo]));
  }

  async recordRun(run: RunRecord): Promise<void> {
    await this.writes.run(() => this.conn.run('INSERT OR REPLACE INTO app.rule_runs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
      [run.runId, run.ruleId, run.kind, run.startedAt, run.durationMs, run.windowFrom, run.windowTo, run.rows, run.alerts, run.error]));
  }

  async runs(ruleId: string, limit = 50, offset = 0): Promise<{ runs: RunRecord[]; total: number }> {
    const total = Number((await readRows(this.read, 'SELECT count(*) AS n FROM app.rule_runs WHERE rule_id = $1', [ruleId]))[0].n);
    const rows = await readRows(this.read, `SELECT * FROM app.rule_runs WHERE rule_id = $1 ORDER BY started_at DESC LIMIT ${limit} OFFSET ${offset}`, [ruleId]);
    return { total, runs: rows.map(toRun) };
  }

  /**
   * For the rule list, in two queries whatever the number of rules: each rule's last run that was not a dry run
   * (previews raise nothing, so they are not the rule's status), and its open and total alerts.
   */
  async listStats(): Promise<Map<string, { lastRun: RunRecord | null; alertCounts: { open: number; total: number } }>> {
    const stats = new Map<string, { lastRun: RunRecord | null; alertCounts: { open: number; total: number } }>();
    const entry = (id: string) => stats.get(id) ?? stats.set(id, { lastRun: null, alertCounts: { open: 0, total: 0 } }).get(id)!;
    for (const r of await readRows(this.read, `SELECT * FROM app.rule_runs WHERE kind <> 'dry'
        QUALIFY row_number() OVER (PARTITION BY rule_id ORDER BY started_at DESC, run_id DESC) = 1`)) entry(String(r.rule_id)).lastRun = toRun(r);
    for (const r of await readRows(this.read, `SELECT rule_id, count(*) FILTER (WHERE status <> 'resolved') AS open, count(*) AS total
        FROM app.alerts GROUP BY rule_id`)) entry(String(r.rule_id)).alertCounts = { open: Number(r.open), total: Number(r.total) };
    return stats;
  }
}

function toRun(r: Record<string, unknown>): RunRecord {
  return {
    runId: String(r.run_id), ruleId: String(r.rule_id), kind: r.kind as RunRecord['kind'], startedAt: String(r.started_at),
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms), windowFrom: String(r.window_from), windowTo: String(r.window_to),
    rows: r.row_count === null ? null : Number(r.row_count), alerts: r.alert_count === null ? null : Number(r.alert_count), error: (r.error as string | null) ?? null,
  };
}



function toRule(r: Record<string, unknown>): Rule & { windowTo: string | null } {
  const rule = JSON.parse(String(r.definition)) as Rule;
  return { ...rule, enabled: Boolean(r.enabled), windowTo: (r.window_to as string | null) ?? null };
}

/** What a rule says, without its state (enabled, times), to tell whether a file changed. */
function definitionOf(r: Rule): string {
  const { enabled: _e, createdAt: _c, updatedAt: _u, ...rest } = r as Rule & { windowTo?: unknown };
  delete (rest as { windowTo?: unknown }).windowTo;
  return JSON.stringify(rest, Object.keys(rest).sort());
}
