/**
 * Datetime and timespan functions over 100 ns ticks (datetime: since 1970-01-01 UTC): bin, startof/endof,
 * calendar parts, datetime_add/diff, make_*, unixtime_*, format_datetime/format_timespan, todatetime/totimespan.
 * Kusto's datetimes run from 0001-01-01 to 9999-12-31 23:59:59.9999999; results outside that range are null.
 */
import type { Expr } from '../../../ir/types.js';
import { KqlError } from '../../../errors.js';
import type { FnEmitter } from '../emit.js';
import { SQL_TYPES, str } from '../sql-text.js';
import { DATETIME_ZONES, DATETIME_ZONES_MACROS } from './datetime-zones.js';

/** Ticks from 0001-01-01 (.NET's origin, which Kusto's bin and week alignment use) to 1970-01-01. */
const EPOCH = '621355968000000000';
const MIN_DT = '-621355968000000000';
const MAX_DT = '2534023007999999999';
const DAY = 864_000_000_000n;
const UNIT_TICKS: Record<string, bigint> = {
  week: 7n * DAY, day: DAY, hour: 36_000_000_000n, minute: 600_000_000n, second: 10_000_000n,
  millisecond: 10_000n, microsecond: 10n,
};

/** Text forms todatetime reads besides canonical ISO 8601 (the same forms as parseDatetime in literals.ts). */
const TIME_RE = String.raw`(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d+))?)?`;
const ISO_RE = String.raw`(?i)(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:(?:T|\s+)${TIME_RE})?\s*(Z|[+-]\d{2}(?::?\d{2})?|GMT|UTC)?`;
const US_RE = String.raw`(?i)(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+${TIME_RE}\s*([AP]M)?)?\s*(Z|GMT|UTC)?`;
const RFC_RE = String.raw`(?i)(?:[A-Za-z]+,?\s+)?(\d{1,2})[\s-]+([A-Za-z]{3})[A-Za-z]*[\s-]+(\d{4}|\d{2})(?:\s+${TIME_RE})?\s*(Z|GMT|UTC|[+-]\d{2}:?\d{2})?`;
/** Text forms totimespan reads (lower-cased first): .NET's [-][d.]hh:mm[:ss[.f]] and number-with-unit. */
const CLOCK_RE = String.raw`([+-]?)(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?`;
const UNIT_RE = String.raw`([+-]?(?:\d+\.?\d*|\.\d+))\s*([a-z]+)`;

/** Extracts named groups of a full match once, into `r`, and evaluates `body` over them. */
function extract(text: string, re: string, names: string[], body: string): string {
  return `(list_transform([regexp_extract(${text}, ${str(`^(?:${re})$`)}, [${names.map(str).join(', ')}])], lambda r: ${body}))[1]`;
}

