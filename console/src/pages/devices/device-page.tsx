/**
 * One device: its current state and onboarding, response actions, the history of its state, detections,
 * event timeline, installed software and alerts. Each tab loads its own data when it is opened.
 */
import { useApi } from '../../api/use-api';
import { Page } from '../../components/page';
import { Guard } from '../../components/status';
import { TabList, TabPanel, useTab, type TabDef } from '../../components/tabs';
import { Link } from '../../router';
import { fmtAgo, fmtTime } from '../../format';
import { ModeBadge } from './badges';
import type { DeviceDetail } from './model';
import { Overview } from './device/overview';
import { StateHistory } from './device/history';
import { Detections } from './device/detections';
import { Timeline } from './device/timeline';
import { Software } from './device/software';
import { DeviceAlerts } from './device/alerts';

const TABS: TabDef[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'history', label: 'State history' },
  { id: 'detections', label: 'Detections' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'software', label: 'Software' },
  { id: 'alerts', label: 'Alerts' },
];

export default function DevicePage({ params }: { params: Record<string, string> }) {
  const id = params.id;
  const base = `/api/v1/devices/${encodeURIComponent(id)}`;
  const r = useApi<DeviceDetail>(base, { refreshMs: 60_000 });
  const tab = useTab(TABS);
  const d = r.data?.device;
  return (
    <Page
      title={<>{d?.deviceName || id} {d && <ModeBadge mode={d.mode} />}</>}
      subtitle={d
        ? <><span className="mono">{d.deviceId}</span> · {[d.osPlatform, d.osVersion].filter(Boolean).join(' ') || 'OS unknown'} · <span title={fmtTime(d.lastSeen)}>last seen {fmtAgo(d.lastSeen)}</span></>
        : <Link to="/devices">All devices</Link>}
      actions={<>
        <Link to="/devices" className="button">All devices</Link>
        <button type="button" onClick={r.reload} disabled={r.loading}>{r.loading && r.data ? 'Refreshing…' : 'Refresh'}</button>
      </>}>
      <Guard r={r}>
        {detail => (
          <>
            <TabList tabs={TABS} selected={tab} label="Device" />
            <TabPanel id={tab}>
              {tab === 'overview' && <Overview detail={detail} base={base} />}
              {tab === 'history' && <StateHistory history={detail.history} />}
              {tab === 'detections' && <Detections base={base} />}
              {tab === 'timeline' && <Timeline base={base} />}
              {tab === 'software' && <Software software={detail.software} deviceName={detail.device.deviceName} />}
              {tab === 'alerts' && <DeviceAlerts deviceId={detail.device.deviceId} />}
            </TabPanel>
          </>
        )}
      </Guard>
    </Page>
  );
}
