/** One alert: what raised it and where, its evidence row, and its status. */
import { useState } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Badge } from '../../components/badge';
import { Card, Page } from '../../components/page';
import { ErrorBox, Guard } from '../../components/status';
import { SeverityBadge, StatusBadge } from '../../components/triage-labels';
import { fmtAgo, fmtTime } from '../../format';
import { Link } from '../../router';
import { useSession } from '../../session';
import { alertUrl, type Alert } from './alert-types';
import { Evidence, huntAround } from './parts/evidence';
import { StatusControl } from './parts/status-control';

export default function AlertPage({ params }: { params: Record<string, string> }) {
  const r = useApi<Alert>(alertUrl(params.id));
  return <Guard r={r}>{a => <AlertView alert={a} />}</Guard>;
}

function AlertView({ alert: initial }: { alert: Alert }) {
  const { can } = useSession();
  const [a, setA] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const setStatus = async (status: string) => {
    setBusy(true); setError(null);
    try { setA(await api.patch<Alert>(alertUrl(a.alertId), { status })); }
    catch (e) { setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e))); } finally { setBusy(false); }
  };

  return (
    <Page title={a.title}
      subtitle={<span className="rule-subtitle"><SeverityBadge value={a.severity} /> <StatusBadge value={a.status} /> raised {fmtAgo(a.createdAt)} by <Link to={`/rules/${encodeURIComponent(a.ruleId)}`}>{a.ruleName}</Link></span>}
      actions={<>
        <StatusControl id="alert-status" value={a.status} busy={busy} onChange={s => void setStatus(s)} />
        <Link to={`/incidents/${encodeURIComponent(a.incidentId)}`} className="button">Open incident</Link>
        {a.deviceId && can('hunt') && <Link to={`/hunting?query=${encodeURIComponent(huntAround(a.deviceId, a.timestamp))}`} className="button">Hunt around it</Link>}
      </>}>
      <p className="breadcrumb"><Link to="/alerts">← Alerts</Link></p>
      {error && <ErrorBox error={error} />}
      <div className="grid grid-2">
        <Card title="Details">
          <dl className="facts">
            <dt>Device</dt><dd>{a.deviceId ? <Link to={`/devices/${encodeURIComponent(a.deviceId)}`}>{a.deviceName || a.deviceId}</Link> : '–'}</dd>
            <dt>User</dt><dd>{a.accountName ?? '–'}</dd>
            <dt>Event time</dt><dd>{fmtTime(a.timestamp)}</dd>
            <dt>Raised</dt><dd>{fmtTime(a.createdAt)}</dd>
            <dt>Rule</dt><dd><Link to={`/rules/${encodeURIComponent(a.ruleId)}`}>{a.ruleName}</Link></dd>
            <dt>Category</dt><dd>{a.category}</dd>
            <dt>MITRE ATT&amp;CK</dt><dd>{a.mitreTechniques.length ? a.mitreTechniques.map(t => <Badge key={t} value={t} tone="muted" />) : '–'}</dd>
            <dt>Incident</dt><dd><Link to={`/incidents/${encodeURIComponent(a.incidentId)}`}>{a.incidentId}</Link></dd>
            <dt>Alert id</dt><dd className="mono">{a.alertId}</dd>
          </dl>
        </Card>
        <Card title="What it means">
          {a.description ? <p className="prose">{a.description}</p> : <p className="muted">The rule gives no description.</p>}
          <h3 className="side-heading">Recommended actions</h3>
          {a.recommendedActions ? <p className="prose">{a.recommendedActions}</p> : <p className="muted">None given.</p>}
        </Card>
      </div>
      <Card title="Evidence" actions={<span className="muted">The row the rule's query returned</span>}><Evidence row={a.evidence} /></Card>
    </Page>
  );
}