export const DATETIME_MACROS: readonly string[] = [
  // a datetime, or null when it falls outside Kusto's range (callers may pass HUGEINT to avoid overflow)
  `CREATE OR REPLACE TEMP MACRO kql_dt_ok(t) AS CASE WHEN t BETWEEN ${MIN_DT} AND ${MAX_DT} THEN CAST(t AS BIGINT) END`,
  // ticks since 0001-01-01: never negative for a valid datetime, so // and % floor as calendar maths needs
  `CREATE OR REPLACE TEMP MACRO kql_nt(t) AS (t + ${EPOCH})`,
  `CREATE OR REPLACE TEMP MACRO kql_dt_date(t) AS DATE '1970-01-01' + CAST(kql_nt(t) // ${DAY} - 719162 AS INTEGER)`,
  `CREATE OR REPLACE TEMP MACRO kql_date_dt(d) AS (CAST(d AS DATE) - DATE '1970-01-01') * ${DAY}`,
  `CREATE OR REPLACE TEMP MACRO kql_dt_tod(t) AS kql_nt(t) % ${DAY}`,
  `CREATE OR REPLACE TEMP MACRO kql_frac(t) AS lpad(CAST(abs(t) % 10000000 AS VARCHAR), 7, '0')`,
  // text to datetime: ISO 8601 and the sortable forms, M/d/yyyy, and RFC 822 / RFC 850 with month names
  `CREATE OR REPLACE TEMP MACRO kql_dt_build(y, mo, d, h, mi, s, f, ampm, tz) AS kql_dt_ok(
     kql_date_dt(try(make_date(CAST(y AS INTEGER), CAST(mo AS INTEGER), CAST(d AS INTEGER))))
     + CASE WHEN CAST(h AS INTEGER) > CASE WHEN ampm = '' THEN 23 ELSE 12 END OR (ampm <> '' AND CAST(h AS INTEGER) = 0)
         OR CAST(mi AS INTEGER) > 59 OR CAST(s AS INTEGER) > 59 THEN NULL
       ELSE (CAST(h AS INTEGER) % CASE WHEN ampm = '' THEN 24 ELSE 12 END + CASE WHEN upper(ampm) = 'PM' THEN 12 ELSE 0 END)
         * 36000000000 + CAST(mi AS BIGINT) * 600000000 + CAST(s AS BIGINT) * 10000000
         + CAST(rpad(left(f, 7), 7, '0') AS BIGINT) END
     - CASE WHEN tz IN ('', 'Z', 'GMT', 'UTC') THEN 0 ELSE (CASE WHEN left(tz, 1) = '-' THEN -1 ELSE 1 END)
         * (CAST(substr(replace(tz, ':', ''), 2, 2) AS BIGINT) * 60 + coalesce(TRY_CAST(substr(replace(tz, ':', ''), 4, 2) AS BIGINT), 0))
         * 600000000 END)`,
  // the other forms: a cheap full match picks the form, then its groups are extracted once
  `CREATE OR REPLACE TEMP MACRO kql_parse_datetime_other(kql_s) AS CASE
     WHEN regexp_full_match(kql_s, ${str(ISO_RE)}) THEN ${extract('kql_s', ISO_RE, ['y', 'mo', 'd', 'h', 'mi', 's', 'f', 'tz'],
       "kql_dt_build(r.y, r.mo, r.d, coalesce(nullif(r.h, ''), '0'), coalesce(nullif(r.mi, ''), '0'), coalesce(nullif(r.s, ''), '0'), r.f, '', upper(r.tz))")}
     WHEN regexp_full_match(kql_s, ${str(US_RE)}) THEN ${extract('kql_s', US_RE, ['mo', 'd', 'y', 'h', 'mi', 's', 'f', 'ampm', 'tz'],
       "kql_dt_build(r.y, r.mo, r.d, coalesce(nullif(r.h, ''), '0'), coalesce(nullif(r.mi, ''), '0'), coalesce(nullif(r.s, ''), '0'), r.f, r.ampm, upper(r.tz))")}
     WHEN regexp_full_match(kql_s, ${str(RFC_RE)}) THEN ${extract('kql_s', RFC_RE, ['d', 'mon', 'y', 'h', 'mi', 's', 'f', 'tz'],
       `CASE WHEN instr('janfebmaraprmayjunjulaugsepoctnovdec', lower(r.mon)) % 3 = 1 THEN kql_dt_build(
         CASE WHEN length(r.y) = 4 THEN CAST(r.y AS INTEGER) WHEN CAST(r.y AS INTEGER) < 50 THEN 2000 + CAST(r.y AS INTEGER) ELSE 1900 + CAST(r.y AS INTEGER) END,
         (instr('janfebmaraprmayjunjulaugsepoctnovdec', lower(r.mon)) + 2) // 3, r.d, coalesce(nullif(r.h, ''), '0'),
         coalesce(nullif(r.mi, ''), '0'), coalesce(nullif(r.s, ''), '0'), r.f, '', upper(r.tz)) END`)} END`,
  // canonical ISO 8601 is read by position (no capture groups, no lambda: the common case stays fast)
  `CREATE OR REPLACE TEMP MACRO kql_parse_datetime(s) AS CASE
     WHEN regexp_full_match(s, '\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,7})?)?Z?') THEN
       CASE WHEN substr(s, 1, 4) >= '0001' AND substr(s, 12, 2) <= '23' AND substr(s, 15, 2) <= '59' AND substr(s, 18, 2) <= '59' THEN
         (try(make_date(CAST(substr(s, 1, 4) AS INTEGER), CAST(substr(s, 6, 2) AS INTEGER), CAST(substr(s, 9, 2) AS INTEGER)))
           - DATE '1970-01-01') * ${DAY}
         + coalesce(TRY_CAST(substr(s, 12, 2) AS BIGINT) * 36000000000 + TRY_CAST(substr(s, 15, 2) AS BIGINT) * 600000000
           + TRY_CAST(substr(s, 18, 2) AS BIGINT) * 10000000, 0)
         + CAST(rpad(rtrim(substr(s, 21), 'Z'), 7, '0') AS BIGINT) END
     ELSE kql_parse_datetime_other(trim(s)) END`,
  // text to timespan: [-][d.]hh:mm[:ss[.fffffff]], a number of days, or a number with a unit (1.5h, 10ms, 2 days)
  `CREATE OR REPLACE TEMP MACRO kql_parse_timespan_lower(kql_s) AS CASE
     WHEN regexp_full_match(kql_s, ${str(CLOCK_RE)}) THEN ${extract('kql_s', CLOCK_RE, ['sign', 'd', 'h', 'mi', 's', 'f'],
       `CASE WHEN CAST(r.h AS INTEGER) < 24 AND CAST(r.mi AS INTEGER) < 60 AND coalesce(TRY_CAST(r.s AS INTEGER), 0) < 60 THEN
         (CASE WHEN r.sign = '-' THEN -1 ELSE 1 END) * (coalesce(TRY_CAST(r.d AS BIGINT), 0) * ${DAY}
         + CAST(r.h AS BIGINT) * 36000000000 + CAST(r.mi AS BIGINT) * 600000000
         + coalesce(TRY_CAST(r.s AS BIGINT), 0) * 10000000 + CAST(rpad(r.f, 7, '0') AS BIGINT)) END`)}
     WHEN regexp_full_match(kql_s, '[+-]?\\d{1,8}') THEN CAST(kql_s AS BIGINT) * ${DAY}
     WHEN regexp_full_match(kql_s, ${str(UNIT_RE)}) THEN ${extract('kql_s', UNIT_RE, ['n', 'u'],
       `CAST(trunc(TRY_CAST(r.n AS DECIMAL(38, 10)) * CASE
         WHEN r.u IN ('d', 'day', 'days') THEN ${DAY}
         WHEN r.u IN ('h', 'hr', 'hrs', 'hour', 'hours') THEN 36000000000
         WHEN r.u IN ('m', 'min', 'minute', 'minutes') THEN 600000000
         WHEN r.u IN ('s', 'sec', 'second', 'seconds') THEN 10000000
         WHEN r.u IN ('ms', 'milli', 'millis', 'millisec', 'millisecond', 'milliseconds') THEN 10000
         WHEN r.u IN ('micro', 'micros', 'microsec', 'microsecond', 'microseconds') THEN 10
         WHEN r.u IN ('tick', 'ticks') THEN 1
         WHEN r.u IN ('nano', 'nanos', 'nanosec', 'nanosecond', 'nanoseconds') THEN 0.01 END) AS BIGINT)`)} END`,
  `CREATE OR REPLACE TEMP MACRO kql_parse_timespan(s) AS kql_parse_timespan_lower(lower(trim(s)))`,
  ...DATETIME_ZONES_MACROS,
];

