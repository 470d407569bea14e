/**
 * Response actions: ask the agent for a quick or full scan, a signature update, or its state now, and follow
 * each request's status. Only roles that may triage see the buttons; everyone with read access sees the list.
 */
import { useEffect, useState } from 'react';
import { api, ApiError } from '../../../api/client';
import { useApi } from '../../../api/use-api';
import { Badge } from '../../../components/badge';
import { Card } from '../../../components/page';
import { ErrorBox } from '../../../components/status';
import { useSession } from '../../../session';
import { fmtAgo, fmtTime } from '../../../format';
import { showValue } from './overview';

type Kind = 'quick_scan' | 'full_scan' | 'update_signatures' | 'send_state';
type Status = 'pending' | 'running' | 'done' | 'failed' | 'expired';

/** src/agent/actions.ts ResponseAction, as GET and POST /api/v1/devices/:id/actions return it. */
interface Action {
  id: string; kind: Kind; status: Status; requestedBy: string; comment: string | null; requestedAt: string; updatedAt: string | null;
  expiresAt?: string; startedAt?: string | null; finishedAt?: string | null; result: Record<string, unknown> | null;
}

const KINDS: { kind: Kind; label: string }[] = [
  { kind: 'quick_scan', label: 'Quick scan' },
  { kind: 'full_scan', label: 'Full scan' },
  { kind: 'update_signatures', label: 'Update signatures' },
  { kind: 'send_state', label: 'Send state now' },
];
const labelOf = (k: string) => KINDS.find(x => x.kind === k)?.label ?? k;

export function ResponseActions({ base }: { base: string }) {
  const { can } = useSession();
  const [busy, setBusy] = useState<Kind | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [pollFast, setPollFast] = useState(false);
  const list = useApi<{ actions: Action[] }>(`${base}/actions`, { refreshMs: pollFast ? 5_000 : 60_000 });
  const actions = list.data?.actions ?? [];
  const waiting = actions.some(a => a.status === 'pending' || a.status === 'running');
  // while the agent has something to do, look more often
  useEffect(() => setPollFast(waiting), [waiting]);

  const request = async (kind: Kind) => {
    setBusy(kind); setError(null);
    try { await api.post(`${base}/actions`, { kind }); list.reload(); }
    catch (e) { setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e))); }
    finally { setBusy(null); }
  };

  return (
    <Card title="Response actions" actions={can('triage') && (
      <div className="button-row">
        {KINDS.map(k => (
          <button key={k.kind} type="button" onClick={() => void request(k.kind)} disabled={busy !== null}>
            {busy === k.kind ? 'Requesting…' : k.label}
          </button>
        ))}
      </div>
    )}>
      {error && <div className="card-error"><ErrorBox error={error} /></div>}
      {list.error && (
        <div className="stack-tight">
          <ErrorBox error={list.error} retry={list.reload} />
          {list.error.status === 404 && <p className="muted">Response actions may not be available on this server yet.</p>}
        </div>
      )}
      {!list.error && !list.data && <p className="muted">Loading actions…</p>}
      {list.data && (actions.length === 0 ? <p className="muted">No actions requested for this device.{can('triage') ? ' Use the buttons above to request one; the agent picks it up at its next check-in.' : ''}</p> : (
        <table className="simple-table">
          <thead><tr><th scope="col">Action</th><th scope="col">Status</th><th scope="col">Requested</th><th scope="col">By</th><th scope="col">Updated</th><th scope="col">Result</th></tr></thead>
          <tbody>
            {actions.map(a => (
              <tr key={a.id}>
                <td>{labelOf(a.kind)}</td>
                <td><Badge value={a.status} /></td>
                <td title={fmtTime(a.requestedAt)}>{fmtAgo(a.requestedAt)}</td>
                <td>{a.requestedBy ?? '–'}</td>
                <td title={fmtTime(a.updatedAt)}>{a.updatedAt ? fmtAgo(a.updatedAt) : '–'}</td>
                <td className="wrap">{showValue(a.result)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </Card>
  );
}
