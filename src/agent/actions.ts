/**
 * Response actions: an analyst asks a device's agent to run a quick or full scan, update its security
 * intelligence, or send its state now. The agent picks pending actions up on its next run, says "running", and
 * reports the outcome. Status: pending -> running -> done | failed; pending -> expired when nobody picked it up in
 * time; running -> failed when no outcome came within RUNNING_TIMEOUT_MS.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { iso } from '../accounts/time.js';
import { newId } from '../devices/secrets.js';
import type { ActionKind, ActionStatus, Outcome } from './protocol.js';

export interface ResponseAction {
  id: string; deviceId: string; deviceName: string | null; kind: ActionKind; status: ActionStatus;
  requestedBy: string; comment: string | null; requestedAt: string; updatedAt: string; expiresAt: string;
  startedAt: string | null; finishedAt: string | null; result: Record<string, unknown> | null;
}

/** What the agent is told about an action: no more than it needs to run it. */
export interface PendingAction { id: string; kind: ActionKind; requestedAt: string; expiresAt: string }

export class ActionError extends Error {
  constructor(readonly reason: 'unknown_device' | 'no_agent' | 'already_pending' | 'not_found' | 'expired' | 'finished', message: string) { super(message); }
}

export const DEFAULT_EXPIRY_MINUTES = 24 * 60;
/** A full scan asked for by an analyst may run for hours (the scheduled task stops a run after 6). */
export const RUNNING_TIMEOUT_MS = 12 * 3_600_000;

const COLUMNS = `a.id, a.device_id, d.device_name, a.kind, a.status, a.requested_by, a.comment, a.requested_at, a.updated_at,
  a.expires_at, a.started_at, a.finished_at, a.result`;
const FROM = 'app.response_actions a LEFT JOIN app.devices d ON d.device_id = a.device_id';

function toAction(r: unknown[]): ResponseAction {
  const s = (i: number) => (r[i] === null ? null : String(r[i]));
  return {
    id: String(r[0]), deviceId: String(r[1]), deviceName: s(2), kind: String(r[3]) as ActionKind, status: String(r[4]) as ActionStatus,
    requestedBy: String(r[5]), comment: s(6), requestedAt: iso(r[7])!, updatedAt: iso(r[8])!, expiresAt: iso(r[9])!,
    startedAt: iso(r[10]), finishedAt: iso(r[11]), result: r[12] === null ? null : JSON.parse(String(r[12])) as Record<string, unknown>,
  };
}

/** Marks pending actions past their expiry as expired, and running ones silent for too long as failed. */
export async function expireActions(conn: DuckDBConnection, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const expired = await conn.runAndReadAll(
    "UPDATE app.response_actions SET status = 'expired', updated_at = $1::TIMESTAMP WHERE status = 'pending' AND expires_at <= $1::TIMESTAMP RETURNING id", [at]);
  const silent = await conn.runAndReadAll(
    `UPDATE app.response_actions SET status = 'failed', updated_at = $1::TIMESTAMP, finished_at = $1::TIMESTAMP,
       result = '{"message":"The agent reported no outcome in time."}'
     WHERE status = 'running' AND updated_at <= $2::TIMESTAMP RETURNING id`, [at, new Date(now.getTime() - RUNNING_TIMEOUT_MS).toISOString()]);
  return expired.getRowsJS().length + silent.getRowsJS().length;
}

export interface ActionRequest { deviceId: string; kind: ActionKind; requestedBy: string; requestedById?: string; comment?: string; expiresInMinutes?: number }

