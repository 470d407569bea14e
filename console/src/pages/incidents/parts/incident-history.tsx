/** An incident's history, newest first: created, alerts added, status / classification / assignee changes, comments. */
import type { ReactNode } from 'react';
import { classificationLabel, statusLabel } from '../../../components/triage-labels';
import { fmtAgo, fmtTime } from '../../../format';
import { Link } from '../../../router';
import type { HistoryEntry } from '../../alerts/alert-types';

const str = (v: unknown) => v === null || v === undefined ? null : String(v);

function describe(h: HistoryEntry): ReactNode {
  const d = h.detail;
  const from = str(d.from), to = str(d.to);
  switch (h.kind) {
    case 'created': return <>opened the incident</>;
    case 'alert_added': return <>added alert <Link to={`/alerts/${encodeURIComponent(String(d.alertId))}`}>{String(d.title ?? d.alertId)}</Link></>;
    case 'status': return <>changed the status from {statusLabel(from ?? 'new')} to <strong>{statusLabel(to ?? '')}</strong></>;
    case 'classification': return <>classified it as <strong>{classificationLabel(to as never)}</strong>{from ? <> (was {classificationLabel(from as never)})</> : null}</>;
    case 'assignee': return to ? <>assigned it to <strong>{to}</strong></> : <>unassigned it{from ? ` (was ${from})` : ''}</>;
    case 'comment': return <>commented</>;
    case 'alert_status': return <>set alert <Link to={`/alerts/${encodeURIComponent(String(d.alertId))}`}>{String(d.alertId)}</Link> to {statusLabel(to ?? '')}</>;
    default: return <>{h.kind} <code>{JSON.stringify(d)}</code></>;
  }
}

export function IncidentHistory({ history }: { history: HistoryEntry[] }) {
  if (!history.length) return <p className="muted">No history.</p>;
  return (
    <ol className="history-list">
      {[...history].reverse().map(h => (
        <li key={h.seq}>
          <span className="muted history-time" title={fmtTime(h.at)}>{fmtAgo(h.at)}</span>
          <span><strong>{h.actor}</strong> {describe(h)}</span>
        </li>
      ))}
    </ol>
  );
}
