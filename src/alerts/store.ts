/**
 * Alerts and incidents in the application schema. `raise` stores a rule's new alerts exactly once (keys by rule,
 * entity and source row), groups them into incidents, mirrors them to AlertInfo / AlertEvidence through the
 * keyed Writer, then tells every AlertSink. Triage (status, classification, assignee, comments) keeps a history.
 */
import { randomBytes } from 'node:crypto';
import { listValue, type DuckDBConnection } from '@duckdb/node-api';
import type { Store } from '../store/duckdb.js';
import { Writer, type WriteItem } from '../store/writer.js';
import type { Mutex } from '../server/overload.js';
import type { Alert, AlertSink, Classification, Incident, IncidentStatus, Severity } from './model.js';
import { assignIncidents, type OpenIncident } from './incidents.js';
import { insertMany, readRows, transaction } from './sql.js';
import type { Candidate } from '../rules/runner.js';
import type { Row } from '../ingest/model.js';
import type { Rule } from '../rules/model.js';

export const DEFAULT_INCIDENT_WINDOW_MS = 24 * 3_600_000;

export interface AlertStoreOptions {
  /** Alerts on one device whose events lie within this span join one incident (default 24 h). */
  incidentWindowMs?: number;
  sinks?: AlertSink[];
  /** Reports a sink that threw (sinks must not throw; this keeps one bad sink from hiding alerts). */
  onSinkError?: (err: unknown) => void;
}

export interface Page { limit: number; offset: number }
/** `open` is every status but resolved (new and in progress), the queue an analyst works from. */
export type StatusFilter = IncidentStatus | 'open';
export interface AlertFilter { status?: StatusFilter; severity?: Severity; ruleId?: string; deviceId?: string; incidentId?: string; since?: string; until?: string }
export interface IncidentFilter {
  status?: StatusFilter; severity?: Severity; assignee?: string; deviceId?: string; classification?: string;
  /** Incidents holding an alert of this rule. */
  ruleId?: string;
  /** Incidents whose alerts' event times overlap [since, until] (ISO 8601). */
  since?: string; until?: string;
}

export interface HistoryEntry { seq: number; at: string; actor: string; kind: string; detail: Record<string, unknown> }
export interface IncidentDetail extends Incident { alerts: Alert[]; comments: { at: string; actor: string; text: string }[]; history: HistoryEntry[] }

export class NotFound extends Error {}

