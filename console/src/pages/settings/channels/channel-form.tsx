/**
 * Create or edit a notification channel. The API checks the settings with the channel's driver and names the
 * field at fault (`config.host`); the message is shown under that field, or above the form when it names none.
 */
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../../api/client';
import { errorFor, FormField, isFormLevel, useFocusProblem } from '../../../components/form-field';
import { Card } from '../../../components/page';
import { ErrorBox } from '../../../components/status';
import { useAction } from '../../../components/use-action';
import { configFrom, formValues, kindOf, KINDS, type ChannelKind, type ChannelView, type FieldSpec } from './kinds';

export interface Saved { channel: ChannelView; generatedSecrets?: Record<string, string> }

export function ChannelForm({ channel, onSaved, onCancel }: { channel: ChannelView | null; onSaved: (s: Saved) => void; onCancel: () => void }) {
  const editing = channel !== null;
  const [name, setName] = useState(channel?.name ?? '');
  const [kind, setKind] = useState<ChannelKind>(channel?.kind ?? 'email');
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [values, setValues] = useState(() => formValues(channel, kind));
  const save = useAction();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusProblem(formRef, save.error);
  const fields = kindOf(kind).fields;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const config = configFrom(values, kind, editing);
    const result = await save.run(() => editing
      ? api.patch<ChannelView>(`/api/v1/notifications/channels/${channel.channelId}`, { name: name.trim(), enabled, config })
      : api.post<ChannelView & { generatedSecrets?: Record<string, string> }>('/api/v1/notifications/channels', { name: name.trim(), kind, enabled, config }));
    if (!result) return;
    const { generatedSecrets, ...view } = result.value as ChannelView & { generatedSecrets?: Record<string, string> };
    onSaved({ channel: view, generatedSecrets });
  };

  const changeKind = (k: ChannelKind) => { setKind(k); setValues(formValues(null, k)); save.setError(null); };
  const names = ['name', 'kind', 'enabled', ...fields.map(f => f.name)];

  return (
    <Card title={editing ? `Edit ${channel.name}` : 'New notification channel'}>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        {isFormLevel(save.error, names) && <ErrorBox error={save.error!} />}
        <div className="row">
          <FormField label="Name" error={errorFor(save.error, 'name')}>
            <input value={name} onChange={e => setName(e.target.value)} required maxLength={200} autoFocus />
          </FormField>
          <FormField label="Kind" error={errorFor(save.error, 'kind')} hint={editing ? 'The kind of a channel cannot change.' : undefined}>
            <select value={kind} onChange={e => changeKind(e.target.value as ChannelKind)} disabled={editing}>
              {KINDS.map(k => <option key={k.kind} value={k.kind}>{k.label}</option>)}
            </select>
          </FormField>
        </div>
        <div className="settings-grid">
          {fields.map(f => (
            <SettingField key={`${kind}.${f.name}`} f={f} value={values[f.name] ?? ''} isSet={channel?.secrets[f.name] === 'set'}
              error={errorFor(save.error, f.name)} onChange={v => setValues(s => ({ ...s, [f.name]: v }))} />
          ))}
        </div>
        <label className="check"><input type="checkbox" checked={enabled} onChange={e => setEnabled(e.target.checked)} /> Enabled: alerts are sent to this channel</label>
        <div className="button-row">
          <button type="submit" className="primary" disabled={save.busy}>{save.busy ? 'Saving…' : editing ? 'Save changes' : 'Create channel'}</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </Card>
  );
}

function SettingField({ f, value, isSet, error, onChange }: { f: FieldSpec; value: string; isSet: boolean; error?: string; onChange: (v: string) => void }) {
  const label = <>{f.label}{f.required && <span className="required" aria-hidden="true"> *</span>}</>;
  const hint = f.secret && isSet ? <>Set. Leave empty to keep it.{f.hint ? ' ' + f.hint : ''}</> : f.hint;
  const placeholder = f.secret && isSet ? '•••••• (unchanged)' : f.placeholder;
  const common = { value, placeholder, 'aria-required': f.required || undefined, onChange: (e: { target: { value: string } }) => onChange(e.target.value) };
  const control = f.input === 'select'
    ? <select {...common}><option value="">{f.required ? 'Choose…' : 'Default'}</option>{f.options!.map(o => <option key={o} value={o}>{o}</option>)}</select>
    : f.input === 'textarea' ? <textarea {...common} rows={4} spellCheck={false} />
    : <input {...common} type={f.name === 'password' || f.name === 'secret' ? 'password' : 'text'} inputMode={f.input === 'number' ? 'numeric' : undefined}
        autoComplete={f.secret ? 'new-password' : 'off'} spellCheck={false} />;
  return <FormField label={label} hint={hint} error={error} className={f.input === 'textarea' ? 'span-all' : undefined}>{control}</FormField>;
}
