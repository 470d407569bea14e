/** Alerts and incidents as the API sends them (src/alerts/model.ts, store.ts). */
export type Severity = 'informational' | 'low' | 'medium' | 'high';
export type Status = 'new' | 'in_progress' | 'resolved';
export type Classification = 'true_positive' | 'false_positive' | 'informational' | null;

export interface Alert {
  alertId: string; ruleId: string; ruleName: string; title: string; severity: Severity; category: string; mitreTechniques: string[];
  description: string; recommendedActions: string; deviceId: string | null; deviceName: string | null; accountName: string | null;
  /** The event time of the source row. */
  timestamp: string;
  /** When Picket raised it. */
  createdAt: string;
  incidentId: string; status: Status;
  /** The source row, as the rule's query returned it. */
  evidence: Record<string, unknown>;
}

export interface Incident {
  incidentId: string; title: string; severity: Severity; status: Status; classification: Classification; assignee: string | null;
  deviceId: string | null; deviceName: string | null; createdAt: string; updatedAt: string; alertCount: number;
}

export interface HistoryEntry { seq: number; at: string; actor: string; kind: string; detail: Record<string, unknown> }
export interface IncidentDetail extends Incident { alerts: Alert[]; comments: { at: string; actor: string; text: string }[]; history: HistoryEntry[] }

export const alertUrl = (id: string) => `/api/v1/alerts/${encodeURIComponent(id)}`;
export const incidentUrl = (id: string) => `/api/v1/incidents/${encodeURIComponent(id)}`;
