/** The alert queue: every alert the rules raised, newest first, filtered by severity, status, rule, device and time. */
import { useMemo } from 'react';
import { qs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Page } from '../../components/page';
import { Guard } from '../../components/status';
import { SEVERITY_OPTIONS } from '../../components/triage-labels';
import { Link, useLocation } from '../../router';
import type { Alert } from './alert-types';
import { AlertsTable } from './parts/alerts-table';
import { DeviceFilter, FilterBar, Pager, RANGES, RangeFilter, RuleFilter, SeverityFilter, StatusFilter, STATUS_FILTERS, isoParam, pageOf, param } from './parts/queue-filters';

const PAGE = 200;
const KEYS = ['severity', 'status', 'rule', 'device', 'range', 'since', 'until'];

export default function AlertsPage() {
  const { query } = useLocation();
  const rules = useApi<{ rules: { id: string; name: string }[] }>('/api/v1/rules');
  const severity = param(query, 'severity', SEVERITY_OPTIONS);
  const status = param(query, 'status', STATUS_FILTERS);
  const ruleId = param(query, 'rule');
  const deviceId = param(query, 'device');
  const range = param(query, 'range', Object.keys(RANGES));
  const page = pageOf(query);
  // the start of the window is fixed when the range is chosen, so the URL the list loads from stays the same
  const preset = useMemo(() => range ? new Date(Math.floor((Date.now() - RANGES[range].ms) / 60_000) * 60_000).toISOString() : undefined, [range]);
  const since = isoParam(query, 'since') ?? preset;
  const until = isoParam(query, 'until');
  const r = useApi<{ alerts: Alert[]; total: number }>(`/api/v1/alerts${qs({ severity, status, ruleId, deviceId, since, until, limit: PAGE, offset: (page - 1) * PAGE })}`, { refreshMs: 30_000 });
  const filtered = KEYS.some(k => query.get(k));

  return (
    <Page title="Alerts" subtitle={r.data ? `${r.data.total.toLocaleString('en-US')} alert${r.data.total === 1 ? '' : 's'}${filtered ? ' match the filters' : ''}` : 'What the detection rules raised'}
      actions={<Link to="/incidents" className="button">Incidents</Link>}>
      <FilterBar keys={KEYS}>
        <SeverityFilter q={query} />
        <StatusFilter q={query} />
        <RuleFilter q={query} rules={rules.data?.rules ?? []} />
        <DeviceFilter q={query} />
        <RangeFilter q={query} />
      </FilterBar>
      <Guard r={r}>{d => (
        <>
          <AlertsTable alerts={d.alerts} columns={['title', 'severity', 'status', 'device', 'rule', 'timestamp', 'createdAt']} exportName="picket-alerts.csv"
            empty={filtered ? 'No alert matches these filters.' : 'No alerts yet. Enabled rules raise alerts when their queries find something.'} />
          <Pager page={page} size={PAGE} total={d.total} />
        </>
      )}</Guard>
    </Page>
  );
}
