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
  ms: 10_000n, milli: 10_000n, millis: 10_000n, millisec: 10_000n, millisecond: 10_000n, milliseconds: 10_000n,
  micro: 10n, micros: 10n, microsec: 10n, microsecond: 10n, microseconds: 10n, tick: 1n, ticks: 1n,
};
/** Nanoseconds are a hundredth of a tick: scaled separately, then truncated. */
const NANO_UNITS = new Set(['nano', 'nanos', 'nanosec', 'nanosecond', 'nanoseconds']);

/** .NET's TimeSpan.MinValue / MaxValue, which `timespan(min)` and `timespan(max)` name. */
const TIMESPAN_MIN = -(2n ** 63n);
const TIMESPAN_MAX = 2n ** 63n - 1n;
/** 0001-01-01 and 9999-12-31 23:59:59.9999999 as ticks since 1970: Kusto's datetime range. */
export const DATETIME_MIN = -621_355_968_000_000_000n;
export const DATETIME_MAX = 2_534_023_007_999_999_999n;

/** The analyser accepts the value quoted too: datetime("2020-01-01"), timespan('1d'). */
function unquote(text: string): string {
  const m = /^\s*(['"])(.*)\1\s*$/s.exec(text);
  return m ? m[2] : text;
}

/** Multiplies a decimal text by unit / per exactly (no float rounding for 1.5h or 0.1s). */
function scaleDecimal(text: string, unit: bigint, per = 1n): bigint {
  const neg = text.startsWith('-');
  const t = neg ? text.slice(1) : text.replace(/^\+/, '');
  const [int, frac = ''] = t.split('.');
  const scale = 10n ** BigInt(frac.length) * per;
  const v = (BigInt(int || '0') * 10n ** BigInt(frac.length) + BigInt(frac || '0')) * unit;
  const r = v / scale; // truncates towards zero, as .NET TimeSpan does
  return neg ? -r : r;
}

/** `1.5h`, `10tick`, `2.02:03:04.5`, `00:10:00`, `-1d`, `max`. Returns null for "null", undefined if unreadable. */
export function parseTimespan(text: string): bigint | null | undefined {
  const s = unquote(text).trim();
  const lower = s.toLowerCase();
  if (s === '' || lower === 'null') return null;
  if (lower === 'min') return TIMESPAN_MIN;
  if (lower === 'max') return TIMESPAN_MAX;
  const unit = /^([+-]?(?:\d+\.?\d*|\.\d+))\s*([a-zA-Z]+)$/.exec(s);
  if (unit) {
    const u = unit[2].toLowerCase();
    if (NANO_UNITS.has(u)) return scaleDecimal(unit[1], 1n, 100n);
    return TICKS[u] === undefined ? undefined : scaleDecimal(unit[1], TICKS[u]);
  }
  // [-][d.]hh:mm[:ss[.fffffff]], as .NET's TimeSpan reads it: hours below 24, minutes and seconds below 60
  const m = /^([+-])?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/.exec(s);
  if (m) {
    const [, sign, d = '0', h, mi, se = '0', f = ''] = m;
    if (+h > 23 || +mi > 59 || +se > 59) return undefined;
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

function checkDay(y: number, mo: number, d: number): boolean {
  const dim = new Date(Date.UTC(2000, mo, 0));
  dim.setUTCFullYear(y, mo, 0);
  return d <= dim.getUTCDate();
}

/** Ticks of a calendar instant with a fraction text (any length; digits past the 7th are dropped), or undefined. */
function instant(y: number, mo: number, d: number, h: number, mi: number, sec: number, frac: string): bigint | undefined {
  if (y < 1 || y > 9999 || mo < 1 || mo > 12 || d < 1 || !checkDay(y, mo, d) || h > 23 || mi > 59 || sec > 59) return undefined;
  return ticksFromParts(y, mo, d, h, mi, sec, BigInt((frac + '0000000').slice(0, 7)));
}

/** Minutes east of UTC for Z, GMT, UTC, +hh, +hhmm or +hh:mm. */
function offsetMinutes(tz: string | undefined): number {
  if (!tz || /^(z|gmt|utc)$/i.test(tz)) return 0;
  const digits = tz.slice(1).replace(':', '');
  const mins = (+digits.slice(0, 2)) * 60 + (+(digits.slice(2, 4) || '0'));
  return tz[0] === '-' ? -mins : mins;
}

const TIME = String.raw`(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?`;
const ISO = new RegExp(String.raw`^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:(?:T|\s+)${TIME})?\s*(Z|[+-]\d{2}(?::?\d{2})?|GMT|UTC)?$`, 'i');
const US = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+${TIME}\s*([AP]M)?)?\s*(Z|GMT|UTC)?$`, 'i');
const RFC = new RegExp(String.raw`^(?:[A-Za-z]+,?\s+)?(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*[\s-]+(\d{4}|\d{2})(?:\s+${TIME})?\s*(Z|GMT|UTC|[+-]\d{2}:?\d{2})?$`, 'i');

/**
 * Kusto datetime text: ISO 8601 (`2020-01-01`, `2020-01-01T10:11:12.1234567Z`, offsets), `2020-01-01 10:11`,
 * `2014/11/08`, `11/08/2014 3:05 PM`, RFC 822 (`Sat, 8 Nov 14 15:05:02 GMT`) and RFC 850 (`08-Nov-14 15:05`),
 * `min` and `max`. The same forms as kql_parse_datetime in the DuckDB dialect. Null for "null"; undefined if
 * unreadable or outside 0001-01-01 .. 9999-12-31.
 */
export function parseDatetime(text: string): bigint | null | undefined {
  const s = unquote(text).trim();
  const lower = s.toLowerCase();
  if (s === '' || lower === 'null') return null;
  if (lower === 'min') return DATETIME_MIN;
  if (lower === 'max') return DATETIME_MAX;
  let t: bigint | undefined;
  let tz: string | undefined;
  let m: RegExpExecArray | null;
  if ((m = ISO.exec(s))) {
    t = instant(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? '');
    tz = m[8];
  } else if ((m = US.exec(s))) {
    const ampm = m[8]?.toUpperCase();
    let h = +(m[4] ?? 0);
    if (ampm && (h < 1 || h > 12)) return undefined;
    if (ampm) h = (h % 12) + (ampm === 'PM' ? 12 : 0);
    t = instant(+m[3], +m[1], +m[2], h, +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? '');
    tz = m[9];
  } else if ((m = RFC.exec(s))) {
    const mo = MONTHS[m[2].toLowerCase()];
    if (!mo) return undefined;
    let y = +m[3];
    if (m[3].length === 2) y += y < 50 ? 2000 : 1900; // .NET's two-digit year window
    t = instant(y, mo, +m[1], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), m[7] ?? '');
    tz = m[8];
  }
  if (t === undefined) return undefined;
  t -= BigInt(offsetMinutes(tz)) * TICKS.m;
  return t < DATETIME_MIN || t > DATETIME_MAX ? undefined : t;
}

/** Integer literal text (decimal or 0x hex) to bigint. */
/**
 * A long literal's value; undefined when the text is not one or is out of range. In an expression the minus is an
 * operator of its own, so `-9223372036854775808` there is the out-of-range literal 9223372036854775808 negated, and
 * refused as Kusto refuses it; a datatable's value carries its sign and may be the smallest long.
 */
export function parseLong(text: string): bigint | null | undefined {
  const s = text.trim();
  if (s.toLowerCase() === 'null') return null;
  const hex = /^([+-]?)0x([0-9a-f]+)$/i.exec(s);
  const dec = /^([+-]?)(\d+)$/.exec(s);
  const m = hex ?? dec;
  if (!m) return undefined;
  const magnitude = BigInt(hex ? `0x${m[2]}` : m[2]);
  const value = m[1] === '-' ? -magnitude : magnitude;
  return value > 9223372036854775807n || value < -9223372036854775808n ? undefined : value;
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
