/**
 * The filters of the alert and incident queues, kept in the URL (so a filtered queue has a link of its own, and
 * the dashboard can link to /incidents?severity=High&status=open). Values are read case-insensitively.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { setQuery, useLocation } from '../../../router';
import { CLASSIFICATION_OPTIONS, SEVERITY_OPTIONS, classificationLabel, severityLabel, statusLabel } from '../../../components/triage-labels';

export const RANGES: Record<string, { label: string; ms: number }> = {
  '24h': { label: 'Last 24 hours', ms: 86_400_000 }, '7d': { label: 'Last 7 days', ms: 7 * 86_400_000 }, '30d': { label: 'Last 30 days', ms: 30 * 86_400_000 },
};

/** A query parameter in the form the API takes ("High" → "high"), or undefined when it is not one of `allowed`. */
export function param(q: URLSearchParams, key: string, allowed?: readonly string[]): string | undefined {
  const v = q.get(key)?.trim();
  if (!v) return undefined;
  if (!allowed) return v;
  const low = v.toLowerCase().replace(/[\s-]+/g, '_');
  return allowed.includes(low) ? low : undefined;
}

export const STATUS_FILTERS = ['open', 'new', 'in_progress', 'resolved'] as const;

function Select({ label, k, value, options, any = 'Any' }: { label: string; k: string; value: string | undefined; options: [string, string][]; any?: string }) {
  return (
    <label>{label}
      <select value={value ?? ''} onChange={e => setQuery({ [k]: e.target.value || null, page: null })}>
        <option value="">{any}</option>
        {options.map(([v, t]) => <option key={v} value={v}>{t}</option>)}
      </select>
    </label>
  );
}

/** A text filter applied when the field is left or Enter is pressed, not at every keystroke. */
function TextFilter({ label, k, value, placeholder }: { label: string; k: string; value: string | undefined; placeholder: string }) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const apply = () => { if ((text.trim() || undefined) !== value) setQuery({ [k]: text.trim() || null, page: null }); };
  return (
    <label>{label}
      <input type="search" value={text} placeholder={placeholder} onChange={e => setText(e.target.value)} onBlur={apply} onKeyDown={e => { if (e.key === 'Enter') apply(); }} />
    </label>
  );
}

export function SeverityFilter({ q }: { q: URLSearchParams }) {
  return <Select label="Severity" k="severity" value={param(q, 'severity', SEVERITY_OPTIONS)} options={SEVERITY_OPTIONS.map(s => [s, severityLabel(s)])} />;
}
export function StatusFilter({ q }: { q: URLSearchParams }) {
  return <Select label="Status" k="status" value={param(q, 'status', STATUS_FILTERS)} options={STATUS_FILTERS.map(s => [s, s === 'open' ? 'Open (not resolved)' : statusLabel(s)])} />;
}
export function ClassificationFilter({ q }: { q: URLSearchParams }) {
  return <Select label="Classification" k="classification" value={param(q, 'classification', CLASSIFICATION_OPTIONS)} options={CLASSIFICATION_OPTIONS.map(c => [c, classificationLabel(c)])} />;
}
export function RuleFilter({ q, rules }: { q: URLSearchParams; rules: { id: string; name: string }[] }) {
  const value = param(q, 'rule');
  const options: [string, string][] = rules.map(r => [r.id, r.name]);
  if (value && !rules.some(r => r.id === value)) options.unshift([value, value]);
  return <Select label="Rule" k="rule" value={value} options={options} />;
}
export function DeviceFilter({ q }: { q: URLSearchParams }) {
  return <TextFilter label="Device id" k="device" value={param(q, 'device')} placeholder="DeviceId" />;
}
export function AssigneeFilter({ q }: { q: URLSearchParams }) {
  return <TextFilter label="Assigned to" k="assignee" value={param(q, 'assignee')} placeholder="user name" />;
}
/** Event time: a preset (?range=24h) or, from a link, an exact window (?since=…&until=…, ISO 8601). */
export function RangeFilter({ q }: { q: URLSearchParams }) {
  const since = isoParam(q, 'since'), until = isoParam(q, 'until');
  const custom = since || until;
  const value = custom ? 'custom' : param(q, 'range', Object.keys(RANGES)) ?? '';
  const options: [string, string][] = Object.entries(RANGES).map(([k, r]) => [k, r.label]);
  if (custom) options.push(['custom', `${since ? since.slice(0, 16).replace('T', ' ') : '…'} → ${until ? until.slice(0, 16).replace('T', ' ') : 'now'}`]);
  return (
    <label>Event time
      <select value={value} onChange={e => setQuery({ range: e.target.value === 'custom' ? null : e.target.value || null, ...(e.target.value === 'custom' ? {} : { since: null, until: null }), page: null })}>
        <option value="">Any time</option>
        {options.map(([v, t]) => <option key={v} value={v}>{t}</option>)}
      </select>
    </label>
  );
}

/** An ISO 8601 time from the URL, normalised; undefined when absent or not a time. */
export function isoParam(q: URLSearchParams, key: string): string | undefined {
  const v = q.get(key);
  if (!v) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

/** The filter bar, with "Clear filters" once any is set. */
export function FilterBar({ children, keys }: { children: ReactNode; keys: string[] }) {
  const { query } = useLocation();
  const any = keys.some(k => query.get(k));
  return (
    <div className="filters" role="search" aria-label="Filters">
      {children}
      {any && <button type="button" className="link" onClick={() => setQuery(Object.fromEntries([...keys, 'page'].map(k => [k, null])))}>Clear filters</button>}
    </div>
  );
}

/** Page of a server-paged list from ?page= (1-based). */
export function pageOf(q: URLSearchParams): number {
  const n = Number(q.get('page'));
  return Number.isInteger(n) && n > 1 ? n : 1;
}

export function Pager({ page, size, total }: { page: number; size: number; total: number }) {
  if (total <= size) return null;
  const pages = Math.ceil(total / size);
  return (
    <div className="pager" aria-label="Pages">
      <button type="button" disabled={page <= 1} onClick={() => setQuery({ page: page - 1 > 1 ? String(page - 1) : null }, { replace: false })}>Previous</button>
      <span className="muted">Page {page} of {pages} · {(page - 1) * size + 1}–{Math.min(page * size, total)} of {total.toLocaleString('en-US')}</span>
      <button type="button" disabled={page >= pages} onClick={() => setQuery({ page: String(page + 1) }, { replace: false })}>Next</button>
    </div>
  );
}
