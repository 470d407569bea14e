/** The signed-in account: who, which role and permissions; and changing one's own password. */
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client';
import { errorFor, FormField, isFormLevel, useFocusProblem } from '../../components/form-field';
import { Card } from '../../components/page';
import { ErrorBox } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useSession } from '../../session';
import { Badge } from '../../components/badge';

export function AccountTab() {
  const { me } = useSession();
  return (
    <div className="stack">
      <Card title="Your account">
        <dl className="facts">
          <dt>Name</dt><dd>{me?.name}</dd>
          <dt>Role</dt><dd>{me?.role ?? '–'}</dd>
          <dt>May</dt><dd><span className="badge-row">{me?.permissions.map(p => <Badge key={p} value={p} tone="info" />)}</span></dd>
        </dl>
      </Card>
      {me?.kind === 'user' && <ChangePassword />}
    </div>
  );
}

function ChangePassword() {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const save = useAction();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusProblem(formRef, save.error);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    if (newPassword !== repeat) { save.setError(new ApiError(0, 'mismatch', 'The two new passwords differ.', 'repeat')); return; }
    if (await save.run(() => api.post('/api/v1/auth/password', { currentPassword, newPassword }))) {
      setDone(true); setCurrent(''); setNew(''); setRepeat('');
    }
  };
  return (
    <Card title="Change your password">
      <form ref={formRef} className="form narrow" onSubmit={submit} noValidate>
        {isFormLevel(save.error, ['currentPassword', 'newPassword', 'repeat']) && <ErrorBox error={save.error!} />}
        {done && <p className="notice-good" role="status">Password changed. Your other sessions were signed out.</p>}
        <FormField label="Current password" error={errorFor(save.error, 'currentPassword')}>
          <input type="password" value={currentPassword} onChange={e => setCurrent(e.target.value)} autoComplete="current-password" required />
        </FormField>
        <FormField label="New password" error={errorFor(save.error, 'newPassword')}>
          <input type="password" value={newPassword} onChange={e => setNew(e.target.value)} autoComplete="new-password" required />
        </FormField>
        <FormField label="New password again" error={errorFor(save.error, 'repeat')}>
          <input type="password" value={repeat} onChange={e => setRepeat(e.target.value)} autoComplete="new-password" required />
        </FormField>
        <div><button type="submit" className="primary" disabled={save.busy || !currentPassword || !newPassword}>{save.busy ? 'Changing…' : 'Change password'}</button></div>
      </form>
    </Card>
  );
}
