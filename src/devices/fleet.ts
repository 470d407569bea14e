/**
 * The fleet as the console shows it: each device's antivirus state from its latest Get-MpComputerStatus report,
 * the summary the dashboard draws, and one device's history, events, detections and software. Read-only SQL over
 * the hunting tables and app.devices; hunting-table times are 100 ns ticks since 1970 (see src/kql/README).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { huntingTables } from '../kql/analyzer/schema.js';

export type Mode = 'Active' | 'Passive' | 'EDR Block' | 'Not running' | 'Not reporting';
export const MODE_KEYS = { active: 'Active', passive: 'Passive', edrBlock: 'EDR Block', notRunning: 'Not running', notReporting: 'Not reporting' } as const;
export type ModeKey = keyof typeof MODE_KEYS;

/** Signature age buckets in days, [min, max). */
export const SIGNATURE_BUCKETS = [
  { bucket: '0-1', label: '< 1 day', min: 0, max: 1 },
  { bucket: '1-3', label: '1-3 days', min: 1, max: 3 },
  { bucket: '3-7', label: '3-7 days', min: 3, max: 7 },
  { bucket: '7-30', label: '7-30 days', min: 7, max: 30 },
  { bucket: '30+', label: '30 days or more', min: 30, max: Infinity },
] as const;
export type SignatureBucket = (typeof SIGNATURE_BUCKETS)[number]['bucket'];

export interface DeviceRow {
  deviceId: string; deviceName: string; osPlatform: string | null; osVersion: string | null;
  mode: Mode; amRunningMode: string | null; realTimeProtection: boolean | null; tamperProtection: boolean | null;
  engineVersion: string | null; platformVersion: string | null; signatureVersion: string | null; signatureAgeDays: number | null;
  lastReportAt: string | null; lastSeen: string | null; enrolledAt: string; agentVersion: string | null; openAlerts: number; revoked: boolean;
}

export interface DeviceFilter {
  mode?: ModeKey; rtp?: 'on' | 'off' | 'unknown'; tamper?: 'on' | 'off' | 'unknown'; sigAge?: SignatureBucket; threat?: string; search?: string;
}

export interface FleetOptions {
  /** A device whose last status report is older than this is "Not reporting" (default 24 h). */
  silentAfterMs?: number;
  now?: () => Date;
}

const TICKS_PER_MS = 10_000n;
const DAY_MS = 86_400_000;

export function ticksToIso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const ms = Number(BigInt(v as bigint) / TICKS_PER_MS);
  return new Date(ms).toISOString();
}

function isoToTicks(d: Date): bigint { return BigInt(d.getTime()) * TICKS_PER_MS; }

/** Where a timeline page ends: the last event's time (ticks) and ReportId (-1 when it has none). */
export interface TimelineCursor { ticks: bigint; reportId: bigint }
export const TIMELINE_CURSOR = '^[0-9]{1,19}_-?[0-9]{1,19}$';
const CURSOR = new RegExp(TIMELINE_CURSOR);
export function parseTimelineCursor(s: string): TimelineCursor | null {
  if (!CURSOR.test(s)) return null;
  const [ticks, reportId] = s.split('_').map(BigInt);
  const max = 2n ** 63n - 1n;
  return ticks <= max && reportId <= max && reportId >= -max ? { ticks, reportId } : null;
}
const reportIdText = (v: unknown) => v === null || v === undefined ? '-1' : String(v);

/** AMRunningMode as Windows spells it (any case and spacing) to the console's mode. */
export function modeOf(amRunningMode: string | null): Exclude<Mode, 'Not reporting'> | null {
  if (!amRunningMode) return null;
  const m = amRunningMode.toLowerCase().replace(/\s+/g, ' ').trim();
  if (m === 'normal') return 'Active';
  if (m.includes('passive')) return 'Passive';
  if (m.includes('edr block')) return 'EDR Block';
  if (m.includes('not running')) return 'Not running';
  return null;
}

