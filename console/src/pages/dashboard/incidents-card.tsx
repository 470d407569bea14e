/** Open incidents by severity; each count opens the incident queue filtered to it. */
import { Card } from '../../components/page';
import { Link } from '../../router';
import { fmtNumber } from '../../format';
import { Distribution, type Part } from './distribution';
import { openIncidentsUrl, type FleetSummary } from './model';

const SEVERITIES = [
  { key: 'High', tone: 'bad' }, { key: 'Medium', tone: 'warn' }, { key: 'Low', tone: 'info' }, { key: 'Informational', tone: 'muted' },
] as const;

export function IncidentsCard({ s }: { s: FleetSummary }) {
  const parts: Part[] = SEVERITIES.map(v => ({
    key: v.key, label: v.key, tone: v.tone, count: s.incidents.openBySeverity[v.key] ?? 0,
    to: openIncidentsUrl(v.key), describe: `open incidents of ${v.key.toLowerCase()} severity`,
  }));
  return (
    <Card title="Open incidents" actions={<Link to={openIncidentsUrl()} className="card-link">{fmtNumber(s.incidents.open)} open</Link>}>
      {s.incidents.open === 0 && <p className="muted">No open incidents.</p>}
      <Distribution parts={parts} label="Open incidents by severity" />
    </Card>
  );
}
