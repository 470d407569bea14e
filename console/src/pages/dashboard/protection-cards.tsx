/** The fleet's protection: devices by antivirus mode, real-time and tamper protection, signature age. */
import { Card } from '../../components/page';
import { Link } from '../../router';
import { fmtNumber } from '../../format';
import { MODES, SIG_AGES } from '../devices/model';
import { Distribution, type Part } from './distribution';
import { devicesWhere, type FleetSummary, type OnOffCounts } from './model';

const MODE_TONES: Record<string, string> = { active: 'good', passive: 'bad', edrBlock: 'warn', notRunning: 'bad', notReporting: 'muted' };

export function ModeCard({ s }: { s: FleetSummary }) {
  const parts: Part[] = MODES.map(m => ({
    key: m.value, label: m.label, count: s.modes[m.value as keyof FleetSummary['modes']] ?? 0,
    to: devicesWhere({ mode: m.value }), tone: MODE_TONES[m.value], describe: `devices in ${m.label} mode`,
  }));
  return (
    <Card title="Antivirus mode" actions={<Link to="/devices" className="card-link">{fmtNumber(s.devices)} devices</Link>}>
      <Distribution parts={parts} label="Devices by antivirus mode" />
    </Card>
  );
}

function onOffParts(c: OnOffCounts, param: 'rtp' | 'tamper', what: string): Part[] {
  return [
    { key: 'on', label: 'On', count: c.on, tone: 'good', to: devicesWhere({ [param]: 'on' }), describe: `devices with ${what} on` },
    { key: 'off', label: 'Off', count: c.off, tone: 'bad', to: devicesWhere({ [param]: 'off' }), describe: `devices with ${what} off` },
    { key: 'unknown', label: 'Unknown', count: c.unknown, tone: 'muted', to: devicesWhere({ [param]: 'unknown' }), describe: `devices whose ${what} is unknown` },
  ];
}

export function ProtectionCard({ s }: { s: FleetSummary }) {
  return (
    <Card title="Protection">
      <h3 className="subhead">Real-time protection</h3>
      <Distribution parts={onOffParts(s.realTimeProtection, 'rtp', 'real-time protection')} label="Real-time protection" />
      <h3 className="subhead">Tamper protection</h3>
      <Distribution parts={onOffParts(s.tamperProtection, 'tamper', 'tamper protection')} label="Tamper protection" />
    </Card>
  );
}

export function SignatureAgeCard({ s }: { s: FleetSummary }) {
  // the console's own labels: they fit the card and match the device list's filter
  const counts = new Map(s.signatureAge.map(b => [b.bucket, b.count]));
  const parts: Part[] = SIG_AGES.map(b => ({
    key: b.value, label: b.label, count: counts.get(b.value) ?? 0, tone: b.tone,
    to: devicesWhere({ sigAge: b.value }), describe: `reporting devices with signatures ${b.label.toLowerCase()} old`,
  }));
  return (
    <Card title="Signature age">
      <Distribution parts={parts} label="Devices by signature age" />
    </Card>
  );
}
