/** Detection rules: every rule with its schedule, last and next run, alert counts, and an enable switch. */
import { useMemo, useState } from 'react';
import type { ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Badge } from '../../components/badge';
import { DataTable, type ColumnDef } from '../../components/data-table';
import { Page } from '../../components/page';
import { Empty, ErrorBox, Guard } from '../../components/status';
import { SeverityBadge, SEVERITY_RANK } from '../../components/triage-labels';
import { fmtAgo, fmtTime } from '../../format';
import { Link } from '../../router';
import { useSession } from '../../session';
import { EnabledSwitch } from './parts/enabled-switch';
import { PERIOD_MS, frequencyShort, nextRunAt, nextRunShort, nextRunText, scheduleText, type Rule, type RunRecord } from './rule-types';

/** What the list shows beside each rule; GET /api/v1/rules carries it. */
interface RuleStats { lastRun: RunRecord | null; open: number; total: number }

export default function RulesPage() {
  const { can } = useSession();
  const r = useApi<{ rules: Rule[] }>('/api/v1/rules');
  const [enabled, setEnabled] = useState(new Map<string, boolean>());
  const [error, setError] = useState<ApiError | null>(null);
  const rules = useMemo(() => r.data?.rules.map(x => enabled.has(x.id) ? { ...x, enabled: enabled.get(x.id)! } : x) ?? null, [r.data, enabled]);
  const stats = useMemo(() => new Map<string, RuleStats>((r.data?.rules ?? []).map(x => [x.id, { lastRun: x.lastRun ?? null, open: x.alertCounts?.open ?? 0, total: x.alertCounts?.total ?? 0 }])), [r.data]);
  const columns = useMemo(() => ruleColumns(stats, (id, on) => setEnabled(m => new Map(m).set(id, on)), setError), [stats]);

  return (
    <Page title="Detection rules" subtitle="KQL queries that run on a schedule and raise alerts, as Defender's custom detections do."
      actions={can('rules') ? <Link to="/rules/new" className="button primary">New rule</Link> : undefined}>
      {error && <ErrorBox error={error} retry={() => setError(null)} />}
      <Guard r={r}>{() => rules!.length === 0
        ? <Empty title="No rules">Create one here or from a query in <Link to="/hunting">Advanced hunting</Link>.</Empty>
        : <DataTable rows={rules!} columns={columns} rowKey={x => x.id} exportName="picket-rules.csv" label="Detection rules" initialSort={{ key: 'name' }} />}
      </Guard>
    </Page>
  );
}

function ruleColumns(stats: Map<string, RuleStats>, onEnabled: (id: string, on: boolean) => void, onError: (e: ApiError) => void): ColumnDef<Rule>[] {
  const s = (x: Rule) => stats.get(x.id);
  return [
    { key: 'name', title: 'Rule', width: 'minmax(220px, 2fr)', render: x => <span className="rule-name clip"><Link to={`/rules/${encodeURIComponent(x.id)}`} title={x.name}>{x.name}</Link>{x.builtin && <Badge value="built-in" tone="info" />}</span> },
    { key: 'severity', title: 'Severity', width: 138, value: x => SEVERITY_RANK[x.alert.severity], render: x => <SeverityBadge value={x.alert.severity} /> },
    { key: 'enabled', title: 'Enabled', width: 86, value: x => x.enabled ? 'on' : 'off', render: x => <EnabledSwitch id={x.id} name={x.name} enabled={x.enabled} onChanged={on => onEnabled(x.id, on)} onError={onError} /> },
    { key: 'frequency', title: 'Frequency', width: 110, value: x => PERIOD_MS[x.frequency], render: x => <span title={scheduleText(x.frequency)}>{frequencyShort(x.frequency)}</span> },
    { key: 'lastRun', title: 'Last run', width: 120, value: x => s(x)?.lastRun?.startedAt ?? '', render: x => <LastRun stats={s(x)} /> },
    { key: 'nextRun', title: 'Next run', width: 130, value: x => nextRunAt(x) ?? '', render: x => <span title={nextRunAt(x) ? fmtTime(nextRunAt(x)) : nextRunText(x)}>{nextRunShort(x)}</span> },
    { key: 'alerts', title: 'Open / all alerts', width: 130, align: 'right', value: x => s(x)?.total ?? -1, render: x => {
      const st = s(x);
      if (!st) return <span className="muted">…</span>;
      return <Link to={`/alerts?rule=${encodeURIComponent(x.id)}`} title={`${st.open} open of ${st.total} alerts: open them in the queue`}>{st.open} / {st.total}</Link>;
    } },
  ];
}

function LastRun({ stats }: { stats: RuleStats | undefined }) {
  if (!stats) return <span className="muted">…</span>;
  const run = stats.lastRun;
  if (!run) return <span className="muted">never</span>;
  return (
    <span className="last-run" title={`${fmtTime(run.startedAt)}${run.error ? ` — ${run.error}` : ''}`}>
      <Badge value={run.error ? 'failed' : 'ok'} /> {fmtAgo(run.startedAt)}
    </span>
  );
}
