/** Converts ingest values (ISO datetimes, JS objects for dynamic…) to the store's column representation. */
import type { KType } from '../kql/ir/types.js';
import { parseDatetime, parseTimespan } from '../kql/lower/literals.js';
import type { StoreValue } from '../ingest/model.js';

export type Stored = string | number | bigint | boolean | null;

function toBigInt(v: StoreValue): bigint | null {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return BigInt(Math.trunc(v));
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return BigInt(v.trim());
  return null;
}

/** The stored form of a value for a column of this type; null when it cannot be read as that type. */
export function storedValue(v: StoreValue, type: KType): Stored {
  if (v === undefined || v === null) return type === 'string' ? '' : null;
  switch (type) {
    case 'string': return typeof v === 'object' ? JSON.stringify(v) : String(v);
    case 'guid': return typeof v === 'string' ? v.toLowerCase() : null;
    case 'bool':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number') return v !== 0;
      if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
      return null;
    case 'int': {
      const n = typeof v === 'string' ? Number(v) : typeof v === 'bigint' ? Number(v) : v;
      return typeof n === 'number' && Number.isInteger(n) && Math.abs(n) <= 2 ** 31 ? n : null;
    }
    case 'long': return toBigInt(v);
    case 'real': case 'decimal': {
      const n = typeof v === 'string' ? Number(v) : typeof v === 'bigint' ? Number(v) : v;
      return typeof n === 'number' && !Number.isNaN(n) ? n : null;
    }
    case 'datetime':
      if (typeof v === 'string') return parseDatetime(v) ?? null;
      return toBigInt(v);
    case 'timespan':
      if (typeof v === 'string') return parseTimespan(v) ?? null;
      return toBigInt(v);
    case 'dynamic': return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
  }
}
