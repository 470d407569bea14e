/** The device at a glance: protection state, onboarding, response actions, and every field of its last report. */
import { Card } from '../../../components/page';
import { Link } from '../../../router';
import { fmtNumber } from '../../../format';
import { ModeBadge, OnOffBadge, SigAgeBadge } from '../badges';
import type { DeviceDetail } from '../model';
import { ResponseActions } from './actions';
import { Onboarding, When } from './onboarding';

const Text = ({ v }: { v: string | null | undefined }) => v ? <span className="mono">{v}</span> : <span className="muted">unknown</span>;

export function Overview({ detail, base }: { detail: DeviceDetail; base: string }) {
  const d = detail.device;
  return (
    <div className="stack">
      <div className="grid grid-2">
        <Card title="Current state">
          <dl className="facts">
            <dt>Antivirus mode</dt><dd><ModeBadge mode={d.mode} />{d.amRunningMode && <span className="muted"> AMRunningMode: {d.amRunningMode}</span>}</dd>
            <dt>Real-time protection</dt><dd><OnOffBadge value={d.realTimeProtection} /></dd>
            <dt>Tamper protection</dt><dd><OnOffBadge value={d.tamperProtection} /></dd>
            <dt>Signatures</dt><dd><Text v={d.signatureVersion} /> <SigAgeBadge days={d.signatureAgeDays} /></dd>
            <dt>Engine</dt><dd><Text v={d.engineVersion} /></dd>
            <dt>Platform</dt><dd><Text v={d.platformVersion} /></dd>
            <dt>Last status report</dt><dd><When iso={d.lastReportAt} /></dd>
            <dt>Open alerts</dt><dd>{d.openAlerts ? <Link to={`?tab=alerts`}>{fmtNumber(d.openAlerts)}</Link> : '0'}</dd>
          </dl>
        </Card>
        <Onboarding detail={detail} />
      </div>
      <ResponseActions base={base} />
      <Card title="Latest status report">
        <RecordDetails record={detail.status} summary="Every Get-MpComputerStatus field" empty="This device has not sent a status report yet." />
      </Card>
      <Card title="Device information">
        <RecordDetails record={detail.info} summary="Every DeviceInfo field" empty="No DeviceInfo row for this device yet." />
      </Card>
    </div>
  );
}

export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '–';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** All fields of a row, collapsed by default: useful, but long. */
function RecordDetails({ record, summary, empty }: { record: Record<string, unknown> | null; summary: string; empty: string }) {
  if (!record) return <p className="muted">{empty}</p>;
  const keys = Object.keys(record).sort((a, b) => a.localeCompare(b));
  return (
    <details>
      <summary>{summary} ({keys.length})</summary>
      <dl className="facts facts-compact">
        {keys.map(k => <div key={k} className="contents"><dt>{k}</dt><dd className="mono">{showValue(record[k])}</dd></div>)}
      </dl>
    </details>
  );
}
