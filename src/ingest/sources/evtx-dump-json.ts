/**
 * The JSON that omerbenamram's `evtx_dump` writes -> RawEvent: {"Event": {"#attributes": …, "System": …,
 * "EventData": …}} per record, as `-o jsonl` (one a line), `-o json` ("Record N" lines between pretty documents),
 * or a JSON array. Attributes come as "#attributes" objects or, with --separate-json-attributes, as "X_attributes"
 * siblings; element text beside attributes as "#text". Named Data are keys of EventData; unnamed ones are
 * "Data": {"#text": [...]} (Data1, Data2…); UserData is flattened below its wrapper as in event-xml.ts.
 */
import type { RawEvent } from '../model.js';
import { isRecord, unwrapArray } from './json-input.js';
import { attempt, buildRawEvent, dataMap, describe, LIMITS, putData, RecordError, type SourceResult } from './raw-event.js';

export interface EvtxDumpOptions {
  /** Characters of input accepted (default 64 MiB). */
  maxChars?: number;
  /** Records in one input (default 100 000). */
  maxEvents?: number;
}

/** Nesting accepted below EventData/UserData (real events need 3 or 4). */
const MAX_DEPTH = 16;

type Obj = Record<string, unknown>;

function own(o: Obj, k: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
}

/** An element's attributes, from "#attributes" inside it or a "Name_attributes" sibling in its parent. */
function attrsOf(parent: Obj, name: string): Obj {
  const el = own(parent, name);
  const inside = isRecord(el) ? own(el, '#attributes') : undefined;
  if (isRecord(inside)) return inside;
  const sibling = own(parent, `${name}_attributes`);
  return isRecord(sibling) ? sibling : {};
}

/** An element's text: the value itself when scalar, else its "#text". */
function textOf(parent: Obj, name: string): unknown {
  const el = own(parent, name);
  if (isRecord(el)) return own(el, '#text');
  return el;
}

function scalar(v: unknown, field: string): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new RecordError(field, `${field} is ${describe(v)} where a value was expected`);
}

/** A Data element's value: a scalar, or {"#text": …} beside "#attributes"; anything else is not a value. */
function dataValue(v: unknown, field: string): string {
  if (!isRecord(v)) return scalar(v, field);
  const keys = Object.keys(v).filter(k => k !== '#attributes');
  if (keys.length === 0) return '';
  if (keys.length === 1 && keys[0] === '#text') return scalar(v['#text'], field);
  throw new RecordError(field, `${field} is an object where a value was expected`);
}

function eventData(ev: Obj): Record<string, string> {
  const out = dataMap();
  const ed = own(ev, 'EventData');
  if (isRecord(ed)) {
    for (const [k, v] of Object.entries(ed)) {
      if (k === '#attributes' || k.endsWith('_attributes')) continue;
      const field = `EventData.${k}`;
      if (k === 'Data' || k === '#text') {
        // Unnamed Data: a scalar, an array, or {"#text": scalar | array}.
        const inner = isRecord(v) ? own(v, '#text') : v;
        const items = Array.isArray(inner) ? inner : inner === undefined ? [] : [inner];
        if (items.length > LIMITS.dataFields) throw new RecordError(field, `${field} holds ${items.length} values`);
        let n = 0;
        for (const item of items) putData(out, `Data${++n}`, scalar(item, `${field}[${n - 1}]`));
        continue;
      }
      if (Array.isArray(v)) {
        if (v.length > LIMITS.dataFields) throw new RecordError(field, `${field} holds ${v.length} values`);
        for (const item of v) putData(out, k, dataValue(item, field));
      } else {
        putData(out, k, dataValue(v, field));
      }
    }
  } else if (ed !== undefined && ed !== null) {
    throw new RecordError('Event.EventData', `Event.EventData must be an object, got ${describe(ed)}`);
  }
  const ud = own(ev, 'UserData');
  if (isRecord(ud)) {
    for (const [k, v] of Object.entries(ud)) if (k !== '#attributes' && !k.endsWith('_attributes')) flatten(v, '', out, 0);
  }
  return out;
}

function flatten(v: unknown, path: string, out: Record<string, string>, depth: number): void {
  if (depth > MAX_DEPTH) throw new RecordError('Event.UserData', `Event.UserData nested deeper than ${MAX_DEPTH}`);
  if (Array.isArray(v)) {
    for (const item of v) flatten(item, path, out, depth + 1);
    return;
  }
  if (!isRecord(v)) {
    if (path) putData(out, path, scalar(v, `Event.UserData.${path}`));
    return;
  }
  for (const [k, x] of Object.entries(v)) {
    if (k === '#attributes' && isRecord(x)) {
      for (const [a, av] of Object.entries(x)) putData(out, path ? `${path}.${a}` : a, scalar(av, `Event.UserData.${path}.${a}`));
    } else if (k === '#text') {
      if (path) putData(out, path, scalar(x, `Event.UserData.${path}`));
    } else if (k.endsWith('_attributes') && isRecord(x)) {
      const base = k.slice(0, -'_attributes'.length);
      const p = path ? `${path}.${base}` : base;
      for (const [a, av] of Object.entries(x)) putData(out, `${p}.${a}`, scalar(av, `Event.UserData.${p}.${a}`));
    } else {
      flatten(x, path ? `${path}.${k}` : k, out, depth + 1);
    }
  }
}

