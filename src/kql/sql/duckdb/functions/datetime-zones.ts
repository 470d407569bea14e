/**
 * datetime_utc_to_local and datetime_local_to_utc, with the IANA time zone data of DuckDB's built-in ICU
 * extension. Spread into DATETIME; macros into DATETIME_MACROS.
 */
import type { FnEmitter } from '../emit.js';

/** Ticks either side of a local time within which its instant lies (offsets stay within ±14 h). */
const NEAR = '936000000000'; // 26 h

export const DATETIME_ZONES: Record<string, FnEmitter> = {
  datetime_utc_to_local: ([t, tz]) => `kql_utc_to_local(${t}, ${tz})`,
  datetime_local_to_utc: ([t, tz]) => `kql_local_to_utc(${t}, ${tz})`,
};

export const DATETIME_ZONES_MACROS: readonly string[] = [
  // the zone when ICU knows its name (in any case, as ICU reads it), else null: ICU raises an error for other
  // names, even while folding constants, so an unknown zone must never reach timezone()
  `CREATE OR REPLACE TEMP MACRO kql_tz(tz) AS CASE WHEN lower(tz) IN (SELECT lower(name) FROM pg_timezone_names()) THEN tz END`,
  // the zone's UTC offset, in ticks, at the instant t (ticks); offsets are whole seconds, so microseconds suffice
  `CREATE OR REPLACE TEMP MACRO kql_tz_offset(t, zone) AS (epoch_us(timezone(zone, timezone('UTC', make_timestamp(kql_floordiv(t, 10)))))
     - kql_floordiv(t, 10)) * 10`,
  `CREATE OR REPLACE TEMP MACRO kql_utc_to_local_in(t, zone) AS kql_dt_ok(CAST(t AS HUGEINT) + kql_tz_offset(t, zone))`,
  `CREATE OR REPLACE TEMP MACRO kql_utc_to_local(t, tz) AS kql_utc_to_local_in(t, kql_tz(tz))`,
  // The instant from a local time: with the smaller of the offsets around it, the instant's own offset is read.
  // A time skipped when clocks go forward so takes the offset after the change (02:00 in Brussels on
  // 2022-03-27 is 00:00 UTC, as Kusto's documentation shows); a time repeated when they go back, the later one.
  `CREATE OR REPLACE TEMP MACRO kql_local_to_utc_at(t, zone, low) AS kql_dt_ok(CAST(t AS HUGEINT) - kql_tz_offset(t - low, zone))`,
  `CREATE OR REPLACE TEMP MACRO kql_local_to_utc_in(t, zone) AS kql_local_to_utc_at(t, zone,
     least(kql_tz_offset(t - ${NEAR}, zone), kql_tz_offset(t + ${NEAR}, zone)))`,
  `CREATE OR REPLACE TEMP MACRO kql_local_to_utc(t, tz) AS kql_local_to_utc_in(t, kql_tz(tz))`,
];
