/** Triage an incident: status, classification and assignee, each PATCHed as it changes (triage permission). */
import { useEffect, useState } from 'react';
import { CLASSIFICATION_OPTIONS, classificationLabel } from '../../../components/triage-labels';
import { useSession } from '../../../session';
import { StatusControl } from '../../alerts/parts/status-control';
import type { IncidentDetail } from '../../alerts/alert-types';

export type IncidentChange = { status?: string; classification?: string | null; assignee?: string | null };

export function IncidentTriage({ incident, busy, onChange }: { incident: IncidentDetail; busy: boolean; onChange: (c: IncidentChange) => void }) {
  const { me, can } = useSession();
  const allowed = can('triage');
  const [assignee, setAssignee] = useState(incident.assignee ?? '');
  useEffect(() => setAssignee(incident.assignee ?? ''), [incident.assignee]);
  const assign = (who: string | null) => { if ((who ?? null) !== incident.assignee) onChange({ assignee: who }); };
  const open = incident.status !== 'resolved';

  return (
    <div className="triage">
      <StatusControl id="incident-status" value={incident.status} busy={busy} onChange={s => onChange({ status: s })} />
      <label className="inline-label" htmlFor="incident-classification">Classification
        <select id="incident-classification" value={incident.classification ?? ''} disabled={busy || !allowed}
          onChange={e => onChange({ classification: e.target.value || null })}>
          <option value="">{classificationLabel(null)}</option>
          {CLASSIFICATION_OPTIONS.map(c => <option key={c} value={c}>{classificationLabel(c)}</option>)}
        </select>
      </label>
      <form className="inline-label assignee" onSubmit={e => { e.preventDefault(); assign(assignee.trim() || null); }}>
        <label htmlFor="incident-assignee">Assigned to</label>
        <input id="incident-assignee" value={assignee} placeholder="unassigned" disabled={busy || !allowed} maxLength={200}
          onChange={e => setAssignee(e.target.value)} onBlur={() => assign(assignee.trim() || null)} />
        {allowed && me && incident.assignee !== me.name && <button type="button" className="link" disabled={busy} onMouseDown={e => e.preventDefault()} onClick={() => assign(me.name)}>Assign to me</button>}
      </form>
      {open && allowed && <small className="muted">Resolving the incident resolves its {incident.alertCount} alert{incident.alertCount === 1 ? '' : 's'}.</small>}
      {!allowed && <small className="muted">Your role can read incidents but not triage them.</small>}
    </div>
  );
}
