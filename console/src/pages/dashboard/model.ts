/** GET /api/v1/fleet/summary, and the lists each of its numbers links to. */
import type { SigAgeBucket } from '../devices/model';

export interface FleetSummary {
  generatedAt: string;
  devices: number;
  modes: { active: number; passive: number; edrBlock: number; notRunning: number; notReporting: number };
  realTimeProtection: OnOffCounts;
  tamperProtection: OnOffCounts;
  signatureAge: { bucket: SigAgeBucket; label: string; count: number }[];
  /** The last 30 days. */
  detections: { total: number; days: { day: string; count: number }[] };
  topThreats: { threat: string; detections: number; devices: number }[];
  topDevices: { deviceId: string; deviceName: string; detections: number }[];
  incidents: { open: number; openBySeverity: { High: number; Medium: number; Low: number; Informational: number } };
  alerts: { open: number };
}

export interface OnOffCounts { on: number; off: number; unknown: number }

export const devicesWhere = (filter: Record<string, string>) => `/devices?${new URLSearchParams(filter)}`;
export const deviceUrl = (id: string, tab?: string) => `/devices/${encodeURIComponent(id)}${tab ? `?tab=${tab}` : ''}`;
/** The incident queue reads `severity` (High, Medium, Low, Informational) and `status` (open) from its URL. */
export const openIncidentsUrl = (severity?: string) => `/incidents?${new URLSearchParams({ ...(severity ? { severity } : {}), status: 'open' })}`;

const DETECTIONS = 'DeviceEvents\n| where ActionType == "AntivirusDetection"';

/** Advanced hunting with a query filled in: the detections behind a count (the hunting screen reads `?query=`). */
export function detectionsHuntUrl(day?: string): string {
  let kql = `${DETECTIONS}\n| where Timestamp > ago(30d)`;
  if (day) {
    const next = new Date(Date.parse(day + 'T00:00:00Z') + 86_400_000).toISOString().slice(0, 10);
    kql = `${DETECTIONS}\n| where Timestamp >= datetime(${day}) and Timestamp < datetime(${next})`;
  }
  return `/hunting?query=${encodeURIComponent(kql + '\n| order by Timestamp desc')}`;
}
