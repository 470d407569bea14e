/** API tokens for scripts (admin): create with a role (the token is shown once), list, revoke. */
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Badge } from '../../components/badge';
import { SecretOnce } from '../../components/copy-button';
import { errorFor, FormField, isFormLevel, useFocusProblem } from '../../components/form-field';
import { Card } from '../../components/page';
import { ErrorBox, Guard } from '../../components/status';
import { useAction } from '../../components/use-action';
import { fmtAgo, fmtTime } from '../../format';
import { ROLES } from './roles';

interface Token { id: string; name: string; role: string; createdBy: string | null; createdAt: string; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null }

const roleLabel = (r: string) => ROLES.find(x => x.value === r)?.label ?? r;

export function TokensTab() {
  const r = useApi<{ tokens: Token[] }>('/api/v1/tokens');
  const [name, setName] = useState('');
  const [role, setRole] = useState('viewer');
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<(Token & { token: string }) | null>(null);
  const create = useAction(), change = useAction();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusProblem(formRef, create.error);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const d = days.trim();
    const body = { name: name.trim(), role, ...(d ? { expiresInDays: /^\d+$/.test(d) ? Number(d) : d } : {}) };
    const res = await create.run(() => api.post<Token & { token: string }>('/api/v1/tokens', body));
    if (res) { setCreated(res.value); setName(''); r.reload(); }
  };
  const revoke = async (t: Token) => {
    if (!window.confirm(`Revoke the API token "${t.name}"? Scripts using it stop working at once.`)) return;
    if (await change.run(() => api.delete(`/api/v1/tokens/${t.id}`))) r.reload();
  };

  return (
    <div className="stack">
      {created && (
        <SecretOnce title={`API token "${created.name}" created`} value={created.token} onDone={() => setCreated(null)}>
          <p className="muted">Scripts send it as <code>Authorization: Bearer …</code></p>
        </SecretOnce>
      )}
      <Card title="New API token">
        <form ref={formRef} className="form" onSubmit={submit} noValidate>
          {isFormLevel(create.error, ['name', 'role', 'expiresInDays']) && <ErrorBox error={create.error!} />}
          <div className="row">
            <FormField label="Name" error={errorFor(create.error, 'name')} hint="What uses it, e.g. Nightly export">
              <input value={name} onChange={e => setName(e.target.value)} maxLength={200} required />
            </FormField>
            <FormField label="Role" error={errorFor(create.error, 'role')} hint={ROLES.find(x => x.value === role)?.what}>
              <select value={role} onChange={e => setRole(e.target.value)}>{ROLES.map(x => <option key={x.value} value={x.value}>{x.label}</option>)}</select>
            </FormField>
            <FormField label="Expires after (days)" error={errorFor(create.error, 'expiresInDays')} hint="Empty: never">
              <input value={days} onChange={e => setDays(e.target.value)} inputMode="numeric" className="short" />
            </FormField>
          </div>
          <div><button type="submit" className="primary" disabled={create.busy}>{create.busy ? 'Creating…' : 'Create token'}</button></div>
        </form>
      </Card>
      {change.error && <ErrorBox error={change.error} />}
      <Guard r={r}>
        {({ tokens }) => tokens.length === 0 ? <Card><p className="muted">No API tokens yet.</p></Card> : (
          <Card title={`API tokens (${tokens.length})`}>
            <table className="simple-table">
              <thead><tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {[...tokens].reverse().map(t => {
                  const expired = !t.revokedAt && t.expiresAt && Date.parse(t.expiresAt) < Date.now();
                  return (
                    <tr key={t.id}>
                      <td><strong>{t.name}</strong> <span className="muted mono">{t.id}</span></td>
                      <td>{roleLabel(t.role)}</td>
                      <td>{t.revokedAt ? <Badge value="Revoked" tone="muted" /> : expired ? <Badge value="Expired" tone="muted" /> : <Badge value="Active" tone="good" />}</td>
                      <td title={fmtTime(t.createdAt)}>{fmtAgo(t.createdAt)}{t.createdBy && <span className="muted"> by {t.createdBy}</span>}</td>
                      <td className="nowrap">{t.expiresAt ? fmtTime(t.expiresAt) : 'never'}</td>
                      <td title={fmtTime(t.lastUsedAt)}>{t.lastUsedAt ? fmtAgo(t.lastUsedAt) : 'never'}</td>
                      <td><div className="button-row end">{!t.revokedAt && <button type="button" className="small danger" onClick={() => void revoke(t)} disabled={change.busy}>Revoke</button>}</div></td>
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
