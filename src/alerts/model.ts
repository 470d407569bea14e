/**
 * Alerts and incidents as the rest of Picket sees them, and the contract between the rule engine that raises
 * alerts and whoever must hear about them (the notification outbox, the console's live views).
 */

export type Severity = 'informational' | 'low' | 'medium' | 'high';
export type IncidentStatus = 'new' | 'in_progress' | 'resolved';
export type Classification = 'true_positive' | 'false_positive' | 'informational' | null;

export interface Alert {
  alertId: string;
  ruleId: string;
  ruleName: string;
  title: string;
  severity: Severity;
  category: string;
  mitreTechniques: string[];
  description: string;
  recommendedActions: string;
  deviceId: string | null;
  deviceName: string | null;
  accountName: string | null;
  /** The Timestamp of the source row that raised it. */
  timestamp: string;
  /** When Picket raised it. */
  createdAt: string;
  incidentId: string;
  status: IncidentStatus;
  /** The source row, as the rule's query returned it. */
  evidence: Record<string, unknown>;
}

export interface Incident {
  incidentId: string;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  classification: Classification;
  assignee: string | null;
  deviceId: string | null;
  deviceName: string | null;
  createdAt: string;
  updatedAt: string;
  alertCount: number;
}

/**
 * Told about alerts after they are committed. Implementations must be quick and must not throw for a delivery
 * problem: the notification outbox stores what it must send and retries on its own.
 */
export interface AlertSink {
  alertsRaised(alerts: Alert[]): Promise<void>;
}