/** The string value of a literal argument (units, formats), or undefined when it is not a literal. */
function constText(e: Expr): string | undefined {
  return e.k === 'lit' && typeof e.value === 'string' ? e.value : undefined;
}

function typed(sql: string, e: Expr): string {
  return `CAST(${sql} AS ${SQL_TYPES[e.type]})`;
}

/** Calendar and clock parts of a datetime (ticks) as SQL integers. */
const part = {
  year: (t: string) => `year(kql_dt_date(${t}))`,
  quarter: (t: string) => `quarter(kql_dt_date(${t}))`,
  month: (t: string) => `month(kql_dt_date(${t}))`,
  day: (t: string) => `day(kql_dt_date(${t}))`,
  dayofyear: (t: string) => `dayofyear(kql_dt_date(${t}))`,
  week_of_year: (t: string) => `weekofyear(kql_dt_date(${t}))`, // DuckDB's weekofyear is ISO 8601, as Kusto's
  hour: (t: string) => `(kql_dt_tod(${t}) // 36000000000)`,
  minute: (t: string) => `(kql_dt_tod(${t}) // 600000000 % 60)`,
  second: (t: string) => `(kql_dt_tod(${t}) // 10000000 % 60)`,
  millisecond: (t: string) => `(kql_nt(${t}) % 10000000 // 10000)`,
  microsecond: (t: string) => `(kql_nt(${t}) % 10000000 // 10)`,
  nanosecond: (t: string) => `(kql_nt(${t}) % 10000000 * 100)`,
};
const PART_ALIASES: Record<string, keyof typeof part> = {
  weekofyear: 'week_of_year', week: 'week_of_year', dayofmonth: 'day',
};

