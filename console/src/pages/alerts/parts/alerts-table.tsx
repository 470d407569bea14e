/** A table of alerts (the queue, a rule's alerts, an incident's alerts): title, severity, status, device, rule, times. */
import type { ReactNode } from 'react';
import { DataTable, type ColumnDef } from '../../../components/data-table';
import { Clip } from '../../../components/clip';
import { SeverityBadge, StatusBadge, SEVERITY_RANK } from '../../../components/triage-labels';
import { fmtAgo, fmtTime } from '../../../format';
import { Link } from '../../../router';
import type { Alert } from '../alert-types';

export type AlertColumn = 'title' | 'severity' | 'status' | 'device' | 'rule' | 'timestamp' | 'createdAt' | 'incident';

const ALL: Record<AlertColumn, ColumnDef<Alert>> = {
  title: { key: 'title', title: 'Alert', width: 'minmax(220px, 2fr)', render: a => <Clip title={a.title}><Link to={`/alerts/${encodeURIComponent(a.alertId)}`}>{a.title}</Link></Clip> },
  severity: { key: 'severity', title: 'Severity', width: 110, value: a => SEVERITY_RANK[a.severity], render: a => <SeverityBadge value={a.severity} /> },
  status: { key: 'status', title: 'Status', width: 110, render: a => <StatusBadge value={a.status} /> },
  device: { key: 'device', title: 'Device', width: 'minmax(150px, 1fr)', value: a => a.deviceName ?? a.deviceId ?? a.accountName ?? '',
    render: a => <Clip>{a.deviceId ? <Link to={`/devices/${encodeURIComponent(a.deviceId)}`}>{a.deviceName || a.deviceId}</Link> : a.accountName ?? '–'}</Clip> },
  rule: { key: 'rule', title: 'Rule', width: 'minmax(150px, 1fr)', value: a => a.ruleName, render: a => <Clip><Link to={`/rules/${encodeURIComponent(a.ruleId)}`}>{a.ruleName}</Link></Clip> },
  timestamp: { key: 'timestamp', title: 'Event time', width: 110, render: a => <span title={fmtTime(a.timestamp)}>{fmtAgo(a.timestamp)}</span> },
  createdAt: { key: 'createdAt', title: 'Raised', width: 100, render: a => <span title={fmtTime(a.createdAt)}>{fmtAgo(a.createdAt)}</span> },
  incident: { key: 'incidentId', title: 'Incident', width: 90, render: a => <Link to={`/incidents/${encodeURIComponent(a.incidentId)}`}>Incident</Link> },
};

export function AlertsTable({ alerts, columns, height, exportName, empty, searchable = true }: {
  alerts: Alert[]; columns: AlertColumn[]; height?: number; exportName?: string; empty?: ReactNode; searchable?: boolean;
}) {
  return <DataTable rows={alerts} columns={columns.map(c => ALL[c])} rowKey={a => a.alertId} height={height} exportName={exportName} empty={empty} searchable={searchable} label="Alerts" />;
}