function readRecord(rec: unknown): RawEvent {
  if (!isRecord(rec)) throw new RecordError(undefined, `a record must be an object, got ${describe(rec)}`);
  const ev = own(rec, 'Event');
  if (!isRecord(ev)) throw new RecordError('Event', 'the record has no Event object');
  const sys = own(ev, 'System');
  if (!isRecord(sys)) throw new RecordError('Event.System', 'the record has no Event.System object');
  const provider = attrsOf(sys, 'Provider');
  const execution = attrsOf(sys, 'Execution');
  return buildRawEvent({
    channel: textOf(sys, 'Channel'),
    provider: own(provider, 'Name') ?? own(provider, 'EventSourceName'),
    eventId: textOf(sys, 'EventID'),
    recordId: textOf(sys, 'EventRecordID'),
    timeCreated: own(attrsOf(sys, 'TimeCreated'), 'SystemTime'),
    computer: textOf(sys, 'Computer'),
    level: textOf(sys, 'Level'),
    version: textOf(sys, 'Version'),
    task: textOf(sys, 'Task'),
    opcode: textOf(sys, 'Opcode'),
    keywords: textOf(sys, 'Keywords'),
    processId: own(execution, 'ProcessID'),
    threadId: own(execution, 'ThreadID'),
    userId: own(attrsOf(sys, 'Security'), 'UserID'),
    activityId: own(attrsOf(sys, 'Correlation'), 'ActivityID'),
  }, eventData(ev), {
    channel: 'Event.System.Channel', provider: 'Event.System.Provider.Name', eventId: 'Event.System.EventID',
    recordId: 'Event.System.EventRecordID', timeCreated: 'Event.System.TimeCreated.SystemTime', computer: 'Event.System.Computer',
    level: 'Event.System.Level', version: 'Event.System.Version', task: 'Event.System.Task', opcode: 'Event.System.Opcode',
    keywords: 'Event.System.Keywords', processId: 'Event.System.Execution.ProcessID', threadId: 'Event.System.Execution.ThreadID',
    userId: 'Event.System.Security.UserID', activityId: 'Event.System.Correlation.ActivityID',
  });
}

/** A record whose JSON text could not be parsed. */
class ParseFailure { constructor(readonly reason: string) {} }

/** Records of the input as parsed JSON values, or a ParseFailure per record that could not be parsed. */
function records(input: unknown, maxChars: number): { items: unknown[] } | { error: string } {
  if (typeof input !== 'string') return { items: unwrapArray(input) };
  if (input.length > maxChars) return { error: `input of ${input.length} characters, more than ${maxChars}` };
  const text = input.replace(/^\uFEFF/, '').trim();
  if (text === '') return { items: [] };
  const parse = (t: string): unknown => {
    try {
      return JSON.parse(t);
    } catch (e) {
      return new ParseFailure(`not JSON: ${e instanceof Error ? e.message.slice(0, 200) : 'parse error'}`);
    }
  };
  if (/^Record \d+\s*$/m.test(text)) {
    // evtx_dump -o json: "Record 1", a pretty-printed document, "Record 2"…
    return { items: text.split(/^Record \d+\s*$/m).map(s => s.trim()).filter(s => s !== '').map(parse) };
  }
  if (text.startsWith('[')) {
    const whole = parse(text);
    return whole instanceof ParseFailure ? { error: whole.reason } : { items: unwrapArray(whole) };
  }
  // JSON lines; a single pretty-printed document spans lines, so try the whole text first when it is one.
  const lines = text.split(/\r?\n/).filter(l => l.trim() !== '');
  if (lines.length > 1 && !lines[0].trim().endsWith('}')) {
    const whole = parse(text);
    if (!(whole instanceof ParseFailure)) return { items: unwrapArray(whole) };
  }
  return { items: lines.map(parse) };
}

/** Reads evtx_dump JSON (text or parsed). Never throws; index = the record's position in the input. */
export function readEvtxDumpJson(input: unknown, options: EvtxDumpOptions = {}): SourceResult {
  const maxChars = options.maxChars ?? 64 * 1024 * 1024;
  const maxEvents = options.maxEvents ?? 100_000;
  const result: SourceResult = { events: [], rejections: [] };
  const parsed = records(input, maxChars);
  if ('error' in parsed) {
    result.rejections.push({ index: 0, reason: parsed.error });
    return result;
  }
  parsed.items.slice(0, maxEvents).forEach((rec, index) => {
    if (rec instanceof ParseFailure) {
      result.rejections.push({ index, reason: rec.reason });
      return;
    }
    attempt(index, () => readRecord(rec), result);
  });
  if (parsed.items.length > maxEvents) {
    result.rejections.push({ index: maxEvents, reason: `more than ${maxEvents} records; the rest were not read` });
  }
  return result;
}
