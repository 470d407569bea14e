/**
 * Agent health: what each device's agent last said about itself (version, mode, errors of its run, cmdlets and
 * status fields its Defender platform lacks, failed sends) and every gap in its event log it reported. Written
 * from the `agent` section of ingest batches; read by the console's device pages (agentHealth, listAgentHealth).
 */
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { Rejection } from '../ingest/model.js';
import { iso } from '../accounts/time.js';
import type { AgentError, AgentReport, Gap } from './protocol.js';

export interface AgentHealth {
  deviceId: string;
  agentVersion: string | null;
  mode: AgentReport['mode'];
  collector: string | null;
  psVersion: string | null;
  lastRunAt: string | null;
  receivedAt: string;
  errors: AgentError[];
  missing: string[];
  sendFailures: number | null;
  lastSendError: string | null;
  /** Every gap reported, oldest first, and how many records they add up to. */
  gaps: (Gap & { receivedAt: string })[];
  missingRecords: number;
}

const MAX_ERRORS = 50;
const MAX_MISSING = 200;
const MAX_GAPS = 1000;
const MODES = new Set(['agent', 'collector', 'forwarded']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);
const time = (v: unknown): string | null => {
  if (typeof v !== 'string' || v.length > 40) return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
};

/** Reads an agent section; what cannot be used is listed (field named), never thrown. */
export function readAgentSection(section: unknown): { report: AgentReport; rejections: Rejection[] } {
  const rejections: Rejection[] = [];
  const reject = (field: string, reason: string, index = 0) => rejections.push({ index, field, reason });
  const report: AgentReport = { version: null, mode: null, collector: null, psVersion: null, runAt: null, errors: [], missing: [], gaps: [], sendFailures: null, lastSendError: null };
  if (!isObject(section)) { reject('agent', 'must be an object'); return { report, rejections }; }
  const text = (name: string, max: number): string | null => {
    const v = section[name];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') { reject(name, 'must be text'); return null; }
    return clip(v, max);
  };
  report.version = text('version', 50);
  const mode = text('mode', 20);
  if (mode !== null && !MODES.has(mode)) reject('mode', 'must be agent, collector or forwarded');
  else report.mode = mode as AgentReport['mode'];
  report.collector = text('collector', 255);
  report.psVersion = text('psVersion', 50);
  report.runAt = time(section.runAt);
  if (section.runAt !== undefined && section.runAt !== null && report.runAt === null) reject('runAt', 'must be an ISO 8601 date and time');
  report.lastSendError = text('lastSendError', 2000);
  const failures = section.sendFailures;
  if (Number.isInteger(failures) && (failures as number) >= 0) report.sendFailures = failures as number;
  else if (failures !== undefined && failures !== null) reject('sendFailures', 'must be a whole number, 0 or more');

  const list = (name: string, max: number): unknown[] => {
    const v = section[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) { reject(name, 'must be an array'); return []; }
    if (v.length > max) reject(name, `more than ${max} items; the rest were not read`);
    return v.slice(0, max);
  };
  list('errors', MAX_ERRORS).forEach((e, i) => {
    if (!isObject(e) || typeof e.message !== 'string') { reject(`errors[${i}]`, 'must be { at, step, message } with message text', i); return; }
    report.errors.push({ at: time(e.at), step: typeof e.step === 'string' ? clip(e.step, 100) : '', message: clip(e.message, 2000) });
  });
  list('missing', MAX_MISSING).forEach((m, i) => {
    if (typeof m === 'string' && m.length > 0) report.missing.push(clip(m, 200));
    else reject(`missing[${i}]`, 'must be the name of a cmdlet, field or log', i);
  });
  list('gaps', MAX_GAPS).forEach((g, i) => {
    const ok = isObject(g) && typeof g.channel === 'string' && g.channel.length > 0 && g.channel.length <= 255
      && Number.isSafeInteger(g.firstMissing) && Number.isSafeInteger(g.lastMissing)
      && (g.firstMissing as number) >= 1 && (g.lastMissing as number) >= (g.firstMissing as number);
    if (!ok) { reject(`gaps[${i}]`, 'must be { channel, firstMissing, lastMissing } with 1 <= firstMissing <= lastMissing', i); return; }
    report.gaps.push({ channel: g.channel as string, firstMissing: g.firstMissing as number, lastMissing: g.lastMissing as number, detectedAt: time(g.detectedAt) });
  });
  return { report, rejections };
}

