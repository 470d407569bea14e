/**
 * The hunting results grid: virtualised (only visible rows are in the DOM), typed column headers, sortable, one
 * active cell moved with the arrow keys; Ctrl+C copies the cell, Ctrl+Shift+C the row; the inspector below shows
 * the active cell in full (dynamic values pretty-printed).
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { copyText } from '../../components/copy-text';
import { downloadCsv } from '../../format';

export interface Column { name: string; type: string }

const ROW = 28;
const HEIGHT = 420;
const OVERSCAN = 10;
const NUMERIC = new Set(['int', 'long', 'real', 'decimal']);

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return cellText(a).localeCompare(cellText(b), undefined, { numeric: true });
}

function widths(columns: Column[], rows: unknown[][]): number[] {
  return columns.map((c, i) => {
    let n = c.name.length + c.type.length + 2;
    for (let r = 0; r < Math.min(rows.length, 200); r++) n = Math.max(n, Math.min(cellText(rows[r][i]).length, 60));
    return Math.max(72, Math.min(420, Math.round(n * 7.4) + 22));
  });
}

export function ResultsGrid({ columns, rows, exportName }: { columns: Column[]; rows: unknown[][]; exportName: string }) {
  const [sort, setSort] = useState<{ col: number; desc: boolean } | null>(null);
  const [active, setActive] = useState({ r: 0, c: 0 });
  const [scrollTop, setScrollTop] = useState(0);
  const [note, setNote] = useState('');
  const box = useRef<HTMLDivElement>(null);
  const order = useMemo(() => {
    const idx = rows.map((_, i) => i);
    if (sort) idx.sort((a, b) => (sort.desc ? -1 : 1) * compare(rows[a][sort.col], rows[b][sort.col]));
    return idx;
  }, [rows, sort]);
  const w = useMemo(() => widths(columns, rows), [columns, rows]);
  const template = `52px ${w.map(x => `${x}px`).join(' ')}`;
  const total = 52 + w.reduce((a, b) => a + b, 0);

  useEffect(() => { setActive({ r: 0, c: 0 }); setSort(null); box.current?.scrollTo({ top: 0, left: 0 }); }, [rows]);
  useEffect(() => { if (note) { const t = setTimeout(() => setNote(''), 2000); return () => clearTimeout(t); } }, [note]);

  const value = (r: number, c: number) => rows[order[r]]?.[c];
  const rowObject = (r: number) => Object.fromEntries(columns.map((c, i) => [c.name, value(r, i)]));
  const copy = (what: 'cell' | 'row') => {
    if (!rows.length) return;
    const text = what === 'cell' ? cellText(value(active.r, active.c)) : JSON.stringify(rowObject(active.r), null, 2);
    copyText(text).then(() => setNote(what === 'cell' ? 'Cell copied' : 'Row copied as JSON'), e => setNote(`Could not copy: ${(e as Error).message}`));
  };

  const move = (r: number, c: number) => {
    const nr = Math.max(0, Math.min(rows.length - 1, r)), nc = Math.max(0, Math.min(columns.length - 1, c));
    setActive({ r: nr, c: nc });
    const el = box.current;
    if (!el) return;
    const head = ROW;
    if (nr * ROW < el.scrollTop) el.scrollTop = nr * ROW;
    else if ((nr + 1) * ROW + head > el.scrollTop + el.clientHeight) el.scrollTop = (nr + 1) * ROW + head - el.clientHeight;
    const left = 52 + w.slice(0, nc).reduce((a, b) => a + b, 0);
    if (left - 52 < el.scrollLeft) el.scrollLeft = left - 52;
    else if (left + w[nc] > el.scrollLeft + el.clientWidth) el.scrollLeft = left + w[nc] - el.clientWidth;
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    const page = Math.floor(HEIGHT / ROW) - 2;
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(active.r + 1, active.c), ArrowUp: () => move(active.r - 1, active.c),
      ArrowRight: () => move(active.r, active.c + 1), ArrowLeft: () => move(active.r, active.c - 1),
      PageDown: () => move(active.r + page, active.c), PageUp: () => move(active.r - page, active.c),
      Home: () => move(e.ctrlKey ? 0 : active.r, 0), End: () => move(e.ctrlKey ? rows.length - 1 : active.r, columns.length - 1),
    };
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'c') { e.preventDefault(); copy(e.shiftKey ? 'row' : 'cell'); return; }
    const f = keys[e.key];
    if (f) { e.preventDefault(); f(); }
  };

  const first = Math.max(0, Math.floor(scrollTop / ROW) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + HEIGHT) / ROW) + OVERSCAN);
  const activeCol = columns[active.c];
  const activeValue = rows.length ? value(active.r, active.c) : undefined;
  const toggle = (col: number) => setSort(s => s?.col === col ? (s.desc ? null : { col, desc: true }) : { col, desc: false });

  return (
    <div className="results">
      <div className="results-tools">
        <button type="button" onClick={() => copy('cell')} disabled={!rows.length} title="Ctrl+C in the grid">Copy cell</button>
        <button type="button" onClick={() => copy('row')} disabled={!rows.length} title="Ctrl+Shift+C in the grid">Copy row</button>
        <button type="button" onClick={() => downloadCsv(exportName, columns.map(c => c.name), order.map(i => rows[i]))} disabled={!rows.length}>Export CSV</button>
        <span className="muted" role="status" aria-live="polite">{note}</span>
      </div>
      <div className="results-grid" ref={box} role="grid" tabIndex={0} aria-label="Query results" aria-rowcount={rows.length + 1} aria-colcount={columns.length + 1}
        aria-activedescendant={rows.length ? `rg-${active.r}-${active.c}` : undefined} onKeyDown={onKey}
        style={{ maxHeight: HEIGHT }} onScroll={e => setScrollTop(e.currentTarget.scrollTop)}>
        <div className="rg-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template, width: total }}>
          <div role="columnheader" className="rg-num">#</div>
          {columns.map((c, i) => (
            <div key={i} role="columnheader" aria-sort={sort?.col === i ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
              <button type="button" tabIndex={-1} onClick={() => toggle(i)} title={`Sort by ${c.name}`}>
                <span className="rg-name">{c.name}</span><span className="rg-type">{c.type}</span>{sort?.col === i ? (sort.desc ? ' ▼' : ' ▲') : ''}
              </button>
            </div>
          ))}
        </div>
        <div style={{ height: rows.length * ROW, width: total, position: 'relative' }}>
          {order.slice(first, last).map((_, k) => {
            const r = first + k;
            return (
              <div key={r} role="row" aria-rowindex={r + 2} className="rg-row" style={{ gridTemplateColumns: template, top: r * ROW, height: ROW, width: total }}>
                <div role="rowheader" className="rg-num">{r + 1}</div>
                {columns.map((c, i) => {
                  const v = value(r, i);
                  const on = active.r === r && active.c === i;
                  return (
                    <div key={i} id={`rg-${r}-${i}`} role="gridcell" aria-selected={on} onClick={() => { setActive({ r, c: i }); box.current?.focus(); }}
                      className={`${on ? 'on ' : ''}${NUMERIC.has(c.type) ? 'num' : ''}${v === null ? ' null' : ''}`}>{v === null ? 'null' : cellText(v)}</div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
      {rows.length > 0 && activeCol && (
        <div className="rg-inspect" aria-label="Active cell">
          <span className="muted">Row {active.r + 1} · {activeCol.name} ({activeCol.type})</span>
          <pre>{activeValue !== null && typeof activeValue === 'object' ? JSON.stringify(activeValue, null, 2) : cellText(activeValue) || (activeValue === null ? 'null' : '(empty)')}</pre>
        </div>
      )}
    </div>
  );
}
