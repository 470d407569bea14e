/**
 * The device's events, newest first, 200 at a time ("Load older" follows the page's `next` cursor). Each event opens to
 * show its AdditionalFields, where Defender puts most of what matters (threat name, action, scan type …).
 */
import { Fragment, useMemo, useState } from 'react';
import { api, ApiError } from '../../../api/client';
import { useApi } from '../../../api/use-api';
import { Guard, ErrorBox } from '../../../components/status';
import { fmtTime } from '../../../format';
import type { TimelineEvent } from '../model';
import { showValue } from './overview';

const LIMIT = 200;
interface TimelinePage { events: TimelineEvent[]; next: string | null }
const keyOf = (e: TimelineEvent) => `${e.timestamp}|${e.reportId}|${e.actionType}|${e.sha1}|${e.fileName}`;
const pathOf = (e: TimelineEvent) => [e.folderPath, e.fileName].filter(Boolean).join(e.folderPath?.includes('/') ? '/' : '\\');

export function Timeline({ base }: { base: string }) {
  const first = useApi<TimelinePage>(`${base}/timeline?limit=${LIMIT}`);
  const [older, setOlder] = useState<TimelineEvent[]>([]);
  const [paging, setPaging] = useState<{ busy: boolean; next: string | null | undefined; error: ApiError | null }>({ busy: false, next: undefined, error: null });
  const [openKeys, setOpenKeys] = useState<Set<string>>(new Set());
  const [filter, setFilter] = useState('');

  const events = useMemo(() => {
    const seen = new Set<string>(), out: TimelineEvent[] = [];
    for (const e of [...(first.data?.events ?? []), ...older]) { const k = keyOf(e); if (!seen.has(k)) { seen.add(k); out.push(e); } }
    return out;
  }, [first.data, older]);
  const needle = filter.trim().toLowerCase();
  const shown = needle ? events.filter(e => [e.actionType, e.fileName, e.folderPath, e.initiatingProcess, e.sha1].some(v => v?.toLowerCase().includes(needle))) : events;
  const next = paging.next === undefined ? first.data?.next ?? null : paging.next;
  const done = first.data !== null && next === null;

  const loadOlder = async () => {
    if (!next) return;
    setPaging(p => ({ ...p, busy: true, error: null }));
    try {
      const r = await api.get<TimelinePage>(`${base}/timeline?limit=${LIMIT}&cursor=${encodeURIComponent(next)}`);
      setOlder(o => [...o, ...r.events]);
      setPaging({ busy: false, next: r.next, error: null });
    } catch (e) {
      setPaging(p => ({ busy: false, next: p.next, error: e instanceof ApiError ? e : new ApiError(0, 'client', String(e)) }));
    }
  };
  const toggle = (k: string) => setOpenKeys(s => { const n = new Set(s); if (n.has(k)) n.delete(k); else n.add(k); return n; });

  return (
    <Guard r={first}>
      {() => events.length === 0 ? <p className="muted">No events from this device yet.</p> : (
        <div className="stack">
          <div className="table-toolbar">
            <input type="search" aria-label="Filter the events" placeholder="Filter by action type, file, process…" value={filter} onChange={e => setFilter(e.target.value)} />
            <span className="table-count">{shown.length === events.length ? `${events.length} events loaded` : `${shown.length} of ${events.length} loaded events`}</span>
          </div>
          <div className="table-wrap card-flat">
            <table className="simple-table timeline">
              <thead><tr><th scope="col">Time</th><th scope="col">Action type</th><th scope="col">File</th><th scope="col">Initiating process</th><th scope="col"><span className="visually-hidden">Details</span></th></tr></thead>
              <tbody>
                {shown.map(e => {
                  const k = keyOf(e), open = openKeys.has(k), id = `ev-${k.replace(/[^A-Za-z0-9]/g, '')}`;
                  return (
                    <Fragment key={k}>
                      <tr className={open ? 'is-open' : undefined}>
                        <td className="nowrap">{fmtTime(e.timestamp)}</td>
                        <td><strong>{e.actionType ?? '–'}</strong></td>
                        <td className="mono ellipsis" title={pathOf(e)}>{e.fileName || <span className="muted">–</span>}</td>
                        <td className="mono ellipsis" title={e.initiatingProcess ?? ''}>{e.initiatingProcess || <span className="muted">–</span>}</td>
                        <td className="nowrap"><button type="button" className="small" aria-expanded={open} aria-controls={id} onClick={() => toggle(k)}>{open ? 'Hide' : 'Details'}</button></td>
                      </tr>
                      {open && (
                        <tr id={id} className="event-details"><td colSpan={5}><EventDetails e={e} /></td></tr>
                      )}
                    </Fragment>
                  );
                })}
              </tbody>
            </table>
          </div>
          {paging.error && <ErrorBox error={paging.error} retry={() => void loadOlder()} />}
          {done ? <p className="muted">That is every event the server keeps for this device.</p>
            : <div><button type="button" onClick={() => void loadOlder()} disabled={paging.busy}>{paging.busy ? 'Loading…' : `Load ${LIMIT} older events`}</button></div>}
        </div>
      )}
    </Guard>
  );
}

function EventDetails({ e }: { e: TimelineEvent }) {
  const fields = Object.entries(e.additionalFields ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return (
    <dl className="facts facts-compact">
      <dt>File path</dt><dd className="mono">{pathOf(e) || '–'}</dd>
      <dt>SHA1</dt><dd className="mono">{e.sha1 || '–'}</dd>
      <dt>Report id</dt><dd className="mono">{showValue(e.reportId)}</dd>
      {fields.length === 0 && <><dt>AdditionalFields</dt><dd className="muted">none</dd></>}
      {fields.map(([k, v]) => <div key={k} className="contents"><dt>{k}</dt><dd className="mono">{showValue(v)}</dd></div>)}
    </dl>
  );
}