/**
 * Stores an agent section for a device: the health row is replaced unless a newer run is already stored (a
 * spooled batch may arrive after a later one), and each gap is added once. Run it inside the write mutex.
 */
export async function recordAgentReport(conn: DuckDBConnection, deviceId: string, section: unknown, receivedAt = new Date()): Promise<Rejection[]> {
  const { report, rejections } = readAgentSection(section);
  const received = receivedAt.toISOString();
  await conn.run('BEGIN TRANSACTION');
  try {
    await conn.run(
      `INSERT INTO app.agent_health AS h (device_id, agent_version, mode, collector, ps_version, last_run_at, received_at, errors, missing, send_failures, last_send_error)
       VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP, $7::TIMESTAMP, $8, $9, $10, $11)
       ON CONFLICT (device_id) DO UPDATE SET agent_version = excluded.agent_version, mode = excluded.mode, collector = excluded.collector,
         ps_version = excluded.ps_version, last_run_at = excluded.last_run_at, received_at = excluded.received_at, errors = excluded.errors,
         missing = excluded.missing, send_failures = excluded.send_failures, last_send_error = excluded.last_send_error
       WHERE h.last_run_at IS NULL OR excluded.last_run_at IS NULL OR excluded.last_run_at >= h.last_run_at`,
      [deviceId, report.version, report.mode, report.collector, report.psVersion, report.runAt, received,
        JSON.stringify(report.errors), JSON.stringify(report.missing), report.sendFailures, report.lastSendError]);
    for (const g of report.gaps) {
      await conn.run(
        `INSERT INTO app.agent_gaps (device_id, channel, first_missing, last_missing, detected_at, received_at)
         VALUES ($1, $2, $3, $4, $5::TIMESTAMP, $6::TIMESTAMP) ON CONFLICT DO NOTHING`,
        [deviceId, g.channel, g.firstMissing, g.lastMissing, g.detectedAt, received]);
    }
    await conn.run('COMMIT');
  } catch (err) {
    await conn.run('ROLLBACK');
    throw err;
  }
  return rejections;
}

/** Health of the given devices (all when none are named), by device id. */
export async function listAgentHealth(conn: DuckDBConnection, deviceIds?: readonly string[]): Promise<Map<string, AgentHealth>> {
  const filter = deviceIds ? 'WHERE device_id IN (SELECT unnest($1::VARCHAR[]))' : '';
  const params = deviceIds ? [listValue([...deviceIds])] : [];
  const out = new Map<string, AgentHealth>();
  const rows = (await conn.runAndReadAll(
    `SELECT device_id, agent_version, mode, collector, ps_version, last_run_at, received_at, errors, missing, send_failures, last_send_error
     FROM app.agent_health ${filter}`, params)).getRowsJS();
  for (const r of rows) {
    const s = (i: number) => (r[i] === null ? null : String(r[i]));
    out.set(String(r[0]), {
      deviceId: String(r[0]), agentVersion: s(1), mode: s(2) as AgentReport['mode'], collector: s(3), psVersion: s(4),
      lastRunAt: iso(r[5]), receivedAt: iso(r[6])!, errors: JSON.parse(String(r[7])) as AgentError[], missing: JSON.parse(String(r[8])) as string[],
      sendFailures: r[9] === null ? null : Number(r[9]), lastSendError: s(10), gaps: [], missingRecords: 0,
    });
  }
  const gaps = (await conn.runAndReadAll(
    `SELECT device_id, channel, first_missing, last_missing, detected_at, received_at FROM app.agent_gaps ${filter} ORDER BY device_id, received_at, first_missing`,
    params)).getRowsJS();
  for (const g of gaps) {
    const h = out.get(String(g[0]));
    if (!h) continue;
    const gap = { channel: String(g[1]), firstMissing: Number(g[2]), lastMissing: Number(g[3]), detectedAt: iso(g[4]), receivedAt: iso(g[5])! };
    h.gaps.push(gap);
    h.missingRecords += gap.lastMissing - gap.firstMissing + 1;
  }
  return out;
}

export async function agentHealth(conn: DuckDBConnection, deviceId: string): Promise<AgentHealth | null> {
  return (await listAgentHealth(conn, [deviceId])).get(deviceId) ?? null;
}
