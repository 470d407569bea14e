/**
 * The checks every event source shares: a RawEvent is built from loosely typed System fields only when the
 * fields that make it usable (event id, record id, time, channel, computer) are present and sane. Anything else
 * becomes a Rejection that names the field.
 */
import type { RawEvent, Rejection } from '../model.js';
import { toIsoUtc } from './time.js';

/** What a source returns: the events it could read and a rejection for each record it could not. */
export interface SourceResult { events: RawEvent[]; rejections: Rejection[] }

/** Limits that keep one hostile record from costing much (each source adds its own size limits). */
export const LIMITS = {
  /** Characters in a System string field (channel, provider, computer…). */
  systemField: 1024,
  /** Characters in one EventData value. */
  dataValue: 65_536,
  /** EventData fields per event. */
  dataFields: 1024,
  /** Characters in one EventData name. */
  dataName: 256,
};

/** System fields as a source found them, before checks (values may be of any type). */
export interface LooseSystem {
  channel?: unknown;
  provider?: unknown;
  eventId?: unknown;
  recordId?: unknown;
  timeCreated?: unknown;
  computer?: unknown;
  level?: unknown;
  version?: unknown;
  task?: unknown;
  opcode?: unknown;
  keywords?: unknown;
  processId?: unknown;
  threadId?: unknown;
  userId?: unknown;
  activityId?: unknown;
}

export class RecordError extends Error {
  constructor(readonly field: string | undefined, readonly reason: string) { super(reason); }
}

/** A non-negative integer from a number or decimal text, within max; undefined when absent, error when bad. */
export function intField(v: unknown, field: string, max: number, required: boolean): number | undefined {
  if (v === undefined || v === null || v === '') {
    if (required) throw new RecordError(field, `${field} is missing`);
    return undefined;
  }
  let n: number;
  if (typeof v === 'number') n = v;
  else if (typeof v === 'string' && /^\s*\d{1,16}\s*$/.test(v)) n = Number(v);
  else if (typeof v === 'bigint') n = Number(v);
  else throw new RecordError(field, `${field} must be a non-negative integer, got ${describe(v)}`);
  if (!Number.isInteger(n) || n < 0 || n > max) {
    throw new RecordError(field, `${field} must be an integer from 0 to ${max}, got ${describe(v)}`);
  }
  return n;
}

/** The EventRecordID: 1 to 2^63-1, from a number, decimal text or bigint. */
export function recordIdField(v: unknown, field: string): bigint {
  let id: bigint | undefined;
  if (typeof v === 'bigint') id = v;
  else if (typeof v === 'number' && Number.isSafeInteger(v)) id = BigInt(v);
  else if (typeof v === 'string' && /^\s*\d{1,19}\s*$/.test(v)) id = BigInt(v.trim());
  if (v === undefined || v === null || v === '') throw new RecordError(field, `${field} is missing`);
  if (id === undefined) throw new RecordError(field, `${field} must be a whole number, got ${describe(v)}`);
  if (id < 1n || id > 0x7fff_ffff_ffff_ffffn) throw new RecordError(field, `${field} out of range: ${id}`);
  return id;
}

/** A trimmed string of at most LIMITS.systemField characters; numbers are accepted as their text. */
export function stringField(v: unknown, field: string, required: boolean): string | undefined {
  if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
    if (required) throw new RecordError(field, `${field} is missing`);
    return undefined;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v !== 'string') throw new RecordError(field, `${field} must be text, got ${describe(v)}`);
  if (v.length > LIMITS.systemField) throw new RecordError(field, `${field} longer than ${LIMITS.systemField} characters`);
  return v.trim();
}

/** Keywords as Windows writes them (0x followed by 16 hex digits), from hex text or a signed 64-bit number. */
export function keywordsField(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  let n: bigint | undefined;
  if (typeof v === 'string' && /^\s*0x[0-9a-f]{1,16}\s*$/i.test(v)) n = BigInt(v.trim());
  else if (typeof v === 'string' && /^\s*-?\d{1,20}\s*$/.test(v)) n = BigInt(v.trim());
  // Get-WinEvent's Keywords is a signed long; JSON numbers past 2^53 arrive rounded, 2^63 (the usual
  // "Classic" keyword) exactly.
  else if (typeof v === 'number' && Number.isInteger(v)) n = BigInt(v);
  else if (typeof v === 'bigint') n = v;
  if (n === undefined || n < -(2n ** 63n) || n >= 2n ** 64n) throw new RecordError(field, `${field} must be hex or a 64-bit number, got ${describe(v)}`);
  if (n < 0n) n += 2n ** 64n;
  return `0x${n.toString(16).padStart(16, '0')}`;
}