/** Units and formats must be literals (the analyser insists), so they are resolved here, once. */
function literalArg(arg: Expr, what: string): string {
  const fixed = constText(arg);
  if (fixed === undefined) throw new KqlError('PK001', `Not supported yet: a ${what} that is not a literal`);
  return fixed;
}

/** Resolves a literal unit name (any letter case, with Kusto's aliases) and emits it. */
function byUnit(unitArg: Expr, units: string[], each: (unit: string) => string, what: string): string {
  const fixed = literalArg(unitArg, `${what} unit`);
  const u = fixed.toLowerCase();
  const unit = units.includes(u) ? u : PART_ALIASES[u];
  if (!unit || !units.includes(unit)) throw new KqlError('PK002', `'${fixed}' is not a ${what} unit`);
  return each(unit);
}

const DIFF_UNITS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond', 'nanosecond'];

/** datetime_add(unit, amount, t): calendar units keep the time of day and clamp to the month's last day. */
function addUnit(unit: string, n: string, t: string): string {
  const months = { year: 12, quarter: 3, month: 1 }[unit];
  if (months) {
    // beyond 10,000 years every result is out of range; the guard keeps to_months from overflowing
    return `CASE WHEN abs(${n}) <= 120000 THEN kql_dt_ok(kql_date_dt(kql_dt_date(${t}) + to_months(CAST(${n} * ${months} AS INTEGER))) + kql_dt_tod(${t})) END`;
  }
  const step = unit === 'nanosecond' ? `(CAST(${n} AS HUGEINT) // 100)` : `CAST(${n} AS HUGEINT) * ${UNIT_TICKS[unit]}`;
  return `kql_dt_ok(CAST(${t} AS HUGEINT) + ${step})`;
}

/** datetime_diff(unit, a, b): how many unit boundaries lie between b and a (calendar-aware, Sunday weeks). */
function diffUnit(unit: string, a: string, b: string): string {
  const months = { year: 12, quarter: 3, month: 1 }[unit];
  if (months) {
    const idx = (t: string) => `(year(kql_dt_date(${t})) * 12 + month(kql_dt_date(${t})) - 1) // ${months}`;
    return `(${idx(a)} - ${idx(b)})`;
  }
  if (unit === 'nanosecond') return `((${a} - ${b}) * 100)`;
  // weeks start on Sunday; 0001-01-01 was a Monday, so shift by a day before dividing
  const shift = unit === 'week' ? ` + ${DAY}` : '';
  const size = UNIT_TICKS[unit];
  return `((kql_nt(${a})${shift}) // ${size} - (kql_nt(${b})${shift}) // ${size})`;
}

/** startof*(t, offset) as ticks; endof* is the next start minus one tick. */
function startOf(unit: 'day' | 'week' | 'month' | 'year', t: string, off: string): string {
  switch (unit) {
    case 'day': return `((kql_nt(${t}) // ${DAY} + ${off}) * ${DAY} - ${EPOCH})`;
    case 'week': return `(((kql_nt(${t}) + ${DAY}) // ${7n * DAY} + ${off}) * ${7n * DAY} - ${DAY} - ${EPOCH})`;
    case 'month': return `CASE WHEN abs(${off}) <= 120000 THEN kql_date_dt(date_trunc('month', kql_dt_date(${t})) + to_months(CAST(${off} AS INTEGER))) END`;
    case 'year': return `CASE WHEN abs(${off}) <= 10000 THEN kql_date_dt(date_trunc('year', kql_dt_date(${t})) + to_years(CAST(${off} AS INTEGER))) END`;
  }
}

function startOfFn(unit: 'day' | 'week' | 'month' | 'year'): FnEmitter {
  return ([t, off]) => `kql_dt_ok(CAST(${startOf(unit, t, off ?? '0')} AS HUGEINT))`;
}

function endOfFn(unit: 'day' | 'week' | 'month' | 'year'): FnEmitter {
  return ([t, off]) => `kql_dt_ok(CAST(${startOf(unit, t, `(${off ?? '0'} + 1)`)} AS HUGEINT) - 1)`;
}

