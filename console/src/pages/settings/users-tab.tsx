/** Users (admin): the list, create with a role, change role, disable or enable, delete. */
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Badge } from '../../components/badge';
import { errorFor, FormField, isFormLevel, useFocusProblem } from '../../components/form-field';
import { Card } from '../../components/page';
import { ErrorBox, Guard } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useSession } from '../../session';
import { fmtAgo, fmtTime } from '../../format';
import { ROLES } from './roles';

interface User { id: string; username: string; displayName: string; role: string; source: 'local' | 'oidc'; createdAt: string; lastLoginAt: string | null; disabled: boolean }

function NewUser({ onDone }: { onDone: () => void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState('analyst');
  const [password, setPassword] = useState('');
  const save = useAction();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusProblem(formRef, save.error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { username: username.trim(), role, password, ...(displayName.trim() ? { displayName: displayName.trim() } : {}) };
    if (await save.run(() => api.post('/api/v1/users', body))) onDone();
  };
  return (
    <Card title="New user">
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        {isFormLevel(save.error, ['username', 'displayName', 'role', 'password']) && <ErrorBox error={save.error!} />}
        <div className="row">
          <FormField label="User name" error={errorFor(save.error, 'username')} hint="What they type to sign in; an e-mail address fits.">
            <input value={username} onChange={e => setUsername(e.target.value)} autoComplete="off" required autoFocus />
          </FormField>
          <FormField label="Display name" error={errorFor(save.error, 'displayName')}>
            <input value={displayName} onChange={e => setDisplayName(e.target.value)} autoComplete="off" />
          </FormField>
        </div>
        <div className="row">
          <FormField label="Role" error={errorFor(save.error, 'role')} hint={ROLES.find(r => r.value === role)?.what}>
            <select value={role} onChange={e => setRole(e.target.value)}>{ROLES.map(r => <option key={r.value} value={r.value}>{r.label}</option>)}</select>
          </FormField>
          <FormField label="Initial password" error={errorFor(save.error, 'password')} hint="Tell it to them over another channel.">
            <input type="password" value={password} onChange={e => setPassword(e.target.value)} autoComplete="new-password" required />
          </FormField>
        </div>
        <div className="button-row">
          <button type="submit" className="primary" disabled={save.busy}>{save.busy ? 'Creating…' : 'Create user'}</button>
          <button type="button" onClick={onDone}>Cancel</button>
        </div>
      </form>
    </Card>
  );
}

export function UsersTab() {
  const r = useApi<{ users: User[] }>('/api/v1/users');
  const { me } = useSession();
  const [adding, setAdding] = useState(false);
  const change = useAction();
  const patch = async (u: User, body: Partial<Pick<User, 'role' | 'disabled'>>) => {
    if (await change.run(() => api.patch(`/api/v1/users/${u.id}`, body))) r.reload();
  };
  const remove = async (u: User) => {
    if (!window.confirm(`Delete the user ${u.username}? Their sessions end; what they did stays in the audit log.`)) return;
    if (await change.run(() => api.delete(`/api/v1/users/${u.id}`))) r.reload();
  };

  return (
    <div className="stack">
      {adding ? <NewUser onDone={() => { setAdding(false); r.reload(); }} />
        : <div className="button-row"><button type="button" className="primary" onClick={() => setAdding(true)}>New user</button></div>}
      {change.error && <ErrorBox error={change.error} />}
      <Guard r={r}>
        {({ users }) => (
          <Card title={`Users (${users.length})`}>
            <table className="simple-table">
              <thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Sign-in</th><th scope="col">Last sign-in</th><th scope="col">State</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {users.map(u => {
                  const self = me?.kind === 'user' && me.id === u.id;
                  return (
                    <tr key={u.id}>
                      <td><strong>{u.displayName || u.username}</strong>{u.displayName && u.displayName !== u.username && <span className="muted"> {u.username}</span>}{self && <span className="muted"> (you)</span>}</td>
                      <td>
                        <select aria-label={`Role of ${u.username}`} value={u.role} disabled={change.busy} onChange={e => void patch(u, { role: e.target.value })}>
                          {ROLES.map(x => <option key={x.value} value={x.value}>{x.label}</option>)}
                        </select>
                      </td>
                      <td>{u.source === 'oidc' ? 'Single sign-on' : 'Password'}</td>
                      <td title={fmtTime(u.lastLoginAt)}>{u.lastLoginAt ? fmtAgo(u.lastLoginAt) : 'never'}</td>
                      <td>{u.disabled ? <Badge value="Disabled" tone="bad" /> : <Badge value="Active" tone="good" />}</td>
                      <td>
                        <div className="button-row end">
                          <button type="button" className="small" disabled={change.busy || self} title={self ? 'You cannot disable your own account' : undefined}
                            onClick={() => void patch(u, { disabled: !u.disabled })}>{u.disabled ? 'Enable' : 'Disable'}</button>
                          <button type="button" className="small danger" disabled={change.busy || self} title={self ? 'You cannot delete your own account' : undefined}
                            onClick={() => void remove(u)} aria-label={`Delete ${u.username}`}>Delete</button>
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
