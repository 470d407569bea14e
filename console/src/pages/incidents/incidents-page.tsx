/** The incident queue: alerts grouped per device (or user), filtered by severity, status, rule, classification, assignee, device and time. */
import { useMemo } from 'react';
import { qs } from '../../api/client';
import { useApi } from '../../api/use-api';
import { DataTable, type ColumnDef } from '../../components/data-table';
import { Page } from '../../components/page';
import { Clip } from '../../components/clip';
import { Guard } from '../../components/status';
import { CLASSIFICATION_OPTIONS, SEVERITY_OPTIONS, SEVERITY_RANK, SeverityBadge, StatusBadge, classificationLabel } from '../../components/triage-labels';
import { fmtAgo, fmtTime } from '../../format';
import { Link, useLocation } from '../../router';
import type { Incident } from '../alerts/alert-types';
import { AssigneeFilter, ClassificationFilter, DeviceFilter, FilterBar, Pager, RANGES, RangeFilter, RuleFilter, SeverityFilter, StatusFilter, STATUS_FILTERS, isoParam, pageOf, param } from '../alerts/parts/queue-filters';

const PAGE = 200;
const KEYS = ['severity', 'status', 'rule', 'classification', 'assignee', 'device', 'range', 'since', 'until'];

const COLUMNS: ColumnDef<Incident>[] = [
  { key: 'title', title: 'Incident', width: 'minmax(220px, 2fr)', render: i => <Clip title={i.title}><Link to={`/incidents/${encodeURIComponent(i.incidentId)}`}>{i.title}</Link></Clip> },
  { key: 'severity', title: 'Severity', width: 104, value: i => SEVERITY_RANK[i.severity], render: i => <SeverityBadge value={i.severity} /> },
  { key: 'status', title: 'Status', width: 104, render: i => <StatusBadge value={i.status} /> },
  { key: 'alertCount', title: 'Alerts', width: 70, align: 'right' },
  { key: 'device', title: 'Device', width: 'minmax(150px, 1fr)', value: i => i.deviceName ?? i.deviceId ?? '',
    render: i => i.deviceId ? <Clip><Link to={`/devices/${encodeURIComponent(i.deviceId)}`}>{i.deviceName || i.deviceId}</Link></Clip> : <span className="muted">–</span> },
  { key: 'assignee', title: 'Assigned to', width: 120, value: i => i.assignee ?? '', render: i => i.assignee ?? <span className="muted">unassigned</span> },
  { key: 'classification', title: 'Classification', width: 120, value: i => classificationLabel(i.classification), render: i => i.classification ? classificationLabel(i.classification) : <span className="muted">–</span> },
  { key: 'updatedAt', title: 'Last activity', width: 110, render: i => <span title={fmtTime(i.updatedAt)}>{fmtAgo(i.updatedAt)}</span> },
];

export default function IncidentsPage() {
  const { query } = useLocation();
  const severity = param(query, 'severity', SEVERITY_OPTIONS);
  const status = param(query, 'status', STATUS_FILTERS);
  const classification = param(query, 'classification', CLASSIFICATION_OPTIONS);
  const assignee = param(query, 'assignee');
  const deviceId = param(query, 'device');
  const ruleId = param(query, 'rule');
  const rules = useApi<{ rules: { id: string; name: string }[] }>('/api/v1/rules');
  const range = param(query, 'range', Object.keys(RANGES));
  // the window's start is fixed when the range is chosen, so the list's URL stays the same between refreshes
  const preset = useMemo(() => range ? new Date(Math.floor((Date.now() - RANGES[range].ms) / 60_000) * 60_000).toISOString() : undefined, [range]);
  const since = isoParam(query, 'since') ?? preset;
  const until = isoParam(query, 'until');
  const page = pageOf(query);
  const r = useApi<{ incidents: Incident[]; total: number }>(`/api/v1/incidents${qs({ severity, status, ruleId, classification, assignee, deviceId, since, until, limit: PAGE, offset: (page - 1) * PAGE })}`, { refreshMs: 30_000 });
  const filtered = KEYS.some(k => query.get(k));

  return (
    <Page title="Incidents" subtitle={r.data ? `${r.data.total.toLocaleString('en-US')} incident${r.data.total === 1 ? '' : 's'}${filtered ? ' match the filters' : ''}` : 'Alerts grouped per device'}
      actions={<Link to="/alerts" className="button">All alerts</Link>}>
      <FilterBar keys={KEYS}>
        <SeverityFilter q={query} />
        <StatusFilter q={query} />
        <RuleFilter q={query} rules={rules.data?.rules ?? []} />
        <ClassificationFilter q={query} />
        <AssigneeFilter q={query} />
        <DeviceFilter q={query} />
        <RangeFilter q={query} />
      </FilterBar>
      <Guard r={r}>{d => (
        <>
          <DataTable rows={d.incidents} columns={COLUMNS} rowKey={i => i.incidentId} exportName="picket-incidents.csv" label="Incidents"
            empty={filtered ? 'No incident matches these filters.' : 'No incidents yet: they open when rules raise alerts.'} />
          <Pager page={page} size={PAGE} total={d.total} />
        </>
      )}</Guard>
    </Page>
  );
}