/** bin(x, size): rounds down to a multiple of size; datetimes are binned from 0001-01-01, as Kusto does. */
const bin: FnEmitter = ([x, size], e) => {
  const [xt, st] = [e.args[0].type, e.args[1].type];
  const step = e.args[1];
  // A constant step that divides the 0001-to-1970 offset (1h, 1d…) aligns the same from either origin: plain
  // integer arithmetic, and the result stays in range whenever the input is.
  if (xt === 'datetime' && step.k === 'lit' && typeof step.value === 'bigint' && step.value > 0n && BigInt(EPOCH) % step.value === 0n) {
    return `(kql_floordiv(${x}, ${size}) * ${size})`;
  }
  if (xt === 'datetime') return `CASE WHEN ${size} > 0 THEN kql_dt_ok(kql_nt(${x}) // ${size} * ${size} - ${EPOCH}) END`;
  if (e.type === 'real' || e.type === 'decimal' || st === 'real' || st === 'decimal') {
    return `CASE WHEN ${size} > 0 THEN ${typed(`floor(${x} / ${size}) * ${size}`, e)} END`;
  }
  return `CASE WHEN ${size} > 0 THEN ${typed(`kql_floordiv(${x}, ${size}) * ${size}`, e)} END`;
};

/** bin_at(x, size, fixed): bins aligned so that `fixed` starts a bin. */
const binAt: FnEmitter = ([x, size, fixed], e) => {
  if (e.args.slice(0, 2).some(a => a.type === 'real' || a.type === 'decimal') || e.type === 'real') {
    return `CASE WHEN ${size} > 0 THEN ${typed(`${fixed} + floor((${x} - ${fixed}) / ${size}) * ${size}`, e)} END`;
  }
  const sql = `${fixed} + kql_floordiv(${x} - ${fixed}, ${size}) * ${size}`;
  return `CASE WHEN ${size} > 0 THEN ${e.type === 'datetime' ? `kql_dt_ok(${sql})` : typed(sql, e)} END`;
};

// ---- format_datetime / format_timespan: Kusto's own specifiers (not .NET's), delimiters only between them

const DELIMITERS = new Set([' ', '/', '-', ':', ',', '.', '_', '[', ']']);
const DT_TOKENS = /yyyy|yy|y|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|F{1,7}|tt|[\s\S]/g;
const TS_TOKENS = /d{1,8}|f{1,7}|F{1,7}|HH|H|hh|h|mm|m|ss|s|[\s\S]/g;
const DT_TOKEN_SET = ['yyyy', 'yy', 'y', 'MM', 'M', 'dd', 'd', 'HH', 'H', 'hh', 'h', 'mm', 'm', 'ss', 's', 'tt',
  ...[1, 2, 3, 4, 5, 6, 7].flatMap(n => ['f'.repeat(n), 'F'.repeat(n)])];
const TS_TOKEN_SET = ['HH', 'H', 'hh', 'h', 'mm', 'm', 'ss', 's', ...[1, 2, 3, 4, 5, 6, 7, 8].map(n => 'd'.repeat(n)),
  ...[1, 2, 3, 4, 5, 6, 7].flatMap(n => ['f'.repeat(n), 'F'.repeat(n)])];

const txt = (x: string) => `CAST(${x} AS VARCHAR)`;
const pad = (x: string, n: number) => `lpad(${txt(x)}, CAST(greatest(length(${txt(x)}), ${n}) AS INTEGER), '0')`;

/** Fractions: f.. prints the leading digits; F.. the same without trailing zeros (nothing when all zero). */
function fraction(tok: string, frac7: string): string | undefined {
  if (/^f+$/.test(tok)) return `left(${frac7}, ${tok.length})`;
  if (/^F+$/.test(tok)) return `rtrim(left(${frac7}, ${tok.length}), '0')`;
  return undefined;
}

function datetimeToken(tok: string, t: string): string {
  const hour = part.hour(t);
  switch (tok) {
    case 'yyyy': return pad(part.year(t), 4);
    case 'yy': return pad(`${part.year(t)} % 100`, 2);
    case 'y': return txt(`${part.year(t)} % 100`);
    case 'MM': return pad(part.month(t), 2);
    case 'M': return txt(part.month(t));
    case 'dd': return pad(part.day(t), 2);
    case 'd': return txt(part.day(t));
    case 'HH': return pad(hour, 2);
    case 'H': return txt(hour);
    case 'hh': return pad(`(${hour} + 11) % 12 + 1`, 2);
    case 'h': return txt(`(${hour} + 11) % 12 + 1`);
    case 'mm': return pad(part.minute(t), 2);
    case 'm': return txt(part.minute(t));
    case 'ss': return pad(part.second(t), 2);
    case 's': return txt(part.second(t));
    case 'tt': return `CASE WHEN ${hour} < 12 THEN 'AM' ELSE 'PM' END`;
  }
  return fraction(tok, `kql_frac(kql_nt(${t}))`) ?? str(tok);
}

