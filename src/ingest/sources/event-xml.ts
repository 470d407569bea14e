/**
 * Event XML as Get-WinEvent's ToXml() (or wevtutil, or a Windows Event Collector) gives it -> RawEvent.
 * Input is one <Event>, a sequence of them (with or without a wrapping element such as <Events>), any namespace
 * prefix. EventData's named Data go under their Name, unnamed ones as Data1, Data2…, other children (Binary) under
 * their element name; UserData is flattened by element path below its wrapper (a.b, attributes as a.b.attr); the
 * RenderingInfo block is allowed and ignored. The XML is hostile: see xml-scan.ts for what is refused.
 */
import type { Rejection } from '../model.js';
import { attempt, buildRawEvent, dataMap, putData, RecordError, type SourceResult } from './raw-event.js';
import { readStandardEvent } from './event-xml-fast.js';
import { scanXml } from './xml-scan.js';
import { parseElement, parseElementAt, XmlSyntaxError } from './xml-tree.js';

export { decodeText } from './xml-tree.js';

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

/** System fields by their place in Event XML, for rejection messages. */
const SYSTEM_NAMES = {
  channel: 'System.Channel', provider: 'System.Provider.Name', eventId: 'System.EventID', recordId: 'System.EventRecordID',
  timeCreated: 'System.TimeCreated.SystemTime', computer: 'System.Computer', level: 'System.Level', version: 'System.Version',
  task: 'System.Task', opcode: 'System.Opcode', keywords: 'System.Keywords', processId: 'System.Execution.ProcessID',
  threadId: 'System.Execution.ThreadID', userId: 'System.Security.UserID', activityId: 'System.Correlation.ActivityID',
};

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
  }, eventData(event), SYSTEM_NAMES, xml);
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
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  // The agent sends one event per string, in the standard shape: the fast path reads it; anything else (several
  // events, a wrapper, damage) goes through the scanner, which splits events and reports where reading stopped.
  if (text.length <= o.maxEventChars && o.maxDepth >= 3) {
    const standard = readStandardEvent(text);
    if (standard) {
      attempt(0, () => buildRawEvent(standard.sys, standard.data, SYSTEM_NAMES, standard.xml), result);
      return result;
    }
  }
  if (text.length <= o.maxEventChars && /^\s*<(?:\w+:)?Event[\s>]/.test(text) && /<\/(?:\w+:)?Event>\s*$/.test(text)) {
    try {
      const { node, end } = parseElementAt(text, o.maxDepth);
      if (node.name === 'Event' && text.slice(end).trim() === '') {
        attempt(0, () => eventFromNode(node, text.trim()), result);
        return result;
      }
    } catch (err) {
      if (!(err instanceof XmlSyntaxError)) throw err;
    }
  }
  const scan = scanXml(text, { maxDepth: o.maxDepth, maxElements: o.maxEvents * 200 });
  const spans = scan.events.slice(0, o.maxEvents);
  spans.forEach((span, index) => {
    attempt(index, () => {
      if (span.end - span.start > o.maxEventChars) {
        throw new RecordError(undefined, `event of ${span.end - span.start} characters, more than ${o.maxEventChars}`);
      }
      const xml = text.slice(span.start, span.end);
      let node: XNode;
      try {
        node = parseElement(xml, o.maxDepth);
      } catch (err) {
        if (err instanceof XmlSyntaxError) throw new RecordError(undefined, `not well-formed XML: ${err.message}`);
        throw err;
      }
      if (node.name !== 'Event') throw new RecordError(undefined, 'not an Event element');
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
