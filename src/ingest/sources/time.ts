/**
 * Date and time text as Windows tools write it, to the ISO 8601 UTC form RawEvent and the writer take
 * (`2024-03-12T10:15:42.1234567Z`, up to 7 fraction digits: Windows' 100 ns ticks).
 *
 * Accepted: ISO 8601 with `Z`, an offset or neither (read as UTC: Get-WinEvent's SystemTime and PowerShell 7's
 * DateTime of kind Unspecified), any number of fraction digits (evtx_dump writes 9, trailing digits past 7 are
 * cut), and Windows PowerShell 5.1's `\/Date(1700000000000)\/` or `/Date(1700000000000+0100)/` (milliseconds since
 * 1970 UTC; the optional offset is informational and does not shift the instant).
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9})\d*)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const MS_DATE = /^\\?\/Date\((-?\d{1,16})(?:[+-]\d{4})?\)\\?\/$/;

/** Instants that Windows uses to mean "never" (FILETIME 0, DateTime.MinValue), read as no value. */
const NEVER_BEFORE_MS = Date.UTC(1601, 0, 2);
const MAX_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

function iso(ms: number, frac7: string): string {
  const base = new Date(ms).toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
  return `${base.slice(0, 19)}${frac7 ? `.${frac7}` : ''}Z`;
}

/**
 * The ISO UTC text of a Windows timestamp, or null when the text is not one (or is a "never" sentinel such as
 * 1601-01-01 or 0001-01-01). Never throws.
 */
export function toIsoUtc(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (text.length === 0 || text.length > 64) return null;
  const ms = MS_DATE.exec(text);
  if (ms) {
    const n = Number(ms[1]);
    if (!Number.isSafeInteger(n) || n < NEVER_BEFORE_MS || n > MAX_MS) return null;
    const frac = String(((n % 1000) + 1000) % 1000).padStart(3, '0');
    return iso(n - (((n % 1000) + 1000) % 1000), frac === '000' ? '' : frac.replace(/0+$/, ''));
  }
  const m = ISO.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  let t = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59));
  // Date.UTC rolls 31 February over into March: refuse dates that do not exist.
  if (new Date(t).getUTCDate() !== d) return null;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 14 || om > 59) return null;
    t -= sign * (oh * 60 + om) * 60_000;
  }
  if (t < NEVER_BEFORE_MS || t > MAX_MS) return null;
  const frac = (m[7] ?? '').slice(0, 7).replace(/0+$/, '');
  return iso(t, frac);
}