function timespanToken(tok: string, a: string): string {
  if (/^d+$/.test(tok)) return pad(`${a} // ${DAY}`, tok.length);
  switch (tok) {
    case 'HH': case 'hh': return pad(`${a} // 36000000000 % 24`, 2);
    case 'H': case 'h': return txt(`${a} // 36000000000 % 24`);
    case 'mm': return pad(`${a} // 600000000 % 60`, 2);
    case 'm': return txt(`${a} // 600000000 % 60`);
    case 'ss': return pad(`${a} // 10000000 % 60`, 2);
    case 's': return txt(`${a} // 10000000 % 60`);
  }
  return fraction(tok, `kql_frac(${a})`) ?? str(tok);
}

/** Formats with a literal format, checked now as Kusto does: only its specifiers and delimiters may appear. */
function formatter(tokens: RegExp, known: string[], token: (tok: string, v: string) => string,
  value: (sql: string) => string, prefix: (sql: string) => string): FnEmitter {
  return ([v], e) => {
    const fmt = literalArg(e.args[1], 'format');
    const toks = fmt.match(tokens) ?? [];
    const bad = toks.find(t => !known.includes(t) && !DELIMITERS.has(t));
    if (bad !== undefined) throw new KqlError('PK002', `The format '${fmt}' has an unsupported specifier '${bad}'`);
    const x = value(v);
    const body = toks.length ? toks.map(t => (DELIMITERS.has(t) ? str(t) : token(t, x))).join(' || ') : `''`;
    return `coalesce(${prefix(v)}${body}, '')`;
  };
}

const formatDatetime = formatter(DT_TOKENS, DT_TOKEN_SET, datetimeToken, t => t, () => '');
const formatTimespan = formatter(TS_TOKENS, TS_TOKEN_SET, timespanToken,
  t => `abs(CAST(${t} AS HUGEINT))`, t => `CASE WHEN ${t} < 0 THEN '-' ELSE '' END || `);

// ---- construction and conversion

/** make_datetime(y, m, d[, h, min, sec]): null for any out-of-range part; seconds may carry 7 fraction digits. */
const makeDatetime: FnEmitter = ([y, mo, d, h = '0', mi = '0', s = '0']) =>
  `CASE WHEN ${y} BETWEEN 1 AND 9999 AND ${h} BETWEEN 0 AND 23 AND ${mi} BETWEEN 0 AND 59 AND ${s} >= 0 AND ${s} < 60 `
  + `THEN kql_dt_ok(kql_date_dt(try(make_date(CAST(${y} AS INTEGER), CAST(${mo} AS INTEGER), CAST(${d} AS INTEGER))))`
  + ` + CAST(${h} AS BIGINT) * 36000000000 + CAST(${mi} AS BIGINT) * 600000000 + CAST(round(${s} * 10000000) AS BIGINT)) END`;

/** make_timespan(h, m) | (h, m, s) | (d, h, m, s): null when an hour, minute or second is out of range. */
const makeTimespan: FnEmitter = args => {
  const [d, h, mi, s] = args.length === 4 ? args : ['0', args[0], args[1], args[2] ?? '0'];
  return `CASE WHEN ${h} BETWEEN 0 AND 23 AND ${mi} BETWEEN 0 AND 59 AND ${s} >= 0 AND ${s} < 60 THEN `
    + `CAST(${d} AS BIGINT) * ${DAY} + CAST(${h} AS BIGINT) * 36000000000 + CAST(${mi} AS BIGINT) * 600000000 `
    + `+ CAST(round(${s} * 10000000) AS BIGINT) END`;
};

/** unixtime_*_todatetime(n): n units since 1970; reals are rounded to the nearest tick, nanoseconds truncated. */
function fromUnix(ticksPerUnit: number, unitsPerTick = 1): FnEmitter {
  return ([n], e) => {
    const real = e.args[0].type === 'real' || e.args[0].type === 'decimal';
    const ticks = real ? `CAST(round(${n} * ${ticksPerUnit} / ${unitsPerTick}) AS HUGEINT)`
      : `CAST(${n} AS HUGEINT) * ${ticksPerUnit} // ${unitsPerTick}`;
    return `kql_dt_ok(${ticks})`;
  };
}

