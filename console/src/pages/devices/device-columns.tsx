/**
 * The device table's columns: what each cell shows, and the plain value it sorts and exports by. Fixed widths keep
 * the header and the virtualised rows aligned; what triage needs first comes first, versions after (scroll).
 */
import type { ColumnDef } from '../../components/data-table';
import { Badge } from '../../components/badge';
import { Link } from '../../router';
import { fmtAgo, fmtNumber, fmtTime } from '../../format';
import { ModeBadge, OnOffBadge, SigAgeBadge, onOffText } from './badges';
import type { DeviceRow } from './model';

const deviceUrl = (id: string, tab?: string) => `/devices/${encodeURIComponent(id)}${tab ? `?tab=${tab}` : ''}`;
const mono = (v: string | null) => <span className="mono">{v ?? '–'}</span>;

export const DEVICE_COLUMNS: ColumnDef<DeviceRow>[] = [
  {
    key: 'deviceName', title: 'Name', width: 230,
    render: d => <><Link to={deviceUrl(d.deviceId)}>{d.deviceName || d.deviceId}</Link>{d.revoked && <> <Badge value="Revoked" tone="muted" /></>}</>,
  },
  { key: 'mode', title: 'Mode', width: 132, render: d => <ModeBadge mode={d.mode} /> },
  { key: 'realTimeProtection', title: 'Real-time', width: 104, value: d => onOffText(d.realTimeProtection), render: d => <OnOffBadge value={d.realTimeProtection} /> },
  { key: 'tamperProtection', title: 'Tamper', width: 104, value: d => onOffText(d.tamperProtection), render: d => <OnOffBadge value={d.tamperProtection} /> },
  { key: 'signatureAgeDays', title: 'Signature age', width: 128, align: 'right', render: d => <SigAgeBadge days={d.signatureAgeDays} /> },
  { key: 'lastSeen', title: 'Last seen', width: 100, render: d => <span title={fmtTime(d.lastSeen)}>{fmtAgo(d.lastSeen)}</span> },
  {
    key: 'openAlerts', title: 'Open alerts', width: 104, align: 'right',
    render: d => d.openAlerts ? <Link to={deviceUrl(d.deviceId, 'alerts')} aria-label={`${d.openAlerts} open alerts on ${d.deviceName}`}>{fmtNumber(d.openAlerts)}</Link> : <span className="muted">0</span>,
  },
  { key: 'signatureVersion', title: 'Signatures', width: 124, render: d => mono(d.signatureVersion) },
  { key: 'engineVersion', title: 'Engine', width: 124, render: d => mono(d.engineVersion) },
  { key: 'platformVersion', title: 'Platform', width: 124, render: d => mono(d.platformVersion) },
  { key: 'agentVersion', title: 'Agent', width: 88, render: d => mono(d.agentVersion) },
  { key: 'os', title: 'OS', width: 180, value: d => [d.osPlatform, d.osVersion].filter(Boolean).join(' ') || null },
];
