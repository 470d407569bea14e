/**
 * The schema browser: tables and their typed columns as a tree, filterable. Clicking (or Enter on) a name inserts it
 * into the query. The tree is one Tab stop: arrow keys move, Right / Left open and close a table (WAI-ARIA tree).
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { HuntingSchema } from './schema';

interface Item { key: string; level: 1 | 2; name: string; type?: string; table: string; expanded?: boolean; count?: number }

export function SchemaBrowser({ schema, onInsert }: { schema: HuntingSchema; onInsert: (name: string) => void }) {
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<Set<string>>(new Set());
  const [active, setActive] = useState<string | null>(null);
  const tree = useRef<HTMLUListElement>(null);
  const needle = filter.trim().toLowerCase();

  const items = useMemo(() => {
    const out: Item[] = [];
    for (const t of [...schema.tables].sort((a, b) => a.name.localeCompare(b.name))) {
      const tableHit = !needle || t.name.toLowerCase().includes(needle);
      const columns = tableHit ? t.columns : t.columns.filter(c => c.name.toLowerCase().includes(needle));
      if (!tableHit && !columns.length) continue;
      // a table opens by itself when the filter matches some of its columns
      const expanded = open.has(t.name) || (!tableHit && columns.length > 0);
      out.push({ key: t.name, level: 1, name: t.name, table: t.name, expanded, count: t.columns.length });
      if (expanded) for (const c of columns) out.push({ key: `${t.name}.${c.name}`, level: 2, name: c.name, type: c.type, table: t.name });
    }
    for (const f of schema.functions ?? []) if (!needle || f.name.toLowerCase().includes(needle)) out.push({ key: `fn:${f.name}`, level: 1, name: f.name, type: 'function', table: '' });
    return out;
  }, [schema, needle, open]);

  const current = items.find(i => i.key === active) ?? items[0];
  const toggle = (table: string, to?: boolean) => setOpen(s => {
    const n = new Set(s);
    if (to ?? !n.has(table)) n.add(table); else n.delete(table);
    return n;
  });
  const focus = (key: string) => {
    setActive(key);
    requestAnimationFrame(() => tree.current?.querySelector<HTMLElement>(`[data-key="${CSS.escape(key)}"]`)?.focus());
  };

  const onKey = (e: KeyboardEvent<HTMLUListElement>) => {
    if (!current) return;
    const i = items.indexOf(current);
    const go = (j: number) => { const it = items[Math.max(0, Math.min(items.length - 1, j))]; if (it) focus(it.key); };
    const act: Record<string, () => void> = {
      ArrowDown: () => go(i + 1), ArrowUp: () => go(i - 1), Home: () => go(0), End: () => go(items.length - 1),
      ArrowRight: () => { if (current.level === 1 && current.table && !current.expanded) toggle(current.table, true); else go(i + 1); },
      ArrowLeft: () => { if (current.level === 1 && current.expanded) toggle(current.table, false); else if (current.level === 2) focus(current.table); },
    };
    if (act[e.key]) { e.preventDefault(); act[e.key](); }
  };

  return (
    <div className="schema-browser">
      <input type="search" placeholder="Filter tables and columns…" aria-label="Filter the schema" value={filter} onChange={e => setFilter(e.target.value)} />
      {items.length === 0 && <p className="muted">Nothing matches “{filter}”.</p>}
      <ul className="schema-tree" role="tree" aria-label="Tables and columns (Enter inserts the name)" ref={tree} onKeyDown={onKey}>
        {items.map(it => (
          <li key={it.key} role="none" className={`schema-item level-${it.level}`}>
            {it.level === 1 && it.table && (
              <span className="schema-toggle" aria-hidden="true" onClick={() => toggle(it.table)}>{it.expanded ? '▾' : '▸'}</span>
            )}
            <button type="button" role="treeitem" data-key={it.key} tabIndex={it === current ? 0 : -1} aria-level={it.level}
              aria-expanded={it.level === 1 && it.table ? !!it.expanded : undefined} aria-selected={it === current}
              title={`Insert ${it.name}`} onFocus={() => setActive(it.key)} onClick={() => onInsert(it.name)}>
              <span className="schema-label">{it.name}</span>
              {it.type && <span className="rg-type">{it.type}</span>}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
