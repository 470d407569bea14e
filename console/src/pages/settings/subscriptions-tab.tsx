/** Subscriptions: which alerts go to which channel. A channel receives nothing until it has one. */
import { useState } from 'react';
import { api } from '../../api/client';
import { useApi } from '../../api/use-api';
import { Badge } from '../../components/badge';
import { Card } from '../../components/page';
import { ErrorBox, Guard } from '../../components/status';
import { useAction } from '../../components/use-action';
import { setQuery } from '../../router';
import type { ChannelView } from './channels/kinds';
import { cap, SubscriptionForm, type RuleRef, type Subscription } from './subscription-form';

export function SubscriptionsTab() {
  const subs = useApi<{ subscriptions: Subscription[] }>('/api/v1/notifications/subscriptions');
  const channels = useApi<{ channels: ChannelView[] }>('/api/v1/notifications/channels');
  const rules = useApi<{ rules: RuleRef[] }>('/api/v1/rules');
  const [editing, setEditing] = useState<Subscription | 'new' | null>(null);
  const change = useAction();

  const channelList = channels.data?.channels ?? [];
  const channelName = (id: string) => channelList.find(c => c.channelId === id)?.name ?? id;
  const ruleName = (id: string) => rules.data?.rules.find(r => r.id === id)?.name ?? id;
  const patch = async (s: Subscription, body: Partial<Subscription>) => {
    if (await change.run(() => api.patch(`/api/v1/notifications/subscriptions/${s.subscriptionId}`, body))) subs.reload();
  };
  const remove = async (s: Subscription) => {
    if (!window.confirm(`Delete this subscription of ${channelName(s.channelId)}?`)) return;
    if (await change.run(() => api.delete(`/api/v1/notifications/subscriptions/${s.subscriptionId}`))) subs.reload();
  };

  return (
    <div className="stack">
      {channels.error && <ErrorBox error={channels.error} retry={channels.reload} />}
      {rules.error && <ErrorBox error={rules.error} retry={rules.reload} />}
      {editing && channels.data ? (
        <SubscriptionForm key={editing === 'new' ? 'new' : editing.subscriptionId} sub={editing === 'new' ? null : editing}
          channels={channelList} rules={rules.data?.rules ?? []} onCancel={() => setEditing(null)} onSaved={() => { setEditing(null); subs.reload(); }} />
      ) : channels.data && channelList.length === 0 ? (
        <Card><p className="muted">Create a notification channel first, then subscribe it to alerts here. <button type="button" className="link" onClick={() => setQuery({ tab: 'channels' }, { replace: false })}>Go to channels</button></p></Card>
      ) : (
        <div className="button-row"><button type="button" className="primary" onClick={() => setEditing('new')} disabled={!channels.data}>New subscription</button></div>
      )}
      {change.error && <ErrorBox error={change.error} />}
      <Guard r={subs}>
        {({ subscriptions }) => subscriptions.length === 0 ? <Card><p className="muted">No subscriptions: no alert is sent anywhere yet.</p></Card> : (
          <Card title={`Subscriptions (${subscriptions.length})`}>
            <table className="simple-table">
              <thead><tr><th scope="col">Channel</th><th scope="col">Severities</th><th scope="col">Rules</th><th scope="col">Delivery</th><th scope="col">State</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {subscriptions.map(s => (
                  <tr key={s.subscriptionId}>
                    <td><strong>{channelName(s.channelId)}</strong></td>
                    <td><span className="badge-row">{s.severities.map(v => <Badge key={v} value={cap(v)} />)}</span></td>
                    <td className="ellipsis wide" title={s.ruleIds?.map(ruleName).join(', ')}>{s.ruleIds === null ? 'Every rule' : s.ruleIds.map(ruleName).join(', ')}</td>
                    <td>{s.digestMinutes ? `Digest every ${s.digestMinutes} min` : 'Each alert'}</td>
                    <td>{s.enabled ? <Badge value="Enabled" /> : <Badge value="Disabled" />}</td>
                    <td>
                      <div className="button-row end">
                        <button type="button" className="small" onClick={() => void patch(s, { enabled: !s.enabled })} disabled={change.busy}>{s.enabled ? 'Disable' : 'Enable'}</button>
                        <button type="button" className="small" onClick={() => setEditing(s)} disabled={!channels.data}>Edit</button>
                        <button type="button" className="small danger" onClick={() => void remove(s)} disabled={change.busy}>Delete</button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        )}
      </Guard>
    </div>
  );
}