const newId = (prefix: string) => `${prefix}${randomBytes(10).toString('hex')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const DEFENDER_SEVERITY: Record<Severity, string> = { informational: 'Informational', low: 'Low', medium: 'Medium', high: 'High' };

export class AlertStore {
  readonly sinks: AlertSink[];
  private readonly windowMs: number;
  private readonly writer: Writer;

  private constructor(private readonly conn: DuckDBConnection, private readonly read: DuckDBConnection, private readonly writes: Mutex, private readonly options: AlertStoreOptions) {
    this.sinks = options.sinks ?? [];
    this.windowMs = options.incidentWindowMs ?? DEFAULT_INCIDENT_WINDOW_MS;
    this.writer = new Writer(conn);
  }

  /** `conn` is the store's write connection, used only inside `writes`; reads get a connection of their own. */
  static async open(store: Store, conn: DuckDBConnection, writes: Mutex, options: AlertStoreOptions = {}): Promise<AlertStore> {
    return new AlertStore(conn, await store.instance.connect(), writes, options);
  }

  close(): void { this.read.closeSync(); }

  /** Stores the candidates that are new, groups them into incidents, mirrors them to the hunting tables, tells the sinks. */
  async raise(rule: Rule, candidates: Candidate[], runId: string | null, now = new Date()): Promise<Alert[]> {
    if (!candidates.length) return [];
    const alerts = await this.writes.run(() => transaction(this.conn, async () => {
      let fresh = candidates;
      if (rule.alertPer === 'entity') {
        // one alert per entity while its last one is open
        const open = new Set((await readRows(this.conn, "SELECT DISTINCT entity FROM app.alerts WHERE rule_id = $1 AND status <> 'resolved'", [rule.id])).map(r => String(r.entity)));
        fresh = fresh.filter(c => !open.has(c.entity));
      }
      if (!fresh.length) return [];
      const ids = fresh.map(() => newId('pa'));
      const taken = await this.conn.runAndReadAll(
        'INSERT INTO app.alert_keys SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]) ON CONFLICT DO NOTHING RETURNING key',
        [listValue(fresh.map(c => c.key)), listValue(ids)]);
      const isNew = new Set(taken.getRowsJS().map(r => String(r[0])));
      const picked = fresh.map((c, i) => ({ c, id: ids[i] })).filter(x => isNew.has(x.c.key));
      if (!picked.length) return [];
      const groupable = picked.map(({ c }) => ({ title: c.title, severity: rule.alert.severity, deviceId: c.deviceId, deviceName: c.deviceName, accountName: c.accountName, timeMs: Date.parse(c.timestamp) || now.getTime() }));
      const open = await this.openIncidents([...new Set(groupable.map(g => g.deviceId ? `d:${g.deviceId}` : `u:${(g.accountName ?? '').toLowerCase()}`))]);
      const before = new Map(open.map(o => [o.incidentId, o.alertCount]));
      const incidents = assignIncidents(groupable, open, this.windowMs, () => newId('pi'));
      const at = now.toISOString();
      const alerts: Alert[] = picked.map(({ c, id }, i) => ({
        alertId: id, ruleId: rule.id, ruleName: rule.name, title: c.title, severity: rule.alert.severity, category: rule.alert.category,
        mitreTechniques: rule.alert.mitreTechniques, description: rule.alert.description, recommendedActions: rule.alert.recommendedActions,
        deviceId: c.deviceId, deviceName: c.deviceName, accountName: c.accountName, timestamp: c.timestamp, createdAt: at,
        incidentId: incidents[i].incidentId, status: 'new', evidence: c.row,
      }));
      await this.saveIncidents(open, before, alerts, at);
      await insertMany(this.conn, 'app.alerts', [
        ['alert_id', 'VARCHAR'], ['rule_id', 'VARCHAR'], ['rule_name', 'VARCHAR'], ['title', 'VARCHAR'], ['severity', 'VARCHAR'],
        ['category', 'VARCHAR'], ['mitre', 'VARCHAR'], ['description', 'VARCHAR'], ['recommended_actions', 'VARCHAR'],
        ['device_id', 'VARCHAR'], ['device_name', 'VARCHAR'], ['account_name', 'VARCHAR'], ['entity', 'VARCHAR'], ['ts', 'VARCHAR'],
        ['created_at', 'VARCHAR'], ['incident_id', 'VARCHAR'], ['status', 'VARCHAR'], ['evidence', 'VARCHAR'], ['run_id', 'VARCHAR'],
      ], alerts.map((a, i) => [a.alertId, a.ruleId, a.ruleName, a.title, a.severity, a.category, JSON.stringify(a.mitreTechniques),
        a.description, a.recommendedActions, a.deviceId, a.deviceName, a.accountName, picked[i].c.entity, a.timestamp, a.createdAt,
        a.incidentId, a.status, JSON.stringify(a.evidence), runId]));
      return alerts;
    }));
    if (!alerts.length) return alerts;
    await this.mirror(alerts);
    for (const sink of this.sinks) {
      try { await sink.alertsRaised(alerts); } catch (err) { this.options.onSinkError?.(err); }
    }
    return alerts;
  }

  /** Which candidates `raise` would store now (a dry run asks, and stores nothing). */
  async wouldRaise(rule: Rule, candidates: Candidate[]): Promise<Candidate[]> {
    if (!candidates.length) return [];
    let fresh = candidates;
    if (rule.alertPer === 'entity') {
      const open = new Set((await readRows(this.read, "SELECT DISTINCT entity FROM app.alerts WHERE rule_id = $1 AND status <> 'resolved'", [rule.id])).map(r => String(r.entity)));
      fresh = fresh.filter(c => !open.has(c.entity));
    }
    if (!fresh.length) return [];
    const seen = new Set((await readRows(this.read, 'SELECT key FROM app.alert_keys WHERE key IN (SELECT unnest($1::VARCHAR[]))', [listValue(fresh.map(c => c.key))])).map(r => String(r.key)));
    return fresh.filter(c => !seen.has(c.key));
  }

  private async openIncidents(groupKeys: string[]): Promise<OpenIncident[]> {
    const rows = await readRows(this.conn, `SELECT * FROM app.incidents WHERE status <> 'resolved' AND group_key IN (SELECT unnest($1::VARCHAR[]))`, [listValue(groupKeys)]);
    return rows.map(r => ({
      incidentId: String(r.incident_id), groupKey: String(r.group_key), title: String(r.title), severity: r.severity as Severity,
      deviceId: r.device_id as string | null, deviceName: r.device_name as string | null, accountName: r.account_name as string | null,
      firstMs: Date.parse(String(r.first_alert_ts)), lastMs: Date.parse(String(r.last_alert_ts)), alertCount: Number(r.alert_count), isNew: false,
    }));
  }

  private async saveIncidents(open: OpenIncident[], before: Map<string, number>, alerts: Alert[], at: string): Promise<void> {
    const created = open.filter(o => o.isNew);
    await insertMany(this.conn, 'app.incidents', [
      ['incident_id', 'VARCHAR'], ['group_key', 'VARCHAR'], ['title', 'VARCHAR'], ['severity', 'VARCHAR'], ['status', 'VARCHAR'],
      ['device_id', 'VARCHAR'], ['device_name', 'VARCHAR'], ['account_name', 'VARCHAR'], ['created_at', 'VARCHAR'], ['updated_at', 'VARCHAR'],
      ['first_alert_ts', 'VARCHAR'], ['last_alert_ts', 'VARCHAR'], ['alert_count', 'INTEGER'],
    ], created.map(o => [o.incidentId, o.groupKey, o.title, o.severity, 'new', o.deviceId, o.deviceName, o.accountName, at, at, iso(o.firstMs), iso(o.lastMs), o.alertCount]));
    const grown = open.filter(o => !o.isNew && before.get(o.incidentId) !== o.alertCount);
    if (grown.length) {
      // one statement for every grown incident: a first run over a large fleet grows thousands at once
      const col = <T>(f: (o: OpenIncident) => T) => listValue(grown.map(f) as never[]);
      await this.conn.run(
        `UPDATE app.incidents SET title = g.title, severity = g.severity, alert_count = g.alert_count,
           first_alert_ts = g.first_ts, last_alert_ts = g.last_ts, updated_at = $7
         FROM (SELECT unnest($1::VARCHAR[]) AS id, unnest($2::VARCHAR[]) AS title, unnest($3::VARCHAR[]) AS severity,
                      unnest($4::INTEGER[]) AS alert_count, unnest($5::VARCHAR[]) AS first_ts, unnest($6::VARCHAR[]) AS last_ts) AS g
         WHERE app.incidents.incident_id = g.id`,
        [col(o => o.incidentId), col(o => o.title), col(o => o.severity), col(o => o.alertCount), col(o => iso(o.firstMs)), col(o => iso(o.lastMs)), at]);
    }
    const seqs = await this.nextSeqs(grown.map(o => o.incidentId));
    const history: unknown[][] = [];
    for (const o of created) { seqs.set(o.incidentId, 1); history.push([o.incidentId, 1, at, 'picket', 'created', JSON.stringify({ title: o.title })]); }
    for (const a of alerts) {
      const seq = (seqs.get(a.incidentId) ?? 1) + 1;
      seqs.set(a.incidentId, seq);
      history.push([a.incidentId, seq, at, 'picket', 'alert_added', JSON.stringify({ alertId: a.alertId, title: a.title, ruleId: a.ruleId })]);
    }
    await insertMany(this.conn, 'app.incident_history', [['incident_id', 'VARCHAR'], ['seq', 'INTEGER'], ['happened_at', 'VARCHAR'], ['actor', 'VARCHAR'], ['kind', 'VARCHAR'], ['detail', 'VARCHAR']], history);
  }

  /** The last history number of each incident (0 when it has none). */
  private async nextSeqs(ids: string[]): Promise<Map<string, number>> {
    const m = new Map<string, number>(ids.map(id => [id, 0]));
    if (!ids.length) return m;
    for (const r of await readRows(this.conn, 'SELECT incident_id, max(seq) AS seq FROM app.incident_history WHERE incident_id IN (SELECT unnest($1::VARCHAR[])) GROUP BY 1', [listValue(ids)])) {
      m.set(String(r.incident_id), Number(r.seq));
    }
    return m;
  }

  /** AlertInfo and AlertEvidence rows, keyed by alert id so a retry after a crash adds nothing twice. */
  private async mirror(alerts: Alert[]): Promise<void> {
    const items: WriteItem[] = alerts.map(a => {
      const common = { Timestamp: a.timestamp || a.createdAt, AlertId: a.alertId, Title: a.title, ServiceSource: 'Picket', DetectionSource: 'Custom detection', AttackTechniques: JSON.stringify(a.mitreTechniques) };
      const evidence: Row[] = [];
      const ev = { ...common, Categories: JSON.stringify([a.category]), Severity: DEFENDER_SEVERITY[a.severity] };
      if (a.deviceId) evidence.push({ ...ev, EntityType: 'Machine', EvidenceRole: 'Impacted', DeviceId: a.deviceId, DeviceName: a.deviceName ?? '' });
      if (a.accountName) evidence.push({ ...ev, EntityType: 'User', EvidenceRole: 'Impacted', AccountName: a.accountName, DeviceId: a.deviceId ?? '' });
      const row = a.evidence;
      if (typeof row.FileName === 'string' && row.FileName) {
        evidence.push({ ...ev, EntityType: 'File', EvidenceRole: 'Related', FileName: row.FileName, FolderPath: String(row.FolderPath ?? ''), SHA1: String(row.SHA1 ?? ''), SHA256: String(row.SHA256 ?? ''), DeviceId: a.deviceId ?? '', DeviceName: a.deviceName ?? '' });
      }
      return { key: `alert|${a.alertId}`, rows: { AlertInfo: [{ ...common, Category: a.category, Severity: DEFENDER_SEVERITY[a.severity] }], AlertEvidence: evidence } };
    });
    await this.writes.run(async () => {
      await this.writer.write(items);
      await this.conn.run('UPDATE app.alerts SET mirrored = true WHERE alert_id IN (SELECT unnest($1::VARCHAR[]))', [listValue(alerts.map(a => a.alertId))]);
    });
  }

  /** Mirrors alerts committed before a crash cut their AlertInfo rows short (the Writer's keys make this safe to repeat). */
  async mirrorPending(): Promise<number> {
    const ids = (await readRows(this.read, 'SELECT alert_id FROM app.alerts WHERE NOT mirrored')).map(r => String(r.alert_id));
    if (!ids.length) return 0;
    const alerts = await this.alertsWhere('a.alert_id IN (SELECT unnest($1::VARCHAR[]))', [listValue(ids)]);
    await this.mirror(alerts);
    return alerts.length;
  }

  // ---- reading ----

  private async alertsWhere(where: string, params: unknown[], tail = 'ORDER BY a.created_at DESC, a.ts DESC, a.alert_id'): Promise<Alert[]> {
    const rows = await readRows(this.read, `SELECT a.* FROM app.alerts a WHERE ${where} ${tail}`, params);
    return rows.map(toAlert);
  }

  async listAlerts(f: AlertFilter, page: Page): Promise<{ alerts: Alert[]; total: number }> {
    const { where, params } = filterSql([
      ['a.status', f.status === 'open' ? undefined : f.status], ['a.severity', f.severity], ['a.rule_id', f.ruleId], ['a.device_id', f.deviceId], ['a.incident_id', f.incidentId],
    ], [['a.ts >=', f.since], ['a.ts <=', f.until], ['a.status <>', f.status === 'open' ? 'resolved' : undefined]]);
    const total = Number((await readRows(this.read, `SELECT count(*) AS n FROM app.alerts a WHERE ${where}`, params))[0].n);
    const alerts = await this.alertsWhere(where, params, `ORDER BY a.created_at DESC, a.ts DESC, a.alert_id LIMIT ${page.limit} OFFSET ${page.offset}`);
    return { alerts, total };
  }

  async getAlert(id: string): Promise<Alert | null> {
    return (await this.alertsWhere('a.alert_id = $1', [id]))[0] ?? null;
  }

  async listIncidents(f: IncidentFilter, page: Page): Promise<{ incidents: Incident[]; total: number }> {
    const { where, params } = filterSql([
      ['status', f.status === 'open' ? undefined : f.status], ['severity', f.severity], ['assignee', f.assignee], ['device_id', f.deviceId], ['classification', f.classification],
    ], [['status <>', f.status === 'open' ? 'resolved' : undefined], ['last_alert_ts >=', f.since], ['first_alert_ts <=', f.until],
      ['incident_id IN (SELECT incident_id FROM app.alerts WHERE rule_id = ?)', f.ruleId]]);
    const total = Number((await readRows(this.read, `SELECT count(*) AS n FROM app.incidents WHERE ${where}`, params))[0].n);
    const rows = await readRows(this.read, `SELECT * FROM app.incidents WHERE ${where} ORDER BY updated_at DESC, incident_id LIMIT ${page.limit} OFFSET ${page.offset}`, params);
    return { incidents: rows.map(toIncident), total };
  }

  async getIncident(id: string): Promise<IncidentDetail | null> {
    const rows = await readRows(this.read, 'SELECT * FROM app.incidents WHERE incident_id = $1', [id]);
    if (!rows.length) return null;
    const alerts = await this.alertsWhere('a.incident_id = $1', [id], 'ORDER BY a.ts, a.alert_id');
    const history = (await readRows(this.read, 'SELECT * FROM app.incident_history WHERE incident_id = $1 ORDER BY seq', [id])).map(r => ({
      seq: Number(r.seq), at: String(r.happened_at), actor: String(r.actor), kind: String(r.kind), detail: JSON.parse(String(r.detail)) as Record<string, unknown>,
    }));
    const comments = history.filter(h => h.kind === 'comment').map(h => ({ at: h.at, actor: h.actor, text: String(h.detail.text) }));
    return { ...toIncident(rows[0]), alerts, comments, history };
  }

  // ---- triage ----

  /** Changes status, classification or assignee; resolving resolves every alert of the incident. */
  async updateIncident(id: string, change: { status?: IncidentStatus; classification?: Classification; assignee?: string | null }, actor: string, now = new Date()): Promise<IncidentDetail> {
    await this.writes.run(() => transaction(this.conn, async () => {
      const rows = await readRows(this.conn, 'SELECT status, classification, assignee FROM app.incidents WHERE incident_id = $1', [id]);
      if (!rows.length) throw new NotFound(`No incident ${id}.`);
      const cur = rows[0];
      const at = now.toISOString();
      let seq = (await this.nextSeqs([id])).get(id) ?? 0;
      const log = async (kind: string, detail: object) => {
        await this.conn.run('INSERT INTO app.incident_history VALUES ($1, $2, $3, $4, $5, $6)', [id, ++seq, at, actor, kind, JSON.stringify(detail)]);
      };
      for (const field of ['status', 'classification', 'assignee'] as const) {
        if (change[field] === undefined || change[field] === cur[field]) continue;
        await this.conn.run(`UPDATE app.incidents SET ${field} = $2, updated_at = $3 WHERE incident_id = $1`, [id, change[field], at]);
        await log(field, { from: cur[field] ?? null, to: change[field] });
      }
      if (change.status !== undefined && change.status !== cur.status) {
        // resolving an incident resolves its alerts; reopening it reopens them
        await this.conn.run('UPDATE app.alerts SET status = $2 WHERE incident_id = $1', [id, change.status]);
      }
    }));
    return (await this.getIncident(id))!;
  }

  async comment(id: string, text: string, actor: string, now = new Date()): Promise<IncidentDetail> {
    await this.writes.run(() => transaction(this.conn, async () => {
      const rows = await readRows(this.conn, 'SELECT 1 FROM app.incidents WHERE incident_id = $1', [id]);
      if (!rows.length) throw new NotFound(`No incident ${id}.`);
      const seq = ((await this.nextSeqs([id])).get(id) ?? 0) + 1;
      await this.conn.run('INSERT INTO app.incident_history VALUES ($1, $2, $3, $4, $5, $6)', [id, seq, now.toISOString(), actor, 'comment', JSON.stringify({ text })]);
      await this.conn.run('UPDATE app.incidents SET updated_at = $2 WHERE incident_id = $1', [id, now.toISOString()]);
    }));
    return (await this.getIncident(id))!;
  }

  /** An alert's own status; the incident's history records the change. */
  async updateAlert(id: string, status: IncidentStatus, actor: string, now = new Date()): Promise<Alert> {
    await this.writes.run(() => transaction(this.conn, async () => {
      const rows = await readRows(this.conn, 'SELECT status, incident_id FROM app.alerts WHERE alert_id = $1', [id]);
      if (!rows.length) throw new NotFound(`No alert ${id}.`);
      if (rows[0].status === status) return;
      const incident = String(rows[0].incident_id);
      await this.conn.run('UPDATE app.alerts SET status = $2 WHERE alert_id = $1', [id, status]);
      const seq = ((await this.nextSeqs([incident])).get(incident) ?? 0) + 1;
      await this.conn.run('INSERT INTO app.incident_history VALUES ($1, $2, $3, $4, $5, $6)',
        [incident, seq, now.toISOString(), actor, 'alert_status', JSON.stringify({ alertId: id, from: rows[0].status, to: status })]);
    }));
    return (await this.getAlert(id))!;
  }
}

function filterSql(equal: [string, string | undefined | null][], compare: [string, string | undefined][]): { where: string; params: unknown[] } {
  const parts: string[] = ['true'];
  const params: unknown[] = [];
  for (const [col, v] of equal) if (v !== undefined && v !== null) { params.push(v); parts.push(`${col} = $${params.length}`); }
  // a comparison is `column op` (the value follows) or holds a ? where the value goes
  for (const [op, v] of compare) if (v !== undefined) { params.push(v); parts.push(op.includes('?') ? op.replace('?', `$${params.length}`) : `${op} $${params.length}`); }
  return { where: parts.join(' AND '), params };
}

function toAlert(r: Record<string, unknown>): Alert {
  return {
    alertId: String(r.alert_id), ruleId: String(r.rule_id), ruleName: String(r.rule_name), title: String(r.title), severity: r.severity as Severity,
    category: String(r.category), mitreTechniques: JSON.parse(String(r.mitre)) as string[], description: String(r.description),
    recommendedActions: String(r.recommended_actions), deviceId: (r.device_id as string | null) ?? null, deviceName: (r.device_name as string | null) ?? null,
    accountName: (r.account_name as string | null) ?? null, timestamp: String(r.ts), createdAt: String(r.created_at), incidentId: String(r.incident_id),
    status: r.status as IncidentStatus, evidence: JSON.parse(String(r.evidence)) as Record<string, unknown>,
  };
}

function toIncident(r: Record<string, unknown>): Incident {
  return {
    incidentId: String(r.incident_id), title: String(r.title), severity: r.severity as Severity, status: r.status as IncidentStatus,
    classification: (r.classification as Classification) ?? null, assignee: (r.assignee as string | null) ?? null,
    deviceId: (r.device_id as string | null) ?? null, deviceName: (r.device_name as string | null) ?? null,
    createdAt: String(r.created_at), updatedAt: String(r.updated_at), alertCount: Number(r.alert_count),
  };
}
