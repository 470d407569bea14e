/** The last 50 queries run from this browser, newest first, kept in localStorage (per browser, not per server user). */
export interface HistoryEntry { query: string; at: string; rows: number | null; ms: number | null; error: string | null }

const KEY = 'picket.hunting.history';
const MAX = 50;

export function readHistory(): HistoryEntry[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((e): e is HistoryEntry => typeof e?.query === 'string' && typeof e?.at === 'string') : [];
  } catch { return []; }
}

/** Adds a run; the same text run again moves to the top instead of appearing twice. */
export function addHistory(entry: HistoryEntry): HistoryEntry[] {
  const next = [entry, ...readHistory().filter(e => e.query !== entry.query)].slice(0, MAX);
  try { localStorage.setItem(KEY, JSON.stringify(next)); } catch { /* storage full or disabled: history is a convenience */ }
  return next;
}

export function clearHistory(): void {
  try { localStorage.removeItem(KEY); } catch { /* as above */ }
}

/** The query handed to the rule form by "Create detection rule" (sessionStorage, so a reload of the form keeps it). */
export const RULE_DRAFT_KEY = 'picket.rules.draftQuery';
