/**
 * Times as Defender writes them. System/TimeCreated arrives as ISO 8601 (sources differ in fraction digits and
 * zone suffix); the health report (1151) writes its own times as US-English local-format text in UTC
 * ("6/9/2020 5:53:46 AM"), with 1/1/1601 meaning "never".
 */

const ISO = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * An ISO 8601 instant as UTC text with at most 7 fraction digits ("…:56.8255100Z"), or null when it is not one.
 * Offsets are applied; a time without a zone is taken as UTC, as Windows writes SystemTime.
 */
export function normaliseIsoTime(text: string): string | null {
  const canonical = canonicalUtc(text);
  if (canonical !== undefined) return canonical;
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, date, time, frac = '', zone = 'Z'] = m;
  const whole = Date.parse(`${date}T${time}${zone === 'Z' ? 'Z' : zone.length === 5 ? zone.slice(0, 3) + ':' + zone.slice(3) : zone}`);
  if (Number.isNaN(whole)) return null;
  const digits = frac.slice(0, 7).padEnd(7, '0');
  return new Date(whole).toISOString().slice(0, 19) + '.' + digits + 'Z';
}

const CANONICAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?Z$/;

/**
 * The common case, already UTC with at most 7 fraction digits (every source's SystemTime after toIsoUtc), without
 * Date.parse: only the fraction is padded. Undefined for anything else, which the general path reads.
 */
function canonicalUtc(text: string): string | undefined {
  const m = CANONICAL.exec(text);
  if (!m) return undefined;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (mo < 1 || mo > 12 || d < 1 || +m[4] > 23 || +m[5] > 59 || +m[6] > 59) return undefined;
  if (d > 28 && d > daysInMonth(y, mo)) return undefined;
  return `${text.slice(0, 19)}.${(m[7] ?? '').padEnd(7, '0')}Z`;
}

const two = (n: number) => (n < 10 ? `0${n}` : String(n));

function daysInMonth(y: number, mo: number): number {
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return mo === 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].includes(mo) ? 30 : 31;
}

const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2}) ?([AP]M)$/i;

/**
 * "6/9/2020 5:53:46 AM" (UTC) => "2020-06-09T05:53:46Z"; the 1601 epoch ("never") => null; text in any other
 * format (a localised Windows writes its own) is returned as sent.
 */
export function healthReportTime(text: string): string | null {
  const t = text.trim();
  if (t === '') return null;
  const m = US_TIME.exec(t);
  if (!m) return t;
  const [, mo, d, y, h, mi, s, ampm] = m;
  if (y === '1601') return null;
  let hour = Number(h) % 12;
  if (ampm!.toUpperCase() === 'PM') hour += 12;
  // a real calendar time (the usual case) is written out directly; anything Date.UTC would roll over goes through it
  const [month, day, minute, second] = [Number(mo), Number(d), Number(mi), Number(s)];
  if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(y), month) && minute < 60 && second < 60 && Number(y) >= 1000) {
    return `${y}-${two(month)}-${two(day)}T${two(hour)}:${mi}:${s}Z`;
  }
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), hour, Number(mi), Number(s));
  return Number.isNaN(ms) ? t : new Date(ms).toISOString().replace('.000Z', 'Z');
}
