/** Sign in; on a new installation, create the first administrator with the setup token the server printed. */
import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client';
import { useSession } from '../session';
import { ErrorBox } from '../components/status';

interface AuthStatus { setupRequired: boolean; sso: { enabled: boolean; label?: string; loginUrl?: string } }

export function SignInPage() {
  const { signIn, refresh } = useSession();
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [setupToken, setSetupToken] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { api.get<AuthStatus>('/api/v1/auth/status').then(setStatus, e => setError(e as ApiError)); }, []);
  const setup = status?.setupRequired ?? false;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true); setError(null);
    try {
      if (setup) {
        await api.post('/api/v1/auth/setup', { setupToken: setupToken.trim(), username, password });
        await refresh();
      } else {
        await signIn(username, password);
      }
    } catch (err) { setError(err instanceof ApiError ? err : new ApiError(0, 'client', String(err))); }
    finally { setBusy(false); }
  };

  return (
    <div className="signin">
      <form className="signin-card" onSubmit={submit} aria-label={setup ? 'Create the first administrator' : 'Sign in'}>
        <h1><span className="brand-mark" aria-hidden="true">▲</span> Picket</h1>
        <p className="muted">{setup ? 'New installation: create the first administrator with the one-time setup token the server printed when it started.' : 'Defender Antivirus fleet console'}</p>
        {setup && <label>Setup token<input value={setupToken} onChange={e => setSetupToken(e.target.value)} autoComplete="off" required /></label>}
        <label>Username<input name="username" value={username} onChange={e => setUsername(e.target.value)} autoComplete="username" autoFocus required /></label>
        <label>Password<input name="password" type="password" value={password} onChange={e => setPassword(e.target.value)} autoComplete={setup ? 'new-password' : 'current-password'} required /></label>
        {error && <ErrorBox error={error} />}
        <button type="submit" className="primary" disabled={busy}>{busy ? 'Signing in…' : setup ? 'Create administrator' : 'Sign in'}</button>
        {status?.sso.enabled && <a className="button" href={status.sso.loginUrl}>Sign in with {status.sso.label ?? 'single sign-on'}</a>}
      </form>
    </div>
  );
}
