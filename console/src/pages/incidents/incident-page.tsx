/** One incident: triage controls, its alerts and their evidence, comments and history. */
import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Card, Page } from '../../components/page';
import { ErrorBox, Guard } from '../../components/status';
import { SeverityBadge, StatusBadge, classificationLabel } from '../../components/triage-labels';
import { fmtAgo, fmtTime } from '../../format';
import { Link } from '../../router';
import { incidentUrl, type IncidentDetail } from '../alerts/alert-types';
import { AlertsTable } from '../alerts/parts/alerts-table';
import { Evidence } from '../alerts/parts/evidence';
import { IncidentComments } from './parts/incident-comments';
import { IncidentHistory } from './parts/incident-history';
import { IncidentTriage, type IncidentChange } from './parts/incident-triage';

export default function IncidentPage({ params }: { params: Record<string, string> }) {
  const r = useApi<IncidentDetail>(incidentUrl(params.id));
  return <Guard r={r}>{i => <IncidentView incident={i} />}</Guard>;
}

function IncidentView({ incident: initial }: { incident: IncidentDetail }) {
  const [inc, setInc] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const send = async (work: () => Promise<IncidentDetail>): Promise<boolean> => {
    setBusy(true); setError(null);
    try { setInc(await work()); return true; }
    catch (e) { setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e))); return false; } finally { setBusy(false); }
  };
  const change = (c: IncidentChange) => void send(() => api.patch<IncidentDetail>(incidentUrl(inc.incidentId), c));
  const comment = (text: string) => send(() => api.post<IncidentDetail>(`${incidentUrl(inc.incidentId)}/comments`, { text }));

  return (
    <Page title={inc.title}
      subtitle={<span className="rule-subtitle"><SeverityBadge value={inc.severity} /> <StatusBadge value={inc.status} /> {classificationLabel(inc.classification)} · {inc.alertCount} alert{inc.alertCount === 1 ? '' : 's'} · opened {fmtAgo(inc.createdAt)}, last activity {fmtAgo(inc.updatedAt)}</span>}>
      <p className="breadcrumb"><Link to="/incidents">← Incidents</Link></p>
      {error && <ErrorBox error={error} />}
      <Card title="Triage"><IncidentTriage incident={inc} busy={busy} onChange={change} /></Card>
      <div className="grid grid-2">
        <Card title="Impacted">
          <dl className="facts">
            <dt>Device</dt><dd>{inc.deviceId ? <Link to={`/devices/${encodeURIComponent(inc.deviceId)}`}>{inc.deviceName || inc.deviceId}</Link> : '–'}</dd>
            <dt>Users</dt><dd>{[...new Set(inc.alerts.map(a => a.accountName).filter(Boolean))].join(', ') || '–'}</dd>
            <dt>Rules</dt><dd>{[...new Map(inc.alerts.map(a => [a.ruleId, a.ruleName])).entries()].map(([id, name], i) => <span key={id}>{i > 0 && ', '}<Link to={`/rules/${encodeURIComponent(id)}`}>{name}</Link></span>)}</dd>
            <dt>Opened</dt><dd>{fmtTime(inc.createdAt)}</dd>
            <dt>Incident id</dt><dd className="mono">{inc.incidentId}</dd>
          </dl>
        </Card>
        <Card title="History"><div className="history-scroll"><IncidentHistory history={inc.history} /></div></Card>
      </div>
      <Card title={`Alerts (${inc.alerts.length})`}>
        <AlertsTable alerts={inc.alerts} columns={['title', 'severity', 'status', 'rule', 'device', 'timestamp']} height={Math.min(320, inc.alerts.length * 32 + 8)} searchable={inc.alerts.length > 10} />
      </Card>
      <Card title="Evidence">
        {inc.alerts.length === 0 ? <p className="muted">No alerts, so no evidence.</p> : inc.alerts.map((a, i) => (
          <details key={a.alertId} className="evidence-group" open={i === 0}>
            <summary><strong>{a.title}</strong> <span className="muted">· {fmtTime(a.timestamp)} · {a.ruleName}</span></summary>
            <Evidence row={a.evidence} />
          </details>
        ))}
      </Card>
      <Card title={`Comments (${inc.comments.length})`}><IncidentComments incident={inc} busy={busy} onAdd={comment} /></Card>
    </Page>
  );
}
