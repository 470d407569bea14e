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

const CANONICAL_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?Z$/;
const FRACTION_SCALE = [1n, 1_000_000n, 100_000n, 10_000n, 1_000n, 100n, 10n, 1n];

/**
 * Ticks of "YYYY-MM-DDTHH:MM:SS[.f…f]Z", the form every normaliser writes, without the general literal parser;
 * undefined for any other text (the caller then uses parseDatetime, which reads every Kusto form).
 */
function canonicalUtcTicks(v: string): bigint | null | undefined {
  const m = CANONICAL_UTC.exec(v);
  if (!m) return undefined;
  const y = +m[1], mo = +m[2], d = +m[3], h = +m[4], mi = +m[5], s = +m[6];
  // Date.UTC reads years below 100 as 19xx and rolls invalid days over: leave those to the general parser
  if (y < 100 || mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  if (d > 28 && new Date(Date.UTC(y, mo, 0)).getUTCDate() < d) return null;
  const frac = m[7] === undefined ? 0n : BigInt(m[7]) * FRACTION_SCALE[m[7].length];
  return BigInt(Date.UTC(y, mo - 1, d, h, mi, s)) * 10_000n + frac;
}

/** JSON text of a dynamic value; bigints (which JSON.stringify refuses) become numbers. */
function dynamicText(v: StoreValue): string {
  try {
    return JSON.stringify(v);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x));
  }
}

const toInt = (v: StoreValue): Stored => {
  const n = typeof v === 'string' ? Number(v) : typeof v === 'bigint' ? Number(v) : v;
  // INTEGER's range; anything else would wrap around in the column
  return typeof n === 'number' && Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 ? n : null;
};

/** One converter per column type: a batch converts a column's values with one function, not a switch per value. */
const STORERS: Record<KType, (v: StoreValue) => Stored> = {
  string: v => (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)),
  guid: v => (typeof v === 'string' ? v.toLowerCase() : null),
  bool: v => {
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    if (typeof v === 'string' && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === 'true';
    return null;
  },
  int: toInt,
  long: toBigInt,
  real: v => {
    const n = typeof v === 'string' ? Number(v) : typeof v === 'bigint' ? Number(v) : v;
    return typeof n === 'number' && !Number.isNaN(n) ? n : null;
  },
  decimal: v => STORERS.real(v),
  datetime: v => {
    if (typeof v !== 'string') return toBigInt(v);
    const ticks = canonicalUtcTicks(v);
    return ticks !== undefined ? ticks : parseDatetime(v) ?? null;
  },
  timespan: v => (typeof v === 'string' ? parseTimespan(v) ?? null : toBigInt(v)),
  dynamic: v => dynamicText(v),
};

/** The converter of a column type: storer(type)(v) === storedValue(v, type) for present values. */
export function storer(type: KType): (v: StoreValue) => Stored {
  return STORERS[type];
}

/** The stored form of a value for a column of this type; null when it cannot be read as that type. */
export function storedValue(v: StoreValue, type: KType): Stored {
  if (v === undefined || v === null) return type === 'string' ? '' : null;
  return STORERS[type](v);
}
