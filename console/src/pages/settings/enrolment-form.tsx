/**
 * Onboard devices: make an onboarding package (a new enrolment key inside a zip with the agent and its
 * settings; POST /api/v1/onboarding/package), or only an enrolment key whose secret is shown once.
 */
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { errorFor, FormField, isFormLevel, useFocusProblem } from '../../components/form-field';
import { Card } from '../../components/page';
import { ErrorBox } from '../../components/status';
import { useAction } from '../../components/use-action';
import { useSession } from '../../session';
import { downloadFromApi } from './download';

export interface EnrolmentKey { id: string; name: string; createdAt: string; expiresAt: string | null; revokedAt: string | null; uses: number; maxUses: number | null; package: boolean }
export type Made = { kind: 'package'; name: string; filename: string; keyId: string | null } | { kind: 'key'; key: EnrolmentKey & { secret: string } };

const FIELDS = ['name', 'expiresInDays', 'maxUses', 'serverUrl'];
const int = (s: string) => s.trim() === '' ? undefined : /^\d+$/.test(s.trim()) ? Number(s.trim()) : s;
const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_') || 'picket';

export function EnrolmentForm({ onMade }: { onMade: (m: Made) => void }) {
  const { me } = useSession();
  const [name, setName] = useState('');
  const [days, setDays] = useState('30');
  const [maxUses, setMaxUses] = useState('');
  const [serverUrl, setServerUrl] = useState('');
  const save = useAction();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusProblem(formRef, save.error);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const keyOnly = ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.value === 'key';
    const key = { name: name.trim(), expiresInDays: int(days), maxUses: int(maxUses) };
    if (keyOnly) {
      const res = await save.run(() => api.post<EnrolmentKey & { secret: string }>('/api/v1/enrollment-keys', key));
      if (res) { setName(''); onMade({ kind: 'key', key: res.value }); }
      return;
    }
    const body = { ...key, ...(serverUrl.trim() ? { serverUrl: serverUrl.trim() } : {}) };
    const res = await save.run(() => downloadFromApi('/api/v1/onboarding/package', `picket-onboarding-${safe(key.name)}.zip`, { body, csrfToken: me?.csrfToken }));
    if (res) { setName(''); onMade({ kind: 'package', name: key.name, filename: res.value.filename, keyId: res.value.headers.get('x-picket-enrollment-key-id') }); }
  };

  return (
    <Card title="Onboard devices">
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        <p className="muted">An onboarding package holds the Picket agent, this server's address and a new enrolment key: run Install-PicketAgent.ps1 from it on a device, or deploy it with Group Policy, Intune or Configuration Manager (its README says how).</p>
        {isFormLevel(save.error, FIELDS) && <ErrorBox error={save.error!} />}
        <div className="row">
          <FormField label="Name" error={errorFor(save.error, 'name')} hint="Which devices, e.g. Head office laptops">
            <input value={name} onChange={e => setName(e.target.value)} maxLength={200} required />
          </FormField>
          <FormField label="Key expires after (days)" error={errorFor(save.error, 'expiresInDays')} hint="Empty: never">
            <input value={days} onChange={e => setDays(e.target.value)} inputMode="numeric" className="short" />
          </FormField>
          <FormField label="Most devices" error={errorFor(save.error, 'maxUses')} hint="Empty: no limit">
            <input value={maxUses} onChange={e => setMaxUses(e.target.value)} inputMode="numeric" className="short" />
          </FormField>
        </div>
        <FormField label="Server address the devices use" error={errorFor(save.error, 'serverUrl')} hint={`Empty: ${window.location.origin}, the address you are using now.`}>
          <input value={serverUrl} onChange={e => setServerUrl(e.target.value)} placeholder={window.location.origin} spellCheck={false} />
        </FormField>
        <div className="button-row">
          <button type="submit" value="package" className="primary" disabled={save.busy}>{save.busy ? 'Working…' : 'Download onboarding package'}</button>
          <button type="submit" value="key" disabled={save.busy}>Create the key only</button>
        </div>
      </form>
    </Card>
  );
}
