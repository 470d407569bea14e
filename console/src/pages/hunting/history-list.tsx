/** Query history (this browser's last 50 runs): click one to put it back in the editor. */
import { fmtAgo } from '../../format';
import { fmtMs } from './use-query-run';
import type { HistoryEntry } from './history';

export function HistoryList({ items, onOpen, onClear }: { items: HistoryEntry[]; onOpen: (q: string) => void; onClear: () => void }) {
  if (!items.length) return <p className="muted">Queries you run appear here (kept in this browser, the last 50).</p>;
  return (
    <div>
      <ul className="side-list">
        {items.map(h => (
          <li key={h.at + h.query}>
            <button type="button" className="side-item" onClick={() => onOpen(h.query)} title={h.query}>
              <code className="side-query">{h.query.trim().split('\n').slice(0, 3).join('\n')}</code>
              <span className={h.error ? 'field-error' : 'muted'}>
                {fmtAgo(h.at)} · {h.error ? h.error : `${h.rows ?? 0} rows`}{h.ms !== null ? ` · ${fmtMs(h.ms)}` : ''}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="link" onClick={onClear}>Clear history</button>
    </div>
  );
}
