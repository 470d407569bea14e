/**
 * Tabs whose choice lives in the URL (?tab=…), so a tab can be linked to and Back returns to it. Keyboard as
 * the WAI-ARIA tabs pattern: Tab reaches the selected tab, arrow keys, Home and End move between tabs.
 */
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { setQuery, useLocation } from '../router';

export interface TabDef { id: string; label: ReactNode }

/** The selected tab: the one named by the query parameter, else the first. */
export function useTab(tabs: TabDef[], param = 'tab'): string {
  const wanted = useLocation().query.get(param);
  return tabs.some(t => t.id === wanted) ? wanted! : tabs[0]?.id ?? '';
}

export function TabList({ tabs, selected, label, param = 'tab', clear = [] }: {
  tabs: TabDef[]; selected: string; label: string; param?: string;
  /** Query parameters that belong to one tab and are dropped when another is chosen. */
  clear?: string[];
}) {
  const list = useRef<HTMLDivElement>(null);
  const choose = (id: string) => {
    if (id === selected) return;
    setQuery({ [param]: id === tabs[0].id ? null : id, ...Object.fromEntries(clear.map(k => [k, null])) }, { replace: false });
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = tabs.findIndex(t => t.id === selected);
    const next = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length
      : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    choose(tabs[next].id);
    list.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[next]?.focus();
  };
  return (
    <div ref={list} className="tabs" role="tablist" aria-label={label} onKeyDown={onKey}>
      {tabs.map(t => (
        <button key={t.id} type="button" role="tab" id={`tab-${t.id}`} aria-controls={`panel-${t.id}`}
          aria-selected={t.id === selected} tabIndex={t.id === selected ? 0 : -1} onClick={() => choose(t.id)}>
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ id, children }: { id: string; children: ReactNode }) {
  return <div role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} className="tab-panel">{children}</div>;
}
