/**
 * The one table of the console: virtualised (only the visible rows are in the DOM, so thousands of devices
 * scroll smoothly), sortable by any column, searchable, exportable to CSV. Keyboard: the header buttons sort,
 * rows with an action are links.
 */
import { useMemo, useRef, useState, type ReactNode, type UIEvent } from 'react';
import { downloadCsv } from '../format';

export interface ColumnDef<T> {
  key: string;
  title: string;
  /** What the cell shows; defaults to the value. */
  render?: (row: T) => ReactNode;
  /** What sorting, searching and CSV use; defaults to row[key]. */
  value?: (row: T) => string | number | boolean | null | undefined;
  width?: number | string;
  align?: 'left' | 'right';
}

export interface DataTableProps<T> {
  rows: T[];
  columns: ColumnDef<T>[];
  rowKey: (row: T) => string;
  /** CSV file name; no export button without it. */
  exportName?: string;
  searchable?: boolean;
  initialSort?: { key: string; desc?: boolean };
  /** Height of the scrolling body in pixels. */
  height?: number;
  empty?: ReactNode;
  toolbar?: ReactNode;
  label?: string;
}

const ROW_HEIGHT = 32;
const OVERSCAN = 8;

function plain<T>(c: ColumnDef<T>, row: T): string | number | boolean | null | undefined {
  if (c.value) return c.value(row);
  const v = (row as Record<string, unknown>)[c.key];
  return v === null || v === undefined ? v as null | undefined : typeof v === 'object' ? JSON.stringify(v) : v as string | number | boolean;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined || a === '') return 1;
  if (b === null || b === undefined || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

export function DataTable<T>({ rows, columns, rowKey, exportName, searchable = true, initialSort, height = 560, empty, toolbar, label }: DataTableProps<T>) {
  const [sort, setSort] = useState(initialSort ?? null);
  const [search, setSearch] = useState('');
  const [scrollTop, setScrollTop] = useState(0);
  const body = useRef<HTMLDivElement>(null);

  const shown = useMemo(() => {
    let out = rows;
    const needle = search.trim().toLowerCase();
    if (needle) out = out.filter(r => columns.some(c => String(plain(c, r) ?? '').toLowerCase().includes(needle)));
    if (sort) {
      const col = columns.find(c => c.key === sort.key);
      if (col) {
        const dir = sort.desc ? -1 : 1;
        out = [...out].sort((a, b) => { const x = plain(col, a), y = plain(col, b); return (x === null || x === undefined || x === '') !== (y === null || y === undefined || y === '') ? compare(x, y) : dir * compare(x, y); });
      }
    }
    return out;
  }, [rows, columns, search, sort]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(shown.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const template = columns.map(c => typeof c.width === 'number' ? `${c.width}px` : c.width ?? 'minmax(120px, 1fr)').join(' ');
  // header and rows share one width, so columns sized in fr line up whatever a cell holds; narrower screens scroll
  const minWidth = columns.reduce((n, c) => n + (typeof c.width === 'number' ? c.width : 120), 0);

  const toggle = (key: string) => setSort(s => s && s.key === key ? (s.desc ? null : { key, desc: true }) : { key, desc: false });
  const exportCsv = () => downloadCsv(exportName!, columns.map(c => c.title), shown.map(r => columns.map(c => plain(c, r))));

  return (
    <div className="table" aria-label={label}>
      {(searchable || exportName || toolbar) && (
        <div className="table-toolbar">
          {searchable && <input type="search" placeholder="Search…" aria-label="Search the table" value={search} onChange={e => { setSearch(e.target.value); body.current?.scrollTo({ top: 0 }); setScrollTop(0); }} />}
          {toolbar}
          <span className="table-count">{shown.length === rows.length ? `${rows.length.toLocaleString('en-US')} rows` : `${shown.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} rows`}</span>
          {exportName && <button type="button" onClick={exportCsv} disabled={!shown.length}>Export CSV</button>}
        </div>
      )}
      <div className="table-scroll" role="table" aria-rowcount={shown.length + 1}>
        <div className="table-inner" style={{ minWidth }}>
        <div className="table-head" role="row" style={{ gridTemplateColumns: template }}>
          {columns.map(c => (
            <div key={c.key} role="columnheader" aria-sort={sort?.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'} className={c.align === 'right' ? 'num' : undefined}>
              <button type="button" onClick={() => toggle(c.key)}>{c.title}{sort?.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}</button>
            </div>
          ))}
        </div>
        {shown.length === 0 ? <div className="table-empty">{empty ?? 'Nothing to show.'}</div> : (
          <div ref={body} className="table-body" style={{ maxHeight: height }} onScroll={(e: UIEvent<HTMLDivElement>) => setScrollTop(e.currentTarget.scrollTop)}>
            <div style={{ height: shown.length * ROW_HEIGHT, position: 'relative' }}>
              {shown.slice(first, last).map((r, i) => (
                <div key={rowKey(r)} role="row" className="table-row" style={{ gridTemplateColumns: template, top: (first + i) * ROW_HEIGHT, height: ROW_HEIGHT }}>
                  {columns.map(c => <div key={c.key} role="cell" className={c.align === 'right' ? 'num' : undefined}>{c.render ? c.render(r) : String(plain(c, r) ?? '')}</div>)}
                </div>
              ))}
            </div>
          </div>
        )}
        </div>
      </div>
    </div>
  );
}
