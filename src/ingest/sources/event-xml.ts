/**
 * Event XML as Get-WinEvent's ToXml() (or wevtutil, or a Windows Event Collector) gives it -> RawEvent.
 * Input is one <Event>, a sequence of them (with or without a wrapping element such as <Events>), any namespace
 * prefix. EventData's named Data go under their Name, unnamed ones as Data1, Data2…, other children (Binary) under
 * their element name; UserData is flattened by element path below its wrapper (a.b, attributes as a.b.attr); the
 * RenderingInfo block is allowed and ignored. The XML is hostile: see xml-scan.ts for what is refused.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Rejection } from '../model.js';
import { attempt, buildRawEvent, dataMap, putData, RecordError, type SourceResult } from './raw-event.js';
import { scanXml } from './xml-scan.js';

export interface EventXmlOptions {
  /** Characters of input accepted at all (default 32 MiB). */
  maxChars?: number;
  /** Characters in one <Event> element (default 1 MiB). */
  maxEventChars?: number;
  /** Element nesting depth (default 32; event XML needs about 6). */
  maxDepth?: number;
  /** Events in one input (default 100 000). */
  maxEvents?: number;
}

const DEFAULTS: Required<EventXmlOptions> = { maxChars: 32 * 1024 * 1024, maxEventChars: 1024 * 1024, maxDepth: 32, maxEvents: 100_000 };

/** An element as this module uses it: local name, attributes (local names), children, text. */
export interface XNode { name: string; attrs: Record<string, string>; children: XNode[]; text: string }

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded here (decodeText), never by the parser: only the five XML ones and character references.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five predefined XML entities and character references; anything else is left as written. */
export function decodeText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-z]{2,4});/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : whole;
  });
}

type Ordered = Record<string, unknown>;

function toNode(entry: Ordered): XNode | null {
  const name = Object.keys(entry).find(k => k !== ':@');
  if (!name || name === '#text' || name === '#cdata') return null;
  const attrs: Record<string, string> = {};
  const rawAttrs = entry[':@'] as Record<string, unknown> | undefined;
  if (rawAttrs) {
    for (const [k, v] of Object.entries(rawAttrs)) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
      Object.defineProperty(attrs, k, { value: decodeText(String(v)), enumerable: true, writable: true, configurable: true });
    }
  }
  const node: XNode = { name, attrs, children: [], text: '' };
  const kids = entry[name];
  if (Array.isArray(kids)) {
    for (const k of kids as Ordered[]) {
      if (typeof k['#text'] === 'string' || typeof k['#text'] === 'number') node.text += decodeText(String(k['#text']));
      else if (Array.isArray(k['#cdata'])) {
        for (const c of k['#cdata'] as Ordered[]) if (c['#text'] !== undefined) node.text += String(c['#text']);
      } else {
        const child = toNode(k);
        if (child) node.children.push(child);
      }
    }
  }
  return node;
}

const child = (n: XNode | undefined, name: string): XNode | undefined => n?.children.find(c => c.name === name);

/** System, EventData and UserData of one parsed <Event>, as a RawEvent (throws RecordError). */
export function eventFromNode(event: XNode, xml?: string) {
  const sys = child(event, 'System');
  if (!sys) throw new RecordError('System', 'the event has no System element');
  const text = (name: string) => child(sys, name)?.text.trim();
  const attr = (name: string, a: string) => child(sys, name)?.attrs[a];
  return buildRawEvent({
    channel: text('Channel'),
    provider: attr('Provider', 'Name') ?? attr('Provider', 'EventSourceName'),
    eventId: text('EventID'),
    recordId: text('EventRecordID'),
    timeCreated: attr('TimeCreated', 'SystemTime'),
    computer: text('Computer'),
    level: text('Level'),
    version: text('Version'),
    task: text('Task'),
    opcode: text('Opcode'),
    keywords: text('Keywords'),
    processId: attr('Execution', 'ProcessID'),
    threadId: attr('Execution', 'ThreadID'),
    userId: attr('Security', 'UserID'),
    activityId: attr('Correlation', 'ActivityID'),
  }, eventData(event), {
    channel: 'System.Channel', provider: 'System.Provider.Name', eventId: 'System.EventID', recordId: 'System.EventRecordID',
    timeCreated: 'System.TimeCreated.SystemTime', computer: 'System.Computer', level: 'System.Level', version: 'System.Version',
    task: 'System.Task', opcode: 'System.Opcode', keywords: 'System.Keywords', processId: 'System.Execution.ProcessID',
    threadId: 'System.Execution.ThreadID', userId: 'System.Security.UserID', activityId: 'System.Correlation.ActivityID',
  }, xml);
}

function eventData(event: XNode): Record<string, string> {
  const out = dataMap();
  const data = child(event, 'EventData');
  if (data) {
    let unnamed = 0;
    for (const el of data.children) {
      const name = el.name === 'Data' ? (el.attrs.Name ?? `Data${++unnamed}`) : el.name;
      putData(out, name, el.text);
    }
  }
  const user = child(event, 'UserData');
  if (user) for (const wrapper of user.children) flatten(wrapper, '', out);
  return out;
}

function flatten(el: XNode, path: string, out: Record<string, string>): void {
  for (const [k, v] of Object.entries(el.attrs)) putData(out, path ? `${path}.${k}` : k, v);
  if (el.children.length === 0) {
    if (path && (el.text !== '' || Object.keys(el.attrs).length === 0)) putData(out, path, el.text);
    return;
  }
  for (const k of el.children) flatten(k, path ? `${path}.${k.name}` : k.name, out);
}

/** Reads Event XML text. Never throws: what cannot be read is a Rejection (index = the event's position). */
export function readEventXml(input: unknown, options: EventXmlOptions = {}): SourceResult {
  const o = { ...DEFAULTS, ...options };
  const result: SourceResult = { events: [], rejections: [] };
  const reject = (r: Rejection) => { result.rejections.push(r); return result; };
  if (typeof input !== 'string') return reject({ index: 0, reason: `Event XML must be text, got ${input === null ? 'null' : typeof input}` });
  if (input.length > o.maxChars) return reject({ index: 0, reason: `Event XML of ${input.length} characters, more than ${o.maxChars}` });
  const text = input.replace(/^\uFEFF/, '');
  const scan = scanXml(text, { maxDepth: o.maxDepth, maxElements: o.maxEvents * 200 });
  const spans = scan.events.slice(0, o.maxEvents);
  spans.forEach((span, index) => {
    attempt(index, () => {
      if (span.end - span.start > o.maxEventChars) {
        throw new RecordError(undefined, `event of ${span.end - span.start} characters, more than ${o.maxEventChars}`);
      }
      const xml = text.slice(span.start, span.end);
      const parsed = parser.parse(xml) as Ordered[];
      const node = parsed.map(toNode).find((n): n is XNode => n?.name === 'Event');
      if (!node) throw new RecordError(undefined, 'not an Event element');
      return eventFromNode(node, xml);
    }, result);
  });
  if (scan.events.length > o.maxEvents) {
    reject({ index: o.maxEvents, reason: `more than ${o.maxEvents} events; the rest were not read` });
  }
  if (scan.error) {
    reject({ index: scan.error.eventsBefore, reason: `XML not read past character ${scan.error.at}: ${scan.error.reason}` });
  } else if (scan.events.length === 0) {
    reject({ index: 0, reason: scan.strays > 0 ? 'no <Event> element in the XML' : 'no XML elements in the input' });
  }
  return result;
}
