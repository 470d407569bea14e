/** Saved queries (GET/POST/PUT/DELETE /api/v1/saved-queries): open one, save the editor's query, overwrite, delete. */
import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client';
import { useApi } from '../../api/use-api';
import { ErrorBox, Loading } from '../../components/status';
import { fmtAgo } from '../../format';

export interface SavedQuery { id: string; name: string; query: string; description?: string; updatedAt?: string; createdAt?: string; owner?: string | null }
type ListBody = SavedQuery[] | { queries?: SavedQuery[]; savedQueries?: SavedQuery[]; items?: SavedQuery[] };

const listOf = (b: ListBody): SavedQuery[] => Array.isArray(b) ? b : b.queries ?? b.savedQueries ?? b.items ?? [];

export function SavedQueries({ current, onOpen }: { current: () => string; onOpen: (q: SavedQuery) => void }) {
  const r = useApi<ListBody>('/api/v1/saved-queries');
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const act = async (work: () => Promise<unknown>) => {
    setBusy(true); setError(null);
    try { await work(); r.reload(); } catch (e) { setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e))); } finally { setBusy(false); }
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const query = current().trim();
    if (!name.trim() || !query) { setError(new ApiError(0, 'client', query ? 'Give the query a name.' : 'The editor is empty: nothing to save.', query ? 'name' : 'query')); return; }
    void act(async () => { await api.post('/api/v1/saved-queries', { name: name.trim(), query }); setName(''); });
  };

  if (r.error && !r.data) return <ErrorBox error={r.error} retry={r.reload} />;
  const items = r.data ? listOf(r.data) : null;
  return (
    <div className="saved-queries">
      <form className="saved-form" onSubmit={save}>
        <label>Save the current query as<input value={name} onChange={e => setName(e.target.value)} placeholder="Name" maxLength={200} /></label>
        <button type="submit" disabled={busy}>Save</button>
      </form>
      {error && <ErrorBox error={error} />}
      {!items ? <Loading /> : items.length === 0 ? <p className="muted">No saved queries yet.</p> : (
        <ul className="side-list">
          {items.map(q => (
            <li key={q.id}>
              <button type="button" className="side-item" onClick={() => onOpen(q)} title={q.query}>
                <strong>{q.name}</strong>
                <span className="muted">{q.description ? `${q.description} · ` : ''}{q.updatedAt ? `saved ${fmtAgo(q.updatedAt)}` : ''}</span>
              </button>
              <div className="side-item-actions">
                <button type="button" className="link" disabled={busy} onClick={() => void act(() => api.put(`/api/v1/saved-queries/${encodeURIComponent(q.id)}`, { name: q.name, query: current(), ...(q.description ? { description: q.description } : {}) }))}
                  title="Replace this saved query's text with the editor's">Overwrite</button>
                <button type="button" className="link danger-link" disabled={busy} onClick={() => { if (confirm(`Delete the saved query “${q.name}”?`)) void act(() => api.delete(`/api/v1/saved-queries/${encodeURIComponent(q.id)}`)); }}>Delete</button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
