/**
 * `Get-WinEvent | ConvertTo-Json` -> RawEvent, in Windows PowerShell 5.1's shape (TimeCreated as
 * "\/Date(1700000000000)\/", UserId as a SecurityIdentifier object, Keywords as a signed number) and PowerShell 7's
 * (ISO dates). Properties carry values without names: for Defender events whose template is known they get the
 * names Event XML would give (defender-fields.ts), otherwise Data1, Data2…. Message and the *DisplayName fields are
 * not kept: they are renderings in the sender's language, not data.
 */
import { propertyNames } from './defender-fields.js';
import { isRecord, jsonItems, prop } from './json-input.js';
import { attempt, buildRawEvent, dataMap, describe, LIMITS, putData, RecordError, type SourceResult } from './raw-event.js';
import { toIsoUtc } from './time.js';

export interface WinEventJsonOptions {
  /** Characters of JSON text accepted (default 64 MiB). */
  maxChars?: number;
  /** Records in one input (default 100 000). */
  maxEvents?: number;
}

/** A Properties value as text: strings as sent, numbers and booleans as written, dates as ISO, SIDs and GUIDs by value. */
function propertyText(v: unknown, field: string, depth = 0): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') {
    // 5.1 writes DateTime values as \/Date(ms)\/; event XML would show ISO text.
    return /^\\?\/Date\(/.test(v) ? (toIsoUtc(v) ?? v) : v;
  }
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    // byte[] (binary data) arrives as an array of numbers: hex as in Event XML; other arrays one item a line.
    if (v.length > LIMITS.dataValue) throw new RecordError(field, `${field} holds ${v.length} items`);
    if (v.length > 0 && v.every(x => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 255)) {
      return (v as number[]).map(x => x.toString(16).padStart(2, '0').toUpperCase()).join('');
    }
    return v.map(x => propertyText(x, field, depth + 1)).join('\n');
  }
  if (isRecord(v) && depth < 4) {
    // SecurityIdentifier {BinaryLength, AccountDomainSid, Value}, 5.1's wrapped DateTime {value, DateTime},
    // Guid {Guid}.
    for (const k of ['Value', 'Guid']) {
      const inner = prop(v, k);
      if (inner !== undefined) return propertyText(inner, field, depth + 1);
    }
  }
  throw new RecordError(field, `${field} is ${describe(v)} that cannot be read as a value`);
}

function textOf(v: unknown): unknown {
  // UserId: SecurityIdentifier object or text; ActivityId: Guid object or text.
  if (isRecord(v)) return prop(v, 'Value') ?? prop(v, 'Guid') ?? v;
  return v;
}

function timeOf(v: unknown): unknown {
  // 5.1 writes a DateTime that carries extra notes as {"value": "\/Date(…)\/", "DateTime": "Tuesday, …"}.
  return isRecord(v) ? prop(v, 'value') : v;
}

function readRecord(rec: unknown) {
  if (!isRecord(rec)) throw new RecordError(undefined, `a Get-WinEvent record must be an object, got ${describe(rec)}`);
  const provider = prop(rec, 'ProviderName');
  const eventId = prop(rec, 'Id');
  const data = dataMap();
  const props = prop(rec, 'Properties');
  if (props !== undefined && props !== null) {
    if (!Array.isArray(props)) throw new RecordError('Properties', `Properties must be an array, got ${describe(props)}`);
    if (props.length > LIMITS.dataFields) throw new RecordError('Properties', `Properties has ${props.length} values, more than ${LIMITS.dataFields}`);
    const id = typeof eventId === 'number' ? eventId : typeof eventId === 'string' && /^\s*\d{1,5}\s*$/.test(eventId) ? Number(eventId) : -1;
    const names = propertyNames(typeof provider === 'string' ? provider : '', id, props.length);
    props.forEach((p, i) => {
      const field = `Properties[${i}]`;
      if (typeof p === 'string' && p.startsWith('System.Diagnostics.Eventing.Reader.')) {
        throw new RecordError(field, `${field} was cut to its type name: serialise with ConvertTo-Json -Depth 3 or more`);
      }
      if (!isRecord(p)) throw new RecordError(field, `${field} must be an object with a Value, got ${describe(p)}`);
      putData(data, names[i], propertyText(prop(p, 'Value'), `${field}.Value`));
    });
  }
  return buildRawEvent({
    channel: prop(rec, 'LogName'),
    provider,
    eventId,
    recordId: prop(rec, 'RecordId'),
    timeCreated: timeOf(prop(rec, 'TimeCreated')),
    computer: prop(rec, 'MachineName'),
    level: prop(rec, 'Level'),
    version: prop(rec, 'Version'),
    task: prop(rec, 'Task'),
    opcode: prop(rec, 'Opcode'),
    keywords: prop(rec, 'Keywords'),
    processId: prop(rec, 'ProcessId'),
    threadId: prop(rec, 'ThreadId'),
    userId: textOf(prop(rec, 'UserId')),
    activityId: textOf(prop(rec, 'ActivityId')),
  }, data, {
    channel: 'LogName', provider: 'ProviderName', eventId: 'Id', recordId: 'RecordId', timeCreated: 'TimeCreated',
    computer: 'MachineName', level: 'Level', version: 'Version', task: 'Task', opcode: 'Opcode', keywords: 'Keywords',
    processId: 'ProcessId', threadId: 'ThreadId', userId: 'UserId', activityId: 'ActivityId',
  });
}

/** Reads Get-WinEvent JSON (text or parsed). Never throws; index = the record's position. */
export function readWinEventJson(input: unknown, options: WinEventJsonOptions = {}): SourceResult {
  const maxChars = options.maxChars ?? 64 * 1024 * 1024;
  const maxEvents = options.maxEvents ?? 100_000;
  const result: SourceResult = { events: [], rejections: [] };
  const parsed = jsonItems(input, maxChars);
  if ('error' in parsed) {
    result.rejections.push({ index: 0, reason: parsed.error });
    return result;
  }
  parsed.items.slice(0, maxEvents).forEach((rec, index) => attempt(index, () => readRecord(rec), result));
  if (parsed.items.length > maxEvents) {
    result.rejections.push({ index: maxEvents, reason: `more than ${maxEvents} records; the rest were not read` });
  }
  return result;
}