/** Queues an action for a device that has an agent of its own (not one known only through a collector). */
export async function requestAction(conn: DuckDBConnection, req: ActionRequest, now = new Date()): Promise<ResponseAction> {
  await expireActions(conn, now);
  const device = (await conn.runAndReadAll(
    `SELECT d.device_id, h.mode FROM app.devices d LEFT JOIN app.agent_health h ON h.device_id = d.device_id
     WHERE d.device_id = $1 AND d.revoked_at IS NULL`, [req.deviceId])).getRowsJS();
  if (!device.length) throw new ActionError('unknown_device', `No enrolled device ${req.deviceId}.`);
  if (device[0][1] === 'forwarded') throw new ActionError('no_agent', 'This device reports through a Windows Event Collector and has no agent to run actions.');
  const open = (await conn.runAndReadAll(
    "SELECT id FROM app.response_actions WHERE device_id = $1 AND kind = $2 AND status IN ('pending', 'running')", [req.deviceId, req.kind])).getRowsJS();
  if (open.length) throw new ActionError('already_pending', `A ${req.kind} action (${String(open[0][0])}) is already pending or running on this device.`);
  const id = newId();
  const at = now.toISOString();
  const expires = new Date(now.getTime() + (req.expiresInMinutes ?? DEFAULT_EXPIRY_MINUTES) * 60_000).toISOString();
  await conn.run(
    `INSERT INTO app.response_actions (id, device_id, kind, requested_by, requested_by_id, comment, requested_at, status, updated_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP, 'pending', $7::TIMESTAMP, $8::TIMESTAMP)`,
    [id, req.deviceId, req.kind, req.requestedBy, req.requestedById ?? null, req.comment ?? null, at, expires]);
  return (await getAction(conn, id))!;
}

export async function getAction(conn: DuckDBConnection, id: string): Promise<ResponseAction | null> {
  const rows = (await conn.runAndReadAll(`SELECT ${COLUMNS} FROM ${FROM} WHERE a.id = $1`, [id])).getRowsJS();
  return rows.length ? toAction(rows[0]) : null;
}

export interface ActionQuery { deviceId?: string; status?: ActionStatus; kind?: ActionKind; limit?: number }

/** Newest first. */
export async function listActions(conn: DuckDBConnection, q: ActionQuery = {}): Promise<ResponseAction[]> {
  const where: string[] = [];
  const params: string[] = [];
  for (const [column, value] of [['a.device_id', q.deviceId], ['a.status', q.status], ['a.kind', q.kind]] as const) {
    if (value === undefined) continue;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  }
  const limit = Math.min(Math.max(1, q.limit ?? 100), 1000);
  const rows = (await conn.runAndReadAll(
    `SELECT ${COLUMNS} FROM ${FROM} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY a.requested_at DESC, a.id LIMIT ${limit}`, params)).getRowsJS();
  return rows.map(toAction);
}

/** The actions a device should run now, oldest first. Read only: agents ask often, and expiry can wait for a view. */
export async function pendingActions(conn: DuckDBConnection, deviceId: string, now = new Date()): Promise<PendingAction[]> {
  const rows = (await conn.runAndReadAll(
    `SELECT id, kind, requested_at, expires_at FROM app.response_actions
     WHERE device_id = $1 AND status = 'pending' AND expires_at > $2::TIMESTAMP ORDER BY requested_at, id`, [deviceId, now.toISOString()])).getRowsJS();
  return rows.map(r => ({ id: String(r[0]), kind: String(r[1]) as ActionKind, requestedAt: iso(r[2])!, expiresAt: iso(r[3])! }));
}

/**
 * Records what a device says about one of its own actions. Another device's action is "not found", so a device
 * learns nothing about others. A repeated report (a retried request) changes nothing and is not an error.
 */
export async function recordOutcome(conn: DuckDBConnection, deviceId: string, id: string, outcome: Outcome, now = new Date()): Promise<{ action: ResponseAction; changed: boolean }> {
  await expireActions(conn, now);
  const action = await getAction(conn, id);
  if (!action || action.deviceId !== deviceId) throw new ActionError('not_found', `No action ${id} for this device.`);
  if (action.status === outcome.status) return { action, changed: false };
  if (action.status === 'expired') throw new ActionError('expired', `Action ${id} expired at ${action.expiresAt} before the device picked it up; do not run it.`);
  if (action.status === 'done' || action.status === 'failed') {
    throw new ActionError('finished', `Action ${id} is already ${action.status}.`);
  }
  const at = now.toISOString();
  const final = outcome.status !== 'running';
  await conn.run(
    `UPDATE app.response_actions SET status = $2, updated_at = $3::TIMESTAMP,
       started_at = coalesce(started_at, $3::TIMESTAMP), finished_at = CASE WHEN $4 THEN $3::TIMESTAMP ELSE NULL END,
       result = coalesce($5, result) WHERE id = $1`,
    [id, outcome.status, at, final, outcome.result ? JSON.stringify(outcome.result) : null]);
  return { action: (await getAction(conn, id))!, changed: true };
}