/** A short description of a value for rejection messages (never the whole value: it may be huge). */
export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return v.length > 40 ? `text of ${v.length} characters` : JSON.stringify(v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v).slice(0, 40)}`;
}

/**
 * Checks and builds a RawEvent. Throws RecordError naming the field at fault; callers turn it into a Rejection.
 * `fieldNames` maps the generic names to the source's own spelling, so that messages name what the sender sent.
 */
export function buildRawEvent(sys: LooseSystem, data: Record<string, string>, names: Partial<Record<keyof LooseSystem, string>> = {},
  xml?: string): RawEvent {
  const n = (k: keyof LooseSystem) => names[k] ?? k;
  const eventId = intField(sys.eventId, n('eventId'), 65_535, true)!;
  const recordId = recordIdField(sys.recordId, n('recordId'));
  if (sys.timeCreated === undefined || sys.timeCreated === null || sys.timeCreated === '') {
    throw new RecordError(n('timeCreated'), `${n('timeCreated')} is missing`);
  }
  const timeCreated = toIsoUtc(sys.timeCreated);
  if (!timeCreated) throw new RecordError(n('timeCreated'), `${n('timeCreated')} is not a date and time: ${describe(sys.timeCreated)}`);
  const event: RawEvent = {
    channel: stringField(sys.channel, n('channel'), true)!,
    provider: stringField(sys.provider, n('provider'), false) ?? '',
    eventId,
    recordId,
    timeCreated,
    computer: stringField(sys.computer, n('computer'), true)!,
    data: checkData(data),
  };
  const level = intField(sys.level, n('level'), 255, false);
  const version = intField(sys.version, n('version'), 255, false);
  const task = intField(sys.task, n('task'), 65_535, false);
  const opcode = intField(sys.opcode, n('opcode'), 255, false);
  const keywords = keywordsField(sys.keywords, n('keywords'));
  const processId = intField(sys.processId, n('processId'), 0xffff_ffff, false);
  const threadId = intField(sys.threadId, n('threadId'), 0xffff_ffff, false);
  const userId = stringField(sys.userId, n('userId'), false);
  const activityId = stringField(sys.activityId, n('activityId'), false);
  if (level !== undefined) event.level = level;
  if (version !== undefined) event.version = version;
  if (task !== undefined) event.task = task;
  if (opcode !== undefined) event.opcode = opcode;
  if (keywords !== undefined) event.keywords = keywords;
  if (processId !== undefined) event.processId = processId;
  if (threadId !== undefined) event.threadId = threadId;
  if (userId !== undefined) event.userId = userId;
  if (activityId !== undefined) event.activityId = activityId;
  if (xml !== undefined) event.xml = xml;
  return event;
}

function checkData(data: Record<string, string>): Record<string, string> {
  const keys = Object.keys(data);
  if (keys.length > LIMITS.dataFields) throw new RecordError('EventData', `EventData has ${keys.length} fields, more than ${LIMITS.dataFields}`);
  for (const k of keys) {
    if (k.length > LIMITS.dataName) throw new RecordError('EventData', `EventData name longer than ${LIMITS.dataName} characters`);
    if (data[k].length > LIMITS.dataValue) throw new RecordError(`EventData.${k}`, `EventData.${k} longer than ${LIMITS.dataValue} characters`);
  }
  return data;
}

/** A fresh EventData map. */
export function dataMap(): Record<string, string> {
  return {};
}

/**
 * Adds a value under a name; a repeated name keeps every value, one per line (as the .evtx reader does).
 * defineProperty makes names such as `__proto__` plain own keys instead of touching the prototype.
 */
export function putData(out: Record<string, string>, name: string, value: string): void {
  // the common case, a new ordinary name, as a plain store (several times faster than defineProperty)
  if (out[name] === undefined && name !== '__proto__') {
    out[name] = value;
    return;
  }
  const v = Object.prototype.hasOwnProperty.call(out, name) ? `${out[name]}\n${value}` : value;
  Object.defineProperty(out, name, { value: v, enumerable: true, writable: true, configurable: true });
}

/** Runs `build` and turns a RecordError (or anything thrown) into a Rejection at `index`. */
export function attempt(index: number, build: () => RawEvent, result: SourceResult): void {
  try {
    result.events.push(build());
  } catch (e) {
    if (e instanceof RecordError) result.rejections.push({ index, field: e.field, reason: e.reason });
    else result.rejections.push({ index, reason: `unreadable record: ${e instanceof Error ? e.message : String(e)}` });
  }
}
