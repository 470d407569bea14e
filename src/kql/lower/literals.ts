/**
 * Kusto literal text to Picket values: datetimes and timespans as 100 ns ticks, longs as bigint.
 * Follows the literal forms in Kusto's "datetime", "timespan" and "scalar data types" reference pages.
 */

export const TICKS_PER_SECOND = 10_000_000n;
const TICKS: Record<string, bigint> = {
  d: 864_000_000_000n, day: 864_000_000_000n, days: 864_000_000_000n,
  h: 36_000_000_000n, hr: 36_000_000_000n, hrs: 36_000_000_000n, hour: 36_000_000_000n, hours: 36_000_000_000n,
  m: 600_000_000n, min: 600_000_000n, minute: 600_000_000n, minutes: 600_000_000n,
  s: 10_000_000n, sec: 10_000_000n, second: 10_000_000n, seconds: 10_000_000n,
  ms: 10_000n, milli: 10_000n, millis: 10_000n, millisecond: 10_000n, milliseconds: 10_000n,
  microsecond: 10n, microseconds: 10n, tick: 1n, ticks: 1n,
};

/** Multiplies a decimal text by a tick unit exactly (no float rounding for 1.5h or 0.1s). */
function scaleDecimal(text: string, unit: bigint): bigint {
  const neg = text.startsWith('-');
  const t = neg ? text.slice(1) : text.replace(/^\+/, '');
  const [int, frac = ''] = t.split('.');
  const scale = 10n ** BigInt(frac.length);
  const v = (BigInt(int || '0') * scale + BigInt(frac || '0')) * unit;
  const r = v / scale; // truncates towards zero, as .NET TimeSpan does
  return neg ? -r : r;
}

/** `1.5h`, `10tick`, `2.02:03:04.5`, `00:10:00`, `-1d`. Returns null for "null", undefined if unreadable. */
export function parseTimespan(text: string): bigint | null | undefined {
  const s = text.trim();
  if (s === '' || s.toLowerCase() === 'null') return null;
  const unit = /^([+-]?\d*\.?\d+)\s*([a-zA-Z]+)$/.exec(s);
  if (unit) {
    const u = TICKS[unit[2].toLowerCase()];
    return u === undefined ? undefined : scaleDecimal(unit[1], u);
  }
  // [-][d.]hh:mm[:ss[.fffffff]]
  const m = /^([+-])?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(s);
  if (m) {
    const [, sign, d = '0', h, mi, se = '0', f = ''] = m;
    let t = BigInt(d) * TICKS.d + BigInt(h) * TICKS.h + BigInt(mi) * TICKS.m + BigInt(se) * TICKS.s
      + BigInt((f + '0000000').slice(0, 7));
    if (sign === '-') t = -t;
    return t;
  }
  if (/^[+-]?\d+$/.test(s)) return BigInt(s) * TICKS.d; // a bare number of days, as time(2)
  return undefined;
}

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

/** Ticks since the Unix epoch for a UTC calendar instant; valid for years 1..9999. */
export function ticksFromParts(y: number, mo: number, d: number, h = 0, mi = 0, s = 0, fracTicks = 0n): bigint {
  const ms = Date.UTC(2000, mo - 1, d, h, mi, s); // year set below: Date.UTC maps years 0..99 to 19xx
  const date = new Date(ms);
  date.setUTCFullYear(y);
  return BigInt(date.getTime()) * 10_000n + fracTicks;
}

/**
 * Kusto datetime text: ISO 8601 (`2020-01-01`, `2020-01-01T10:11:12.1234567Z`, offsets), `2020-01-01 10:11`,
 * RFC 822/1123 (`Sat, 8 Nov 2014 15:05:02 GMT`), `2014/11/08`. Returns null for "null", undefined if unreadable.
 */
export function parseDatetime(text: string): bigint | null | undefined {
  const s = text.trim();
  if (s === '' || s.toLowerCase() === 'null') return null;
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$/i.exec(s);
  if (iso) {
    const [, y, mo, d, h = '0', mi = '0', se = '0', f = '', tz] = iso;
    if (+mo < 1 || +mo > 12 || +d < 1 || +d > 31 || +h > 23 || +mi > 59 || +se > 59) return undefined;
    let t = ticksFromParts(+y, +mo, +d, +h, +mi, +se, BigInt((f + '0000000').slice(0, 7)));
    if (checkDay(+y, +mo, +d) === false) return undefined;
    if (tz && /^[+-]/.test(tz)) {
      const off = tz.replace(':', '');
      const mins = (+off.slice(1, 3)) * 60 + (+off.slice(3, 5));
      t -= BigInt((off[0] === '-' ? -1 : 1) * mins) * TICKS.m;
    }
    return t;
  }
  const rfc = /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{2,4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(GMT|UTC|Z)?$/.exec(s);
  if (rfc) {
    const mo = MONTHS[rfc[2].toLowerCase()];
    if (!mo) return undefined;
    let y = +rfc[3];
    if (rfc[3].length === 2) y += y < 50 ? 2000 : 1900;
    return ticksFromParts(y, mo, +rfc[1], +(rfc[4] ?? 0), +(rfc[5] ?? 0), +(rfc[6] ?? 0));
  }
  return undefined;
}

function checkDay(y: number, mo: number, d: number): boolean {
  const dim = new Date(Date.UTC(2000, mo, 0));
  dim.setUTCFullYear(y, mo, 0);
  return d <= dim.getUTCDate();
}

/** Integer literal text (decimal or 0x hex) to bigint. */
export function parseLong(text: string): bigint | null | undefined {
  const s = text.trim();
  if (s.toLowerCase() === 'null') return null;
  if (/^[+-]?0x[0-9a-f]+$/i.test(s)) return s.startsWith('-') ? -BigInt(s.slice(1)) : BigInt(s.replace(/^\+/, ''));
  if (/^[+-]?\d+$/.test(s)) return BigInt(s);
  return undefined;
}

export function parseReal(text: string): number | null | undefined {
  const s = text.trim().toLowerCase();
  if (s === 'null') return null;
  if (s === 'nan') return NaN;
  if (s === '+inf' || s === 'inf') return Infinity;
  if (s === '-inf') return -Infinity;
  const n = Number(s);
  return Number.isNaN(n) ? undefined : n;
}
