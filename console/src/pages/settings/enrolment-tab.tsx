/**
 * Enrolment keys: devices enrol with one. Onboarding packages are made here (each with a new key); the list
 * downloads a package again for a key made that way, and revokes keys. Revoking stops new enrolments only.
 */
import { useState } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Badge } from '../../components/badge';
import { SecretOnce } from '../../components/copy-button';
import { Card } from '../../components/page';
import { ErrorBox, Guard } from '../../components/status';
import { useAction } from '../../components/use-action';
import { fmtAgo, fmtNumber, fmtTime } from '../../format';
import { downloadFromApi } from './download';
import { EnrolmentForm, type EnrolmentKey, type Made } from './enrolment-form';

function stateOf(k: EnrolmentKey): { label: string; tone: string } {
  if (k.revokedAt) return { label: 'Revoked', tone: 'muted' };
  if (k.expiresAt && Date.parse(k.expiresAt) < Date.now()) return { label: 'Expired', tone: 'muted' };
  if (k.maxUses !== null && k.uses >= k.maxUses) return { label: 'Used up', tone: 'warn' };
  return { label: 'Active', tone: 'good' };
}

export function EnrolmentTab() {
  const r = useApi<{ keys: EnrolmentKey[] }>('/api/v1/enrollment-keys');
  const [made, setMade] = useState<Made | null>(null);
  const change = useAction();

  const revoke = async (k: EnrolmentKey) => {
    if (!window.confirm(`Revoke the enrolment key "${k.name}"? New devices can no longer enrol with it; enrolled devices keep reporting.`)) return;
    if (await change.run(() => api.delete(`/api/v1/enrollment-keys/${k.id}`))) r.reload();
  };
  const download = (k: EnrolmentKey) => change.run(() => downloadFromApi(`/api/v1/onboarding/package?enrollmentKeyId=${encodeURIComponent(k.id)}`, `picket-onboarding-${k.id}.zip`));

  return (
    <div className="stack">
      {made?.kind === 'key' && (
        <SecretOnce title={`Enrolment key "${made.key.name}" created`} value={made.key.secret} onDone={() => setMade(null)}>
          <p className="muted">Put it in the EnrollmentKey setting of picket-agent.json, or give it to a script that calls POST /api/v1/enroll. No onboarding package can be made for this key later: its secret is not kept.</p>
        </SecretOnce>
      )}
      {made?.kind === 'package' && (
        <div className="secret-once" role="status">
          <strong>Onboarding package "{made.name}" downloaded as {made.filename}</strong>
          <p className="muted">It holds a new enrolment key{made.keyId ? ` (${made.keyId})` : ''}: keep the file as safe as a password. It can be downloaded again from the list below.</p>
          <div><button type="button" onClick={() => setMade(null)}>Done</button></div>
        </div>
      )}
      <EnrolmentForm onMade={m => { setMade(m); r.reload(); }} />
      {change.error && <ErrorBox error={change.error} />}
      <Guard r={r}>
        {({ keys }) => keys.length === 0 ? <Card><p className="muted">No enrolment keys yet. Make an onboarding package above to onboard the first devices.</p></Card> : (
          <Card title={`Enrolment keys (${keys.length})`}>
            <table className="simple-table">
              <thead><tr><th scope="col">Name</th><th scope="col">State</th><th scope="col" className="num">Devices enrolled</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {[...keys].reverse().map(k => {
                  const st = stateOf(k);
                  return (
                    <tr key={k.id}>
                      <td><strong>{k.name}</strong> <span className="muted mono">{k.id}</span></td>
                      <td><Badge value={st.label} tone={st.tone} /></td>
                      <td className="num">{fmtNumber(k.uses)}{k.maxUses !== null && <span className="muted"> / {fmtNumber(k.maxUses)}</span>}</td>
                      <td title={fmtTime(k.createdAt)}>{fmtAgo(k.createdAt)}</td>
                      <td className="nowrap">{k.expiresAt ? fmtTime(k.expiresAt) : 'never'}</td>
                      <td>
                        <div className="button-row end">
                          {st.label === 'Active' && k.package && <button type="button" className="small" onClick={() => void download(k)} disabled={change.busy} aria-label={`Download the onboarding package of ${k.name}`}>Package</button>}
                          {!k.revokedAt && <button type="button" className="small danger" onClick={() => void revoke(k)} disabled={change.busy} aria-label={`Revoke ${k.name}`}>Revoke</button>}
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </Card>
        )}
      </Guard>
    </div>
  );
}
