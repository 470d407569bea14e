/**
 * Compares an engine result with a Kusto-verified expectation: column names and broad types, then rows
 * (as a multiset unless the query's order is part of the answer). Reals compare with a relative tolerance,
 * datetimes and timespans by their ticks, dynamic values structurally.
 */
import { parseDatetime, parseTimespan } from '../../src/kql/lower/literals.js';

export interface Expectation {
  columns?: { name: string; type: string }[];
  rows?: unknown[][];
  ordered?: boolean;
  error?: boolean;
}

export interface Outcome { columns?: { name: string; type: string }[]; rows?: unknown[][]; error?: unknown }

const BROAD: Record<string, string> = { int: 'long', long: 'long', real: 'real', decimal: 'real' };
const broad = (t: string) => BROAD[t] ?? t;

function sameValue(a: unknown, b: unknown, type: string): boolean {
  if (a === null || b === null) return a === b;
  switch (type) {
    case 'real': {
      if (typeof a === 'string' || typeof b === 'string') return String(a) === String(b);
      const x = Number(a), y = Number(b);
      return x === y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
    }
    case 'long': return Number(a) === Number(b);
    case 'datetime': return parseDatetime(String(a)) === parseDatetime(String(b));
    case 'timespan': return parseTimespan(String(a)) === parseTimespan(String(b));
    case 'dynamic': return sameJson(a, b);
    default: return a === b;
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a as object), kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every(k => k in (b as object) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** Returns null when the outcome matches, or a short reason when it does not. */
export function mismatch(expect: Expectation, got: Outcome): string | null {
  if (expect.error) return got.error ? null : 'Kusto rejects this query, the engine answered it';
  if (got.error) return `the engine failed: ${JSON.stringify(got.error)}`;
  const ec = expect.columns ?? [], gc = got.columns ?? [];
  if (ec.length !== gc.length || ec.some((c, i) => c.name !== gc[i].name || broad(c.type) !== broad(gc[i].type))) {
    return `columns ${JSON.stringify(gc)} instead of ${JSON.stringify(ec)}`;
  }
  const types = ec.map(c => broad(c.type));
  const er = expect.rows ?? [], gr = got.rows ?? [];
  if (er.length !== gr.length) return `${gr.length} rows instead of ${er.length}`;
  const rowEq = (x: unknown[], y: unknown[]) => x.every((v, i) => sameValue(v, y[i], types[i]));
  if (expect.ordered) {
    const i = er.findIndex((r, k) => !rowEq(r, gr[k]));
    return i < 0 ? null : `row ${i} is ${JSON.stringify(gr[i])}, expected ${JSON.stringify(er[i])}`;
  }
  const left = [...gr];
  for (const r of er) {
    const k = left.findIndex(g => rowEq(r, g));
    if (k < 0) return `no row matches ${JSON.stringify(r)}`;
    left.splice(k, 1);
  }
  return null;
}
