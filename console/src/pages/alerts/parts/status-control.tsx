/** A status select that PATCHes at once (alerts and incidents); read-only without the triage permission. */
import { STATUS_OPTIONS, statusLabel } from '../../../components/triage-labels';
import { useSession } from '../../../session';

export function StatusControl({ id, value, busy, onChange }: { id: string; value: string; busy: boolean; onChange: (status: string) => void }) {
  const { can } = useSession();
  return (
    <label className="inline-label" htmlFor={id}>Status
      <select id={id} value={value} disabled={busy || !can('triage')} onChange={e => onChange(e.target.value)} title={can('triage') ? undefined : 'Your role cannot triage'}>
        {STATUS_OPTIONS.map(s => <option key={s} value={s}>{statusLabel(s)}</option>)}
      </select>
    </label>
  );
}
