/** The device list's filters. Each lives in the URL, so a dashboard link lands filtered and a view can be shared. */
import { useState, type FormEvent } from 'react';
import { setQuery } from '../../router';
import { MODES, ON_OFF, SIG_AGES } from './model';

interface Choice { value: string; label: string }

function Select({ label, name, value, choices }: { label: string; name: string; value: string; choices: Choice[] }) {
  return (
    <label>{label}
      <select value={value} onChange={e => setQuery({ [name]: e.target.value })}>
        <option value="">All</option>
        {choices.map(c => <option key={c.value} value={c.value}>{c.label}</option>)}
      </select>
    </label>
  );
}

/** A text filter that applies on Enter or when focus leaves, not at every key (each change is a new request). */
function ThreatInput({ value }: { value: string }) {
  const [text, setText] = useState(value);
  const commit = (e?: FormEvent) => { e?.preventDefault(); if (text.trim() !== value) setQuery({ threat: text.trim() }); };
  return (
    <form className="inline-form" onSubmit={commit}>
      <label>Threat
        <input type="search" value={text} placeholder="Threat name" onChange={e => setText(e.target.value)} onBlur={() => commit()} />
      </label>
    </form>
  );
}

const ALL = ['mode', 'rtp', 'tamper', 'sigAge', 'threat', 'search'];

/** Shown beside the table's row count when a filter is set. */
export function ClearFilters({ query }: { query: URLSearchParams }) {
  if (!ALL.some(k => query.get(k))) return null;
  return <button type="button" onClick={() => setQuery(Object.fromEntries(ALL.map(k => [k, null])))}>Clear filters</button>;
}

export function DeviceFilters({ query }: { query: URLSearchParams }) {
  const get = (k: string) => query.get(k) ?? '';
  return (
    <div className="filters">
      <Select label="Mode" name="mode" value={get('mode')} choices={MODES} />
      <Select label="Real-time" name="rtp" value={get('rtp')} choices={ON_OFF} />
      <Select label="Tamper" name="tamper" value={get('tamper')} choices={ON_OFF} />
      <Select label="Signature age" name="sigAge" value={get('sigAge')} choices={SIG_AGES} />
      <ThreatInput key={get('threat')} value={get('threat')} />
      <label>Search
        <input type="search" value={get('search')} placeholder="Name, OS, version…" onChange={e => setQuery({ search: e.target.value })} />
      </label>
    </div>
  );
}