const NUMERIC = new Set(['int', 'long', 'real', 'decimal']);

/** todatetime: text is parsed; numbers are .NET ticks (since 0001-01-01), as tolong(datetime) gives them. */
const todatetime: FnEmitter = ([a], e) => {
  const t = e.args[0].type;
  if (t === 'datetime') return a;
  if (t === 'string') return `kql_parse_datetime(${a})`;
  if (NUMERIC.has(t)) return `kql_dt_ok(CAST(trunc(${a}) AS HUGEINT) - ${EPOCH})`;
  if (t === 'dynamic') {
    return `(CASE WHEN json_type(${a}) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN kql_dt_ok(CAST(trunc(CAST(json_extract_string(${a}, '$') AS DOUBLE)) AS HUGEINT) - ${EPOCH}) `
      + `WHEN json_type(${a}) = 'VARCHAR' THEN kql_parse_datetime(json_extract_string(${a}, '$')) END)`;
  }
  return `CAST(NULL AS BIGINT)`;
};

/** totimespan: text is parsed; numbers are ticks. */
const totimespan: FnEmitter = ([a], e) => {
  const t = e.args[0].type;
  if (t === 'timespan') return a;
  if (t === 'string') return `kql_parse_timespan(${a})`;
  if (NUMERIC.has(t)) return `TRY_CAST(trunc(${a}) AS BIGINT)`;
  if (t === 'dynamic') {
    return `(CASE WHEN json_type(${a}) IN ('BIGINT', 'UBIGINT', 'DOUBLE') THEN TRY_CAST(trunc(CAST(json_extract_string(${a}, '$') AS DOUBLE)) AS BIGINT) `
      + `WHEN json_type(${a}) = 'VARCHAR' THEN kql_parse_timespan(json_extract_string(${a}, '$')) END)`;
  }
  return `CAST(NULL AS BIGINT)`;
};

function partFn(p: keyof typeof part): FnEmitter {
  return ([t], e) => typed(part[p](t), e);
}

const PART_UNITS = Object.keys(part);

export const DATETIME: Record<string, FnEmitter> = {
  bin,
  floor: bin,
  bin_at: binAt,
  startofday: startOfFn('day'),
  startofweek: startOfFn('week'),
  startofmonth: startOfFn('month'),
  startofyear: startOfFn('year'),
  endofday: endOfFn('day'),
  endofweek: endOfFn('week'),
  endofmonth: endOfFn('month'),
  endofyear: endOfFn('year'),
  getyear: partFn('year'),
  getmonth: partFn('month'),
  monthofyear: partFn('month'),
  dayofmonth: partFn('day'),
  dayofyear: partFn('dayofyear'),
  hourofday: partFn('hour'),
  week_of_year: partFn('week_of_year'),
  weekofyear: partFn('week_of_year'),
  // days since Sunday as a timespan; Kusto yields null on 9999-12-31, where its next-day step overflows
  dayofweek: ([t]) => `CASE WHEN ${t} <= ${MAX_DT} - ${DAY} THEN (kql_nt(${t}) // ${DAY} + 1) % 7 * ${DAY} END`,
  datetime_part: ([, t], e) => typed(byUnit(e.args[0], PART_UNITS, p => part[p as keyof typeof part](t), 'datetime_part'), e),
  datepart: (args, e, cx) => DATETIME.datetime_part(args, e, cx),
  datetime_add: ([, n, t], e) => byUnit(e.args[0], DIFF_UNITS, unit => addUnit(unit, n, t), 'datetime_add'),
  datetime_diff: ([, a, b], e) => typed(byUnit(e.args[0], DIFF_UNITS, unit => diffUnit(unit, a, b), 'datetime_diff'), e),
  make_datetime: makeDatetime,
  make_timespan: makeTimespan,
  unixtime_seconds_todatetime: fromUnix(10_000_000),
  unixtime_milliseconds_todatetime: fromUnix(10_000),
  unixtime_microseconds_todatetime: fromUnix(10),
  unixtime_nanoseconds_todatetime: fromUnix(1, 100),
  format_datetime: formatDatetime,
  format_timespan: formatTimespan,
  todatetime,
  todate: todatetime,
  totimespan,
  totime: totimespan,
  ...DATETIME_ZONES,
};
