/**
 * Grouping alerts into incidents: an alert joins the open incident of its device (or, without a device, of its
 * user) when its event lies within the window of that incident's alerts; otherwise it opens a new incident.
 * Resolved incidents are never reopened by a new alert: a recurrence is a new incident.
 */
import type { Severity } from './model.js';

export interface OpenIncident {
  incidentId: string;
  groupKey: string;
  title: string;
  severity: Severity;
  deviceId: string | null;
  deviceName: string | null;
  accountName: string | null;
  /** Event times (ms) of its first and last alert. */
  firstMs: number;
  lastMs: number;
  alertCount: number;
  isNew: boolean;
}

export interface Groupable { title: string; severity: Severity; deviceId: string | null; deviceName: string | null; accountName: string | null; timeMs: number }

const RANK: Record<Severity, number> = { informational: 0, low: 1, medium: 2, high: 3 };
export const maxSeverity = (a: Severity, b: Severity): Severity => (RANK[a] >= RANK[b] ? a : b);

export function groupKeyOf(a: { deviceId: string | null; accountName: string | null }): string {
  return a.deviceId ? `d:${a.deviceId}` : `u:${(a.accountName ?? '').toLowerCase()}`;
}

/**
 * Assigns each alert (in event-time order) an incident from `open` or a new one made by `newId`; returns the
 * incident per alert, in the input order. `open` is updated in place and gains the new incidents.
 */
export function assignIncidents<T extends Groupable>(alerts: T[], open: OpenIncident[], windowMs: number, newId: () => string): OpenIncident[] {
  const byGroup = new Map<string, OpenIncident[]>();
  for (const inc of open) {
    if (!byGroup.has(inc.groupKey)) byGroup.set(inc.groupKey, []);
    byGroup.get(inc.groupKey)!.push(inc);
  }
  const order = alerts.map((a, i) => i).sort((i, j) => alerts[i].timeMs - alerts[j].timeMs);
  const result: OpenIncident[] = new Array(alerts.length);
  for (const i of order) {
    const a = alerts[i];
    const key = groupKeyOf(a);
    const list = byGroup.get(key) ?? [];
    let inc = list.find(x => a.timeMs >= x.firstMs - windowMs && a.timeMs <= x.lastMs + windowMs);
    if (!inc) {
      inc = { incidentId: newId(), groupKey: key, title: a.title, severity: a.severity, deviceId: a.deviceId, deviceName: a.deviceName,
        accountName: a.accountName, firstMs: a.timeMs, lastMs: a.timeMs, alertCount: 0, isNew: true };
      list.push(inc);
      byGroup.set(key, list);
      open.push(inc);
    } else if (inc.alertCount > 0 && inc.title !== a.title) {
      inc.title = `Multiple alerts on ${inc.deviceName ?? inc.deviceId ?? inc.accountName ?? 'one entity'}`;
    }
    inc.alertCount++;
    inc.severity = maxSeverity(inc.severity, a.severity);
    inc.firstMs = Math.min(inc.firstMs, a.timeMs);
    inc.lastMs = Math.max(inc.lastMs, a.timeMs);
    inc.deviceName ??= a.deviceName;
    result[i] = inc;
  }
  return result;
}
