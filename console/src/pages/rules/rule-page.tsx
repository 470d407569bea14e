/** One detection rule: its definition, recent runs and alerts; enable, run now, preview, edit, copy, delete. */
import { useState } from 'react';
import { api, ApiError, qs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Badge } from '../../components/badge';
import { Card, Page } from '../../components/page';
import { ErrorBox, Guard, Loading } from '../../components/status';
import { SeverityBadge } from '../../components/triage-labels';
import { Link, navigate } from '../../router';
import { useSession } from '../../session';
import type { Alert } from '../alerts/alert-types';
import { AlertsTable } from '../alerts/parts/alerts-table';
import { DryRunView } from './parts/dry-run-view';
import { EnabledSwitch } from './parts/enabled-switch';
import { RuleDefinition } from './parts/rule-definition';
import { RuleRuns } from './parts/rule-runs';
import { nextRunText, ruleUrl, scheduleText, type DryRun, type Rule } from './rule-types';

const DAYS = [1, 3, 7, 14, 30];

export default function RulePage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const r = useApi<Rule>(ruleUrl(id));
  return <Guard r={r}>{rule => <RuleView rule={rule} reload={r.reload} />}</Guard>;
}

function RuleView({ rule, reload }: { rule: Rule; reload: () => void }) {
  const { can } = useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [dry, setDry] = useState<{ what: string; run: DryRun } | null>(null);
  const [days, setDays] = useState(7);
  const [tick, setTick] = useState(0);
  const alerts = useApi<{ alerts: Alert[]; total: number }>(`/api/v1/alerts${qs({ ruleId: rule.id, limit: 50 })}`);
  const editable = can('rules');

  const act = async (what: string, work: () => Promise<void>) => {
    setBusy(what); setError(null);
    try { await work(); } catch (e) { setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e))); } finally { setBusy(null); }
  };
  const runNow = () => act('run', async () => {
    setDry(null);
    setDry({ what: 'Run now', run: await api.post<DryRun>(`${ruleUrl(rule.id)}/run`) });
    setTick(t => t + 1);
  });
  const preview = () => act('preview', async () => {
    setDry(null);
    setDry({ what: `Preview of the last ${days} day${days === 1 ? '' : 's'}`, run: await api.post<DryRun>(`${ruleUrl(rule.id)}/preview`, { days }) });
    setTick(t => t + 1);
  });
  const copy = () => act('copy', async () => {
    const c = await api.post<Rule>(`${ruleUrl(rule.id)}/copy`, {});
    navigate(`/rules/${encodeURIComponent(c.id)}/edit`);
  });
  const remove = () => {
    if (!confirm(`Delete the rule “${rule.name}”? Its alerts and incidents stay.`)) return;
    void act('delete', async () => { await api.delete(ruleUrl(rule.id)); navigate('/rules'); });
  };

  return (
    <Page
      title={rule.name}
      subtitle={<span className="rule-subtitle"><SeverityBadge value={rule.alert.severity} /> {rule.builtin && <Badge value="built-in" tone="info" />} {scheduleText(rule.frequency)} · next run {nextRunText(rule)}</span>}
      actions={<>
        <EnabledSwitch id={rule.id} name={rule.name} enabled={rule.enabled} onChanged={reload} onError={setError} />
        {editable && <>
          <button type="button" onClick={() => void runNow()} disabled={!!busy} title="What the next run would find now; raises nothing">{busy === 'run' ? 'Running…' : 'Run now'}</button>
          <span className="button-group">
            <select aria-label="Preview window" value={days} onChange={e => setDays(Number(e.target.value))}>{DAYS.map(d => <option key={d} value={d}>last {d} day{d === 1 ? '' : 's'}</option>)}</select>
            <button type="button" onClick={() => void preview()} disabled={!!busy}>{busy === 'preview' ? 'Previewing…' : 'Preview'}</button>
          </span>
          {rule.builtin
            ? <button type="button" disabled title="Built-in rules are read-only: copy it and edit the copy">Edit</button>
            : <Link to={`/rules/${encodeURIComponent(rule.id)}/edit`} className="button">Edit</Link>}
          <button type="button" onClick={() => void copy()} disabled={!!busy}>Copy</button>
          {!rule.builtin && <button type="button" className="danger" onClick={remove} disabled={!!busy}>Delete</button>}
        </>}
      </>}>
      <p className="breadcrumb"><Link to="/rules">← Detection rules</Link></p>
      {error && <ErrorBox error={error} />}
      {(busy === 'run' || busy === 'preview') && <Loading label={busy === 'run' ? 'Running the rule (dry run)…' : 'Previewing…'} />}
      {dry && <Card title={dry.what} actions={<button type="button" className="link" onClick={() => setDry(null)}>Close</button>}><DryRunView run={dry.run} what={dry.what} /></Card>}
      <Card title="Definition"><RuleDefinition rule={rule} /></Card>
      <Card title="Recent runs"><RuleRuns id={rule.id} tick={tick} /></Card>
      <Card title={`Alerts${alerts.data ? ` (${alerts.data.total})` : ''}`} actions={<Link to={`/alerts?rule=${encodeURIComponent(rule.id)}`}>Open in the alert queue</Link>}>
        <Guard r={alerts}>{d => <AlertsTable alerts={d.alerts} columns={['title', 'severity', 'status', 'device', 'timestamp', 'createdAt']} height={Math.min(360, d.alerts.length * 32 + 8)} searchable={d.alerts.length > 10}
          empty="This rule has raised no alerts." />}</Guard>
      </Card>
    </Page>
  );
}
