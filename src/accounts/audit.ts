/**
 * The audit log: one row per change (who, what, when, from where, and how it ended). Rows are only ever
 * appended; the API offers no way to edit or delete them.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { iso } from './time.js';

export type ActorKind = 'user' | 'token' | 'bootstrap' | 'device' | 'anonymous' | 'cli' | 'system';

export interface AuditEntry {
  id: number; at: string; actorKind: ActorKind; actorId: string | null; actorName: string | null;
  action: string; target: string | null; outcome: 'success' | 'failure' | 'denied'; status: number | null;
  ip: string | null; details: Record<string, unknown> | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: Date };

export interface AuditQuery { since?: Date; until?: Date; actor?: string; action?: string; before?: number; limit?: number }

const DETAILS_MAX = 4000;

export class AuditLog {
  /** `conn` writes and is used only while the caller holds the write lock; queries read through `read`. */
  constructor(private readonly conn: DuckDBConnection, private readonly read: DuckDBConnection = conn) {}

  async record(e: NewAuditEntry): Promise<void> {
    let details = e.details ? JSON.stringify(e.details) : null;
    if (details && details.length > DETAILS_MAX) details = JSON.stringify({ truncated: details.slice(0, DETAILS_MAX) });
    await this.conn.run(
      `INSERT INTO app.audit_log (id, occurred_at, actor_kind, actor_id, actor_name, action, target, outcome, status, ip, details)
       VALUES (nextval('app.audit_log_id'), $1::TIMESTAMP, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [(e.at ?? new Date()).toISOString(), e.actorKind, e.actorId, e.actorName, e.action.slice(0, 200), e.target?.slice(0, 500) ?? null,
        e.outcome, e.status, e.ip, details]);
  }

  /** Newest first; `before` pages on by id. Filters are parameters, never SQL text. */
  async query(q: AuditQuery = {}): Promise<AuditEntry[]> {
    const where: string[] = [];
    const params: (string | number)[] = [];
    const add = (sql: string, ...values: (string | number)[]) => {
      let i = 0;
      where.push(sql.replace(/\?/g, () => { params.push(values[i++]); return `$${params.length}`; }));
    };
    if (q.since) add('occurred_at >= ?::TIMESTAMP', q.since.toISOString());
    if (q.until) add('occurred_at < ?::TIMESTAMP', q.until.toISOString());
    if (q.actor) add('(actor_name = ? OR actor_id = ?)', q.actor, q.actor);
    if (q.action) add("starts_with(action, ?)", q.action);
    if (q.before !== undefined) add('id < ?', q.before);
    const limit = Number.isInteger(q.limit) ? Math.min(Math.max(1, q.limit!), 1000) : 100;
    const rows = (await this.read.runAndReadAll(
      `SELECT id, occurred_at, actor_kind, actor_id, actor_name, action, target, outcome, status, ip, details FROM app.audit_log
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${limit}`, params)).getRowsJS();
    return rows.map(r => ({
      id: Number(r[0]), at: iso(r[1])!, actorKind: String(r[2]) as ActorKind, actorId: r[3] === null ? null : String(r[3]),
      actorName: r[4] === null ? null : String(r[4]), action: String(r[5]), target: r[6] === null ? null : String(r[6]),
      outcome: String(r[7]) as AuditEntry['outcome'], status: r[8] === null ? null : Number(r[8]), ip: r[9] === null ? null : String(r[9]),
      details: r[10] === null ? null : JSON.parse(String(r[10])) as Record<string, unknown>,
    }));
  }
}
