/** Notification channels: the list, create and edit, delete, and "Send a test" with what the receiver answered. */
import { useState } from 'react';
import { api, type ApiError } from '../../../api/client';
import { useApi } from '../../../api/use-api';
import { Badge } from '../../../components/badge';
import { SecretOnce } from '../../../components/copy-button';
import { Card } from '../../../components/page';
import { ErrorBox, Guard } from '../../../components/status';
import { toApiError, useAction } from '../../../components/use-action';
import { fmtAgo, fmtTime } from '../../../format';
import { ChannelForm, type Saved } from './channel-form';
import { destination, kindLabel, type ChannelView } from './kinds';

type TestOutcome = { busy: true } | { ok: true; at: number } | { error: ApiError };

export function ChannelsTab() {
  const r = useApi<{ channels: ChannelView[] }>('/api/v1/notifications/channels');
  const [editing, setEditing] = useState<ChannelView | 'new' | null>(null);
  const [created, setCreated] = useState<Saved | null>(null);
  const [tests, setTests] = useState<Record<string, TestOutcome>>({});
  const del = useAction();

  const saved = (s: Saved) => {
    setEditing(null);
    if (s.generatedSecrets && Object.keys(s.generatedSecrets).length) setCreated(s);
    r.reload();
  };
  const test = async (c: ChannelView) => {
    setTests(t => ({ ...t, [c.channelId]: { busy: true } }));
    try {
      await api.post(`/api/v1/notifications/channels/${c.channelId}/test`);
      setTests(t => ({ ...t, [c.channelId]: { ok: true, at: Date.now() } }));
    } catch (e) { setTests(t => ({ ...t, [c.channelId]: { error: toApiError(e) } })); }
  };
  const remove = async (c: ChannelView) => {
    if (!window.confirm(`Delete the channel "${c.name}"? Its subscriptions go with it, and what it still had to send is cancelled.`)) return;
    if (await del.run(() => api.delete(`/api/v1/notifications/channels/${c.channelId}`))) r.reload();
  };

  return (
    <div className="stack">
      {created && (
        <SecretOnce title={`Channel "${created.channel.name}" created with a generated signing secret`} value={Object.values(created.generatedSecrets!)[0]} onDone={() => setCreated(null)}>
          <p className="muted">Give it to the receiver: it verifies each request's X-Picket-Signature with it.</p>
        </SecretOnce>
      )}
      {editing ? <ChannelForm key={editing === 'new' ? 'new' : editing.channelId} channel={editing === 'new' ? null : editing} onSaved={saved} onCancel={() => setEditing(null)} /> : (
        <div className="button-row"><button type="button" className="primary" onClick={() => setEditing('new')}>New channel</button></div>
      )}
      {del.error && <ErrorBox error={del.error} />}
      <Guard r={r}>
        {({ channels }) => channels.length === 0 ? (
          <Card><p className="muted">No notification channels yet. Create one to have alerts sent by e-mail, to Teams or Slack, a webhook or syslog; then subscribe it to severities under Subscriptions.</p></Card>
        ) : (
          <Card title={`Channels (${channels.length})`}>
            <table className="simple-table">
              <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Sends to</th><th scope="col">State</th><th scope="col">Changed</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
              <tbody>
                {channels.map(c => (
                  <tr key={c.channelId}>
                    <td><strong>{c.name}</strong></td>
                    <td>{kindLabel(c.kind)}</td>
                    <td className="ellipsis wide" title={destination(c)}>{destination(c)}</td>
                    <td>{c.enabled ? <Badge value="Enabled" /> : <Badge value="Disabled" />}</td>
                    <td title={fmtTime(c.updatedAt)}>{fmtAgo(c.updatedAt)}</td>
                    <td>
                      <div className="button-row end">
                        <button type="button" className="small" onClick={() => void test(c)} disabled={'busy' in (tests[c.channelId] ?? {})}>Send a test</button>
                        <button type="button" className="small" onClick={() => { setCreated(null); setEditing(c); }}>Edit</button>
                        <button type="button" className="small danger" onClick={() => void remove(c)} aria-label={`Delete ${c.name}`}>Delete</button>
                      </div>
                      <TestResult outcome={tests[c.channelId]} />
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

function TestResult({ outcome }: { outcome: TestOutcome | undefined }) {
  if (!outcome) return null;
  if ('busy' in outcome) return <p className="test-result muted" role="status">Sending a test…</p>;
  if ('ok' in outcome) return <p className="test-result good" role="status">Delivered: the receiver accepted the test message.</p>;
  return <p className="test-result bad" role="alert">Not delivered: {outcome.error.message}</p>;
}
