/** Create or edit a subscription: which alerts (severities, rules) a channel receives, one by one or as a digest. */
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { errorFor, FormField, isFormLevel, useFocusProblem } from '../../components/form-field';
import { Card } from '../../components/page';
import { ErrorBox } from '../../components/status';
import { useAction } from '../../components/use-action';
import type { ChannelView } from './channels/kinds';

export interface Subscription {
  subscriptionId: string; channelId: string; severities: string[]; ruleIds: string[] | null;
  digestMinutes: number | null; enabled: boolean; createdAt: string; updatedAt: string;
}
export interface RuleRef { id: string; name: string }

export const SEVERITIES = ['high', 'medium', 'low', 'informational'];
export const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

export function SubscriptionForm({ sub, channels, rules, onSaved, onCancel }: {
  sub: Subscription | null; channels: ChannelView[]; rules: RuleRef[]; onSaved: () => void; onCancel: () => void;
}) {
  const [channelId, setChannelId] = useState(sub?.channelId ?? channels[0]?.channelId ?? '');
  const [severities, setSeverities] = useState<string[]>(sub?.severities ?? ['high', 'medium']);
  const [allRules, setAllRules] = useState(sub ? sub.ruleIds === null : true);
  const [ruleIds, setRuleIds] = useState<string[]>(sub?.ruleIds ?? []);
  const [digest, setDigest] = useState(sub?.digestMinutes ? String(sub.digestMinutes) : '');
  const [enabled, setEnabled] = useState(sub?.enabled ?? true);
  const save = useAction();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusProblem(formRef, save.error);
  const isEmail = channels.find(c => c.channelId === channelId)?.kind === 'email';

  const toggle = (list: string[], v: string) => list.includes(v) ? list.filter(x => x !== v) : [...list, v];
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      severities: SEVERITIES.filter(s => severities.includes(s)),
      ruleIds: allRules ? null : ruleIds,
      digestMinutes: isEmail && digest.trim() ? (/^\d+$/.test(digest.trim()) ? Number(digest.trim()) : digest) : null,
      enabled,
    };
    const ok = await save.run(() => sub
      ? api.patch(`/api/v1/notifications/subscriptions/${sub.subscriptionId}`, body)
      : api.post('/api/v1/notifications/subscriptions', { channelId, ...body }));
    if (ok) onSaved();
  };

  return (
    <Card title={sub ? 'Edit subscription' : 'New subscription'}>
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        {isFormLevel(save.error, ['channelId', 'severities', 'ruleIds', 'digestMinutes']) && <ErrorBox error={save.error!} />}
        <FormField label="Channel" error={errorFor(save.error, 'channelId')} hint={sub ? 'To send to another channel, create a new subscription.' : undefined}>
          <select value={channelId} onChange={e => setChannelId(e.target.value)} disabled={!!sub}>
            {channels.map(c => <option key={c.channelId} value={c.channelId}>{c.name} ({c.kind})</option>)}
          </select>
        </FormField>
        <fieldset>
          <legend>Severities</legend>
          <div className="row">
            {SEVERITIES.map(s => (
              <label key={s} className="check"><input type="checkbox" checked={severities.includes(s)} onChange={() => setSeverities(v => toggle(v, s))} /> {cap(s)}</label>
            ))}
          </div>
          {errorFor(save.error, 'severities') && <span className="field-error">{errorFor(save.error, 'severities')}</span>}
        </fieldset>
        <fieldset>
          <legend>Rules</legend>
          <label className="check"><input type="radio" name="rules" checked={allRules} onChange={() => setAllRules(true)} /> Every rule, including rules created later</label>
          <label className="check"><input type="radio" name="rules" checked={!allRules} onChange={() => setAllRules(false)} /> Only these rules</label>
          {!allRules && (
            <div className="check-list" role="group" aria-label="Rules">
              {rules.length === 0 && <span className="muted">No detection rules yet.</span>}
              {rules.map(r => (
                <label key={r.id} className="check"><input type="checkbox" checked={ruleIds.includes(r.id)} onChange={() => setRuleIds(v => toggle(v, r.id))} /> {r.name}</label>
              ))}
            </div>
          )}
          {errorFor(save.error, 'ruleIds') && <span className="field-error">{errorFor(save.error, 'ruleIds')}</span>}
        </fieldset>
        {isEmail && (
          <FormField label="Digest every (minutes)" error={errorFor(save.error, 'digestMinutes')} hint="Empty: one e-mail per alert. A number (1–1440): one e-mail with every alert of that period.">
            <input value={digest} onChange={e => setDigest(e.target.value)} inputMode="numeric" placeholder="one e-mail per alert" />
          </FormField>
        )}
        <label className="check"><input type="checkbox" checked={enabled} onChange={e => setEnabled(e.target.checked)} /> Enabled</label>
        <div className="button-row">
          <button type="submit" className="primary" disabled={save.busy || !channelId}>{save.busy ? 'Saving…' : sub ? 'Save changes' : 'Create subscription'}</button>
          <button type="button" onClick={onCancel}>Cancel</button>
        </div>
      </form>
    </Card>
  );
}
