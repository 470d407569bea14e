/** The alerts raised on this device, newest first; each opens its alert page. */
import { useApi } from '../../../api/use-api';
import { Badge } from '../../../components/badge';
import { DataTable, type ColumnDef } from '../../../components/data-table';
import { Guard } from '../../../components/status';
import { Link } from '../../../router';
import { fmtNumber, fmtTime } from '../../../format';

interface Alert {
  alertId: string; title: string; severity: string; status: string; ruleId: string; ruleName: string;
  timestamp: string; createdAt: string; incidentId: string;
}

const LIMIT = 1000;
const STATUS: Record<string, string> = { new: 'New', in_progress: 'In progress', resolved: 'Resolved' };
const cap = (s: string) => s ? s[0].toUpperCase() + s.slice(1) : s;

const COLUMNS: ColumnDef<Alert>[] = [
  { key: 'createdAt', title: 'Raised', width: 190, render: a => fmtTime(a.createdAt) },
  { key: 'title', title: 'Alert', width: 330, render: a => <Link to={`/alerts/${encodeURIComponent(a.alertId)}`}>{a.title}</Link> },
  { key: 'severity', title: 'Severity', width: 110, value: a => cap(a.severity), render: a => <Badge value={cap(a.severity)} /> },
  { key: 'status', title: 'Status', width: 110, value: a => STATUS[a.status] ?? a.status, render: a => <Badge value={STATUS[a.status] ?? a.status} /> },
  { key: 'ruleName', title: 'Rule', width: 180, render: a => <Link to={`/rules/${encodeURIComponent(a.ruleId)}`}>{a.ruleName}</Link> },
  { key: 'incidentId', title: 'Incident', width: 100, render: a => <Link title={a.incidentId} to={`/incidents/${encodeURIComponent(a.incidentId)}`} className="mono">{a.incidentId}</Link> },
];

export function DeviceAlerts({ deviceId }: { deviceId: string }) {
  const r = useApi<{ alerts: Alert[]; total: number }>(`/api/v1/alerts?deviceId=${encodeURIComponent(deviceId)}&limit=${LIMIT}`);
  return (
    <Guard r={r}>
      {data => (
        <>
          {data.total > data.alerts.length && <p className="muted">Showing the newest {fmtNumber(data.alerts.length)} of {fmtNumber(data.total)} alerts.</p>}
          <DataTable rows={data.alerts} columns={COLUMNS} rowKey={a => a.alertId} label="Alerts on this device"
            exportName="picket-device-alerts.csv" initialSort={{ key: 'createdAt', desc: true }} height={440}
            empty="No alerts on this device." />
        </>
      )}
    </Guard>
  );
}
