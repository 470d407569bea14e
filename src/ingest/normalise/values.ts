/**
 * Reading loosely typed report values (PowerShell JSON from 5.1 or 7, or anything a hostile sender makes up)
 * into the store's types, with a Rejection naming the field for each value that cannot be read.
 */
import { createHash } from 'node:crypto';
import type { Rejection } from '../model.js';
import { isRecord, prop } from '../sources/json-input.js';
import { toIsoUtc } from '../sources/time.js';

export { isRecord, prop };

/** A device as the ingest API knows it; the optional OS fields let inventory rows carry them. */
export interface Device {
  deviceId: string;
  deviceName: string;
  osPlatform?: string;
  osVersion?: string;
  osArchitecture?: string;
}

/** Collects rejections for one item (index) as fields are read. */
export class FieldReader {
  constructor(readonly index: number, readonly rejections: Rejection[], readonly prefix = '') {}

  reject(field: string, reason: string): null {
    this.rejections.push({ index: this.index, field: this.prefix + field, reason });
    return null;
  }

  string(v: unknown, field: string, max = 4096): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v.length > max ? this.reject(field, `longer than ${max} characters`) : v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    return this.reject(field, `expected text, got ${kind(v)}`);
  }

  bool(v: unknown, field: string): boolean | null {
    if (v === undefined || v === null) return null;
    if (typeof v === 'boolean') return v;
    if (v === 0 || v === 1) return v === 1;
    if (typeof v === 'string' && /^\s*(true|false)\s*$/i.test(v)) return v.trim().toLowerCase() === 'true';
    return this.reject(field, `expected true or false, got ${kind(v)}`);
  }

  /**
   * An integer within [min, max]. Windows writes 4294967295 (uint32 -1) for "never" in ages such as
   * FullScanAge: that reads as null, not as an error.
   */
  int(v: unknown, field: string, min = -(2 ** 31), max = 2 ** 31 - 1): number | null {
    if (v === undefined || v === null) return null;
    const n = typeof v === 'string' && /^\s*-?\d{1,16}\s*$/.test(v) ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n)) return this.reject(field, `expected a whole number, got ${kind(v)}`);
    if (n === 4294967295) return null;
    if (n < min || n > max) return this.reject(field, `${n} is out of range ${min}..${max}`);
    return n;
  }

  long(v: unknown, field: string): number | bigint | null {
    if (v === undefined || v === null) return null;
    if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
    if (typeof v === 'string' && /^\s*-?\d{1,19}\s*$/.test(v)) {
      const b = BigInt(v.trim());
      if (b >= -(2n ** 63n) && b < 2n ** 63n) return Number.isSafeInteger(Number(b)) ? Number(b) : b;
    }
    return this.reject(field, `expected a 64-bit whole number, got ${kind(v)}`);
  }

  /** ISO UTC text from ISO (any offset), \/Date(ms)\/ or 5.1's {"value": "\/Date(ms)\/", "DateTime": …}. */
  datetime(v: unknown, field: string): string | null {
    if (v === undefined || v === null || v === '') return null;
    const inner = isRecord(v) ? prop(v, 'value') : v;
    if (typeof inner !== 'string') return this.reject(field, `expected a date and time, got ${kind(v)}`);
    const iso = toIsoUtc(inner);
    // 1601-01-01 and 0001-01-01 mean "never": null without complaint.
    if (iso === null && /^(\\?\/Date\(-1164447360\d{4}|\\?\/Date\(-62135596800000|1601-01-01|0001-01-01)/.test(inner.trim())) return null;
    return iso ?? this.reject(field, `not a date and time: ${inner.length > 40 ? `text of ${inner.length} characters` : JSON.stringify(inner)}`);
  }
}

export function kind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return v.length > 40 ? `text of ${v.length} characters` : JSON.stringify(v);
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

/**
 * JSON with object keys sorted, so that the same content always gives the same text; null when the value is
 * nested deeper than maxDepth or larger than maxChars (hostile input must not exhaust the stack or memory).
 */
export function canonicalJson(value: unknown, maxDepth = 32, maxChars = 4 * 1024 * 1024): string | null {
  let size = 0;
  const walk = (v: unknown, depth: number): string | null => {
    if (depth > maxDepth || size > maxChars) return null;
    let out: string | null;
    if (Array.isArray(v)) {
      const parts: string[] = [];
      for (const x of v) { const p = walk(x, depth + 1); if (p === null) return null; parts.push(p); }
      out = `[${parts.join(',')}]`;
    } else if (isRecord(v)) {
      const parts: string[] = [];
      for (const k of Object.keys(v).sort()) { const p = walk(v[k], depth + 1); if (p === null) return null; parts.push(`${JSON.stringify(k)}:${p}`); }
      out = `{${parts.join(',')}}`;
    } else if (typeof v === 'bigint') out = v.toString();
    else out = JSON.stringify(v) ?? 'null';
    size += out.length;
    return size > maxChars ? null : out;
  };
  return walk(value, 0);
}

/**
 * A stable ReportId (a positive whole number below 2^53, so exact in JSON and in a `long` column) from the parts
 * that identify a report: the same device and content always give the same id, so a retried report is a
 * duplicate, not a second report.
 */
export function reportNumber(...parts: string[]): number {
  const h = createHash('sha256');
  for (const p of parts) h.update(`${p.length}:${p}`);
  const n = Number(h.digest().readBigUInt64BE(0) & ((1n << 53n) - 1n));
  return n === 0 ? 1 : n;
}

/** The receivedAt argument, checked: normalisers refuse to invent a time. */
export function receivedTime(receivedAt: unknown): string | null {
  return typeof receivedAt === 'string' ? toIsoUtc(receivedAt) : null;
}

/** A device argument, checked. */
export function checkDevice(device: unknown): Device | null {
  if (!isRecord(device)) return null;
  const { deviceId, deviceName } = device as Record<string, unknown>;
  if (typeof deviceId !== 'string' || deviceId === '' || deviceId.length > 256) return null;
  if (typeof deviceName !== 'string' || deviceName.length > 1024) return null;
  return device as unknown as Device;
}
