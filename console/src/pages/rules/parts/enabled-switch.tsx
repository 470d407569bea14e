/** A rule's enabled flag as a switch (PATCH /api/v1/rules/:id {enabled}); read-only without the rules permission. */
import { useState } from 'react';
import { api, ApiError } from '../../../api/client';
import { useSession } from '../../../session';
import { ruleUrl } from '../rule-types';

export function EnabledSwitch({ id, name, enabled, onChanged, onError }: {
  id: string; name: string; enabled: boolean; onChanged: (enabled: boolean) => void; onError: (e: ApiError) => void;
}) {
  const { can } = useSession();
  const [busy, setBusy] = useState(false);
  const toggle = async () => {
    setBusy(true);
    try {
      await api.patch(ruleUrl(id), { enabled: !enabled });
      onChanged(!enabled);
    } catch (e) { onError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e))); } finally { setBusy(false); }
  };
  return (
    <label className="switch" title={can('rules') ? (enabled ? 'Disable this rule' : 'Enable this rule') : 'Your role cannot change rules'}>
      <input type="checkbox" role="switch" checked={enabled} disabled={busy || !can('rules')} onChange={() => void toggle()} aria-label={`${name}: enabled`} />
      <span aria-hidden="true">{enabled ? 'On' : 'Off'}</span>
    </label>
  );
}
