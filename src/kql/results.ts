/**
 * Query results in Kusto's JSON conventions: datetimes as ISO 8601 with 7 fraction digits, timespans as
 * [-][d.]hh:mm:ss[.fffffff], reals with "NaN"/"Infinity", dynamic as plain JSON, strings never null.
 */
import type { Column, KType } from './ir/types.js';
import { ticksToIso, ticksToTimespan } from './lower/expr.js';

export type Value = null | boolean | number | string | unknown[] | Record<string, unknown>;

export interface QueryResult {
  columns: Column[];
  rows: Value[][];
  /** True when the row limit cut the result short. */
  truncated?: boolean;
  /** Chart metadata from `render`, when the query ends with one. */
  chart?: Chart;
}

/**
 * How the query asked its result to be drawn (`render`); the web console draws it. Column names refer to
 * `QueryResult.columns`. Example: `| render timechart with (title="Logons", ycolumns=count_, series=DeviceName)`
 * gives { kind: 'timechart', x: 'Timestamp', y: ['count_'], series: ['DeviceName'], title: 'Logons' }.
 */
export interface Chart {
  /** The visualization as written: timechart, linechart, columnchart, barchart, areachart, piechart, scatterchart, table, card… */
  kind: string;
  /** The x-axis column: xcolumn when stated, else Kusto's default (a timechart's first datetime column, else the first column). */
  x?: string;
  /** The y-axis columns: ycolumns when stated, else every numeric column that is neither x nor a series column. */
  y: string[];
  /** The columns whose values split the rows into series, when stated. */
  series?: string[];
  title?: string;
  /** Every other property as written (kind=stacked, xtitle, ytitle, legend, ysplit, accumulate…). */
  properties?: Record<string, string>;
}

/** Kusto's datetime range, 0001-01-01 to 9999-12-31 23:59:59.9999999, in ticks since 1970; outside it is null. */
const MIN_DATETIME = -621_355_968_000_000_000n;
const MAX_DATETIME = 2_534_023_007_999_999_999n;

function toBig(v: unknown): bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return BigInt(Math.trunc(v));
  return BigInt(String(v));
}

export function kustoValue(v: unknown, type: KType): Value {
  switch (type) {
    case 'string': return v === null || v === undefined ? '' : String(v);
    case 'bool': return v === null || v === undefined ? null : Boolean(v);
    case 'int': case 'long': {
      if (v === null || v === undefined) return null;
      return typeof v === 'bigint' ? Number(v) : Number(v);
    }
    case 'real': case 'decimal': {
      if (v === null || v === undefined) return null;
      const n = Number(v);
      if (Number.isNaN(n)) return 'NaN';
      if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
      return n;
    }
    case 'datetime': { const t = toBig(v); return t === null || t < MIN_DATETIME || t > MAX_DATETIME ? null : ticksToIso(t); }
    case 'timespan': { const t = toBig(v); return t === null ? null : ticksToTimespan(t); }
    case 'guid': return v === null || v === undefined ? null : String(v);
    case 'dynamic': {
      if (v === null || v === undefined) return null;
      try { return JSON.parse(String(v)) as Value; } catch { return String(v); }
    }
  }
}
