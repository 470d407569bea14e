/**
 * The dashboard: the fleet's protection at a glance, refreshed every minute. Every number is a link to the
 * filtered list behind it (devices, incidents, alerts, or the detections in advanced hunting).
 */
import { useApi } from '../../api/use-api';
import { Page } from '../../components/page';
import { Empty, Guard } from '../../components/status';
import { Link } from '../../router';
import { useSession } from '../../session';
import { fmtAgo, fmtTime } from '../../format';
import { StatTile } from './distribution';
import { DetectionsCard } from './detections-card';
import { IncidentsCard } from './incidents-card';
import { detectionsHuntUrl, openIncidentsUrl, type FleetSummary } from './model';
import { ModeCard, ProtectionCard, SignatureAgeCard } from './protection-cards';
import { TopDevices, TopThreats } from './top-lists';

const REFRESH_MS = 60_000;

export default function DashboardPage() {
  const r = useApi<FleetSummary>('/api/v1/fleet/summary', { refreshMs: REFRESH_MS });
  const { can } = useSession();
  const updated = r.data?.generatedAt;
  return (
    <Page title="Dashboard"
      subtitle={updated ? <span title={fmtTime(updated)}>Updated {fmtAgo(updated)} · refreshes every minute</span> : 'Fleet protection at a glance'}
      actions={<button type="button" onClick={r.reload} disabled={r.loading}>{r.loading && r.data ? 'Refreshing…' : 'Refresh'}</button>}>
      <Guard r={r}>
        {s => (
          <>
            {s.devices === 0 && (
              <Empty title="No devices have reported yet">
                Enrol a device with an enrolment key and the Picket agent; its state appears here within minutes.{' '}
                {can('admin') ? <Link to="/settings?tab=enrolment">Create an enrolment key</Link> : 'Ask an administrator for an enrolment key.'}
              </Empty>
            )}
            <div className="grid grid-4">
              <StatTile value={s.devices} label="devices" to="/devices" />
              <StatTile value={s.incidents.open} label="open incidents" to={openIncidentsUrl()} tone={s.incidents.open ? 'bad' : undefined} />
              <StatTile value={s.alerts.open} label="open alerts" to="/alerts?status=open" tone={s.alerts.open ? 'warn' : undefined} />
              <StatTile value={s.detections.total} label="detections in 30 days" to={detectionsHuntUrl()} />
            </div>
            <div className="grid grid-3">
              <ModeCard s={s} />
              <ProtectionCard s={s} />
              <SignatureAgeCard s={s} />
            </div>
            <div className="grid grid-3">
              <DetectionsCard s={s} />
              <IncidentsCard s={s} />
            </div>
            <div className="grid grid-2">
              <TopThreats s={s} />
              <TopDevices s={s} />
            </div>
          </>
        )}
      </Guard>
    </Page>
  );
}
