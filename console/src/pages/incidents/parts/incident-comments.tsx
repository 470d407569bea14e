/** An incident's comments, oldest first, and a box to add one (POST /api/v1/incidents/:id/comments). */
import { useState, type FormEvent } from 'react';
import { fmtAgo, fmtTime } from '../../../format';
import { useSession } from '../../../session';
import type { IncidentDetail } from '../../alerts/alert-types';

export function IncidentComments({ incident, busy, onAdd }: { incident: IncidentDetail; busy: boolean; onAdd: (text: string) => Promise<boolean> }) {
  const { can } = useSession();
  const [text, setText] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() && await onAdd(text.trim())) setText('');
  };
  return (
    <div className="comments">
      {incident.comments.length === 0 ? <p className="muted">No comments yet.</p> : (
        <ol className="comment-list">
          {incident.comments.map((c, i) => (
            <li key={i}>
              <div className="comment-head"><strong>{c.actor}</strong> <span className="muted" title={fmtTime(c.at)}>{fmtAgo(c.at)}</span></div>
              <p className="prose">{c.text}</p>
            </li>
          ))}
        </ol>
      )}
      {can('triage') && (
        <form className="comment-form" onSubmit={e => void submit(e)}>
          <label htmlFor="incident-comment">Add a comment</label>
          <textarea id="incident-comment" rows={3} value={text} maxLength={10_000} onChange={e => setText(e.target.value)}
            onKeyDown={e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e); }} placeholder="What you found, what you did (Ctrl+Enter adds it)" />
          <div><button type="submit" className="primary" disabled={busy || !text.trim()}>Add comment</button></div>
        </form>
      )}
    </div>
  );
}