function str(v: unknown): string | null { return v === null || v === undefined ? null : String(v); }
function bool(v: unknown): boolean | null { return v === null || v === undefined ? null : Boolean(v); }

async function rows(conn: DuckDBConnection, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const reader = await conn.runAndReadAll(sql, params as never);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

export class Fleet {
  private readonly silentAfterMs: number;
  private readonly now: () => Date;

  constructor(private readonly conn: DuckDBConnection, options: FleetOptions = {}) {
    this.silentAfterMs = options.silentAfterMs ?? DAY_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** Every enrolled device with its current state. */
  async devices(filter: DeviceFilter = {}): Promise<DeviceRow[]> {
    const threatDevices = filter.threat ? new Set(await this.devicesWithThreat(filter.threat)) : null;
    const list = (await rows(this.conn, `
      WITH status AS (
        SELECT DeviceId, Timestamp, AMRunningMode, RealTimeProtectionEnabled, IsTamperProtected, AMEngineVersion, AMProductVersion,
               AntivirusSignatureVersion, AntivirusSignatureAge, AntivirusSignatureLastUpdated
        FROM "MpComputerStatus" QUALIFY row_number() OVER (PARTITION BY DeviceId ORDER BY Timestamp DESC) = 1),
      info AS (
        SELECT DeviceId, OSPlatform, OSVersion FROM "DeviceInfo" QUALIFY row_number() OVER (PARTITION BY DeviceId ORDER BY Timestamp DESC) = 1),
      alerts AS (SELECT device_id, count(*) AS n FROM app.alerts WHERE status <> 'resolved' GROUP BY device_id)
      SELECT d.device_id, d.device_name, d.enrolled_at, d.last_seen, d.agent_version, d.os_platform, d.revoked_at,
             s.*, i.OSPlatform, i.OSVersion, coalesce(a.n, 0) AS open_alerts
      FROM app.devices d
      LEFT JOIN status s ON s.DeviceId = d.device_id
      LEFT JOIN info i ON i.DeviceId = d.device_id
      LEFT JOIN alerts a ON a.device_id = d.device_id
      ORDER BY d.device_name`)).map(r => this.toRow(r));
    return list.filter(d => matches(d, filter) && (!threatDevices || threatDevices.has(d.deviceId)));
  }

  async device(id: string): Promise<DeviceRow | null> {
    return (await this.devices()).find(d => d.deviceId === id) ?? null;
  }

  private toRow(r: Record<string, unknown>): DeviceRow {
    const now = this.now().getTime();
    const lastReportAt = ticksToIso(r.Timestamp);
    const silent = !lastReportAt || now - Date.parse(lastReportAt) > this.silentAfterMs;
    const updated = ticksToIso(r.AntivirusSignatureLastUpdated);
    const age = updated ? Math.max(0, (now - Date.parse(updated)) / DAY_MS)
      : r.AntivirusSignatureAge === null || r.AntivirusSignatureAge === undefined ? null : Number(r.AntivirusSignatureAge);
    const mode = silent ? 'Not reporting' : modeOf(str(r.AMRunningMode)) ?? 'Not running';
    return {
      deviceId: String(r.device_id), deviceName: String(r.device_name),
      osPlatform: str(r.OSPlatform) ?? str(r.os_platform), osVersion: str(r.OSVersion),
      mode, amRunningMode: str(r.AMRunningMode),
      realTimeProtection: bool(r.RealTimeProtectionEnabled), tamperProtection: bool(r.IsTamperProtected),
      engineVersion: str(r.AMEngineVersion), platformVersion: str(r.AMProductVersion), signatureVersion: str(r.AntivirusSignatureVersion),
      signatureAgeDays: age === null ? null : Math.round(age * 10) / 10,
      lastReportAt, lastSeen: r.last_seen ? new Date(String(r.last_seen) + 'Z').toISOString() : null,
      enrolledAt: new Date(String(r.enrolled_at) + 'Z').toISOString(), agentVersion: str(r.agent_version),
      openAlerts: Number(r.open_alerts ?? 0), revoked: r.revoked_at !== null && r.revoked_at !== undefined,
    };
  }

  private async devicesWithThreat(threat: string): Promise<string[]> {
    const since = isoToTicks(new Date(this.now().getTime() - 30 * DAY_MS));
    return (await rows(this.conn, `SELECT DISTINCT DeviceId FROM "DeviceEvents" WHERE ActionType = 'AntivirusDetection'
      AND Timestamp >= $1 AND json_extract_string(AdditionalFields, '$.ThreatName') = $2`, [since, threat])).map(r => String(r.DeviceId));
  }

  /** What the dashboard draws; every count matches a filter of devices() or of the alert and incident lists. */
  async summary() {
    const devices = await this.devices();
    const count = (pred: (d: DeviceRow) => boolean) => devices.filter(pred).length;
    const reporting = devices.filter(d => d.mode !== 'Not reporting');
    const tri = (pick: (d: DeviceRow) => boolean | null) => ({
      on: reporting.filter(d => pick(d) === true).length, off: reporting.filter(d => pick(d) === false).length,
      unknown: devices.length - reporting.filter(d => pick(d) !== null).length,
    });
    const now = this.now();
    const since = isoToTicks(new Date(now.getTime() - 30 * DAY_MS));
    const detectionDays = await rows(this.conn, `SELECT strftime(make_timestamp((Timestamp // 10) :: BIGINT), '%Y-%m-%d') AS day, count(*) AS n
      FROM "DeviceEvents" WHERE ActionType = 'AntivirusDetection' AND Timestamp >= $1 GROUP BY day ORDER BY day`, [since]);
    const byDay = new Map(detectionDays.map(r => [String(r.day), Number(r.n)]));
    const days: { day: string; count: number }[] = [];
    for (let i = 29; i >= 0; i--) {
      const day = new Date(now.getTime() - i * DAY_MS).toISOString().slice(0, 10);
      days.push({ day, count: byDay.get(day) ?? 0 });
    }
    const topThreats = (await rows(this.conn, `SELECT json_extract_string(AdditionalFields, '$.ThreatName') AS threat, count(*) AS n, count(DISTINCT DeviceId) AS devices
      FROM "DeviceEvents" WHERE ActionType = 'AntivirusDetection' AND Timestamp >= $1 GROUP BY threat HAVING threat IS NOT NULL
      ORDER BY n DESC, threat LIMIT 10`, [since])).map(r => ({ threat: String(r.threat), detections: Number(r.n), devices: Number(r.devices) }));
    const topDevices = (await rows(this.conn, `SELECT e.DeviceId, d.device_name, count(*) AS n FROM "DeviceEvents" e
      JOIN app.devices d ON d.device_id = e.DeviceId
      WHERE e.ActionType = 'AntivirusDetection' AND e.Timestamp >= $1 GROUP BY e.DeviceId, d.device_name ORDER BY n DESC, d.device_name LIMIT 10`, [since]))
      .map(r => ({ deviceId: String(r.DeviceId), deviceName: String(r.device_name), detections: Number(r.n) }));
    const incidents = await rows(this.conn, `SELECT severity, count(*) AS n FROM app.incidents WHERE status <> 'resolved' GROUP BY severity`);
    // keyed for display (High); the incident list filters by the API's lower-case value (severity=high)
    const openBySeverity: Record<string, number> = { High: 0, Medium: 0, Low: 0, Informational: 0 };
    for (const r of incidents) { const s = String(r.severity); openBySeverity[s.charAt(0).toUpperCase() + s.slice(1)] = Number(r.n); }
    const openAlerts = Number((await rows(this.conn, `SELECT count(*) AS n FROM app.alerts WHERE status <> 'resolved'`))[0].n);
    return {
      generatedAt: now.toISOString(),
      devices: devices.length,
      modes: Object.fromEntries(Object.entries(MODE_KEYS).map(([k, m]) => [k, count(d => d.mode === m)])) as Record<ModeKey, number>,
      realTimeProtection: tri(d => d.realTimeProtection),
      tamperProtection: tri(d => d.tamperProtection),
      signatureAge: SIGNATURE_BUCKETS.map(b => ({ bucket: b.bucket, label: b.label, count: count(d => inBucket(d, b.bucket)) })),
      detections: { total: days.reduce((n, d) => n + d.count, 0), days },
      topThreats, topDevices,
      incidents: { open: Object.values(openBySeverity).reduce((a, b) => a + b, 0), openBySeverity },
      alerts: { open: openAlerts },
    };
  }

  /** The device's state over time: one entry per report that changed something an analyst watches. */
  async history(id: string, days = 30) {
    const since = isoToTicks(new Date(this.now().getTime() - days * DAY_MS));
    const list = await rows(this.conn, `SELECT Timestamp, AMRunningMode, RealTimeProtectionEnabled, IsTamperProtected, AntivirusSignatureVersion,
      AntivirusSignatureAge, AMEngineVersion, AMProductVersion FROM "MpComputerStatus" WHERE DeviceId = $1 AND Timestamp >= $2 ORDER BY Timestamp`, [id, since]);
    const out: Record<string, unknown>[] = [];
    let last = '';
    for (const r of list) {
      const entry = {
        timestamp: ticksToIso(r.Timestamp), mode: modeOf(str(r.AMRunningMode)) ?? 'Not running', amRunningMode: str(r.AMRunningMode),
        realTimeProtection: bool(r.RealTimeProtectionEnabled), tamperProtection: bool(r.IsTamperProtected),
        signatureVersion: str(r.AntivirusSignatureVersion), signatureAgeDays: r.AntivirusSignatureAge === null ? null : Number(r.AntivirusSignatureAge),
        engineVersion: str(r.AMEngineVersion), platformVersion: str(r.AMProductVersion),
      };
      const key = JSON.stringify([entry.mode, entry.realTimeProtection, entry.tamperProtection, entry.signatureVersion, entry.engineVersion, entry.platformVersion]);
      if (key !== last) out.push(entry);
      last = key;
    }
    return out;
  }

  /** The latest full status report and DeviceInfo row, as objects of their columns. */
  async latest(id: string): Promise<{ status: Record<string, unknown> | null; info: Record<string, unknown> | null }> {
    const status = (await rows(this.conn, `SELECT * FROM "MpComputerStatus" WHERE DeviceId = $1 ORDER BY Timestamp DESC LIMIT 1`, [id]))[0] ?? null;
    const info = (await rows(this.conn, `SELECT * FROM "DeviceInfo" WHERE DeviceId = $1 ORDER BY Timestamp DESC LIMIT 1`, [id]))[0] ?? null;
    return { status: status && plain('MpComputerStatus', status), info: info && plain('DeviceInfo', info) };
  }

  async software(id: string) {
    return (await rows(this.conn, `SELECT SoftwareName, SoftwareVendor, SoftwareVersion FROM "DeviceTvmSoftwareInventory" WHERE DeviceId = $1
      ORDER BY lower(SoftwareName), SoftwareVersion`, [id])).map(r => ({ name: str(r.SoftwareName), vendor: str(r.SoftwareVendor), version: str(r.SoftwareVersion) }));
  }

  /**
   * A device's events, newest first. Pages follow `cursor` (the `next` of the previous page: time in ticks and
   * ReportId, so events sharing a time are neither repeated nor skipped); `before` bounds the first page by time.
   */
  async timeline(id: string, limit: number, page: { before?: Date; cursor?: TimelineCursor } = {}) {
    const order = 'coalesce(ReportId, -1)';
    const [where, params] = page.cursor
      ? [`AND (Timestamp < $3 OR (Timestamp = $3 AND ${order} < $4))`, [id, limit, page.cursor.ticks, page.cursor.reportId]]
      : page.before ? ['AND Timestamp < $3', [id, limit, isoToTicks(page.before)]] : ['', [id, limit]];
    const found = await rows(this.conn, `SELECT Timestamp, ActionType, FileName, FolderPath, SHA1, InitiatingProcessFileName, AdditionalFields, ReportId
      FROM "DeviceEvents" WHERE DeviceId = $1 ${where} ORDER BY Timestamp DESC, ${order} DESC LIMIT $2`, params);
    const last = found.at(-1);
    return {
      events: found.map(r => ({
        timestamp: ticksToIso(r.Timestamp), actionType: str(r.ActionType), fileName: str(r.FileName), folderPath: str(r.FolderPath), sha1: str(r.SHA1),
        initiatingProcess: str(r.InitiatingProcessFileName), additionalFields: parseJson(r.AdditionalFields), reportId: r.ReportId === null ? null : Number(r.ReportId),
      })),
      next: found.length === limit && last ? `${String(last.Timestamp)}_${reportIdText(last.ReportId)}` : null,
    };
  }

  async detections(id: string, limit = 500) {
    return (await rows(this.conn, `SELECT Timestamp, FileName, FolderPath, AdditionalFields FROM "DeviceEvents"
      WHERE DeviceId = $1 AND ActionType = 'AntivirusDetection' ORDER BY Timestamp DESC LIMIT $2`, [id, limit])).map(r => {
      const f = (parseJson(r.AdditionalFields) ?? {}) as Record<string, unknown>;
      return {
        timestamp: ticksToIso(r.Timestamp), threatName: str(f.ThreatName), severity: str(f.Severity), action: str(f.Action),
        wasRemediated: f.WasRemediated === undefined ? null : Boolean(f.WasRemediated), fileName: str(r.FileName), folderPath: str(r.FolderPath),
      };
    });
  }
}

export function inBucket(d: DeviceRow, bucket: SignatureBucket): boolean {
  const b = SIGNATURE_BUCKETS.find(x => x.bucket === bucket)!;
  return d.mode !== 'Not reporting' && d.signatureAgeDays !== null && d.signatureAgeDays >= b.min && d.signatureAgeDays < b.max;
}

function matches(d: DeviceRow, f: DeviceFilter): boolean {
  if (f.mode && d.mode !== MODE_KEYS[f.mode]) return false;
  const tri = (v: boolean | null, want: 'on' | 'off' | 'unknown') => want === 'unknown' ? v === null || d.mode === 'Not reporting' : d.mode !== 'Not reporting' && v === (want === 'on');
  if (f.rtp && !tri(d.realTimeProtection, f.rtp)) return false;
  if (f.tamper && !tri(d.tamperProtection, f.tamper)) return false;
  if (f.sigAge && !inBucket(d, f.sigAge)) return false;
  if (f.search) {
    const s = f.search.toLowerCase();
    if (![d.deviceName, d.deviceId, d.osPlatform, d.osVersion, d.signatureVersion, d.platformVersion].some(v => v?.toLowerCase().includes(s))) return false;
  }
  return true;
}

function parseJson(v: unknown): unknown {
  if (v === null || v === undefined || v === '') return null;
  try { return JSON.parse(String(v)); } catch { return String(v); }
}

/** A hunting-table row for JSON, by the table's column types: datetimes as ISO, dynamic parsed, longs as numbers. */
function plain(table: string, r: Record<string, unknown>): Record<string, unknown> {
  const types = new Map(huntingTables().find(t => t.name === table)?.columns.map(c => [c.name, c.type]));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) {
    const type = types.get(k);
    if (type === 'datetime') out[k] = ticksToIso(v);
    else if (type === 'dynamic' || k === 'AdditionalFields') out[k] = parseJson(v);
    else out[k] = typeof v === 'bigint' ? Number(v) : v;
  }
  return out;
}
