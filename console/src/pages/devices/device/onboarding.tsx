/** The device's onboarding: enrolment, last contact, and what its agent last said about itself (errors, gaps). */
import { Badge } from '../../../components/badge';
import { Card } from '../../../components/page';
import { fmtAgo, fmtNumber, fmtTime } from '../../../format';
import type { AgentHealth, DeviceDetail } from '../model';

export const When = ({ iso }: { iso: string | null | undefined }) => iso
  ? <span title={fmtTime(iso)}>{fmtAgo(iso)} <span className="muted">({fmtTime(iso)})</span></span>
  : <span className="muted">never</span>;

const HOW: Record<string, string> = { agent: 'Its own agent', collector: 'Its own agent, also collecting for others', forwarded: 'Forwarded by a Windows Event Collector' };

export function Onboarding({ detail }: { detail: DeviceDetail }) {
  const d = detail.device, a = detail.agent;
  return (
    <Card title="Onboarding">
      <dl className="facts">
        <dt>Status</dt><dd>{d.revoked ? <Badge value="Revoked" tone="bad" /> : <Badge value="Enrolled" tone="good" />}</dd>
        <dt>Enrolled</dt><dd><When iso={d.enrolledAt} /></dd>
        <dt>Last seen</dt><dd><When iso={d.lastSeen} /></dd>
        <dt>Agent version</dt><dd>{d.agentVersion ?? a?.agentVersion ? <span className="mono">{d.agentVersion ?? a?.agentVersion}</span> : <span className="muted">unknown</span>}</dd>
        {a && <AgentFacts a={a} />}
        {a === undefined && <><dt>Agent errors</dt><dd className="muted">not reported by this server</dd></>}
        {a === null && <><dt>Agent errors</dt><dd className="muted">the agent has not reported on itself yet</dd></>}
      </dl>
    </Card>
  );
}

function AgentFacts({ a }: { a: AgentHealth }) {
  return (
    <>
      <dt>Reports through</dt><dd>{a.mode ? HOW[a.mode] ?? a.mode : 'unknown'}{a.mode === 'forwarded' && a.collector ? ` (${a.collector})` : ''}</dd>
      {a.psVersion && <><dt>PowerShell</dt><dd className="mono">{a.psVersion}</dd></>}
      <dt>Last agent run</dt><dd><When iso={a.lastRunAt} /></dd>
      <dt>Agent errors</dt>
      <dd>
        {a.errors.length === 0 ? <Badge value="None" tone="good" /> : (
          <ul className="plain-list">
            {a.errors.map((e, i) => <li key={i}><span className="muted">{e.at ? fmtTime(e.at) : ''} {e.step}:</span> {e.message}</li>)}
          </ul>
        )}
      </dd>
      {a.missing.length > 0 && <><dt>Not available on the device</dt><dd className="mono">{a.missing.join(', ')}</dd></>}
      {(a.sendFailures || a.lastSendError) && <><dt>Failed sends</dt><dd>{fmtNumber(a.sendFailures ?? 0)}{a.lastSendError && <span className="muted"> · last: {a.lastSendError}</span>}</dd></>}
      <dt>Event log gaps</dt>
      <dd>{a.gaps.length === 0 ? <Badge value="None" tone="good" /> : <Badge value={`${fmtNumber(a.gaps.length)} gaps, ${fmtNumber(a.missingRecords)} records lost`} tone="warn" />}</dd>
    </>
  );
}
