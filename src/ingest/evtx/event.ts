// Pulls the System fields and a flat EventData/UserData map out of an Event XML tree.
import type { XmlElement, XmlNode } from './nodes.js';
import { xmlText } from './templates.js';

export interface EvtxSystem {
  provider: string | null;
  providerGuid: string | null;
  eventId: number | null;
  qualifiers: number | null;
  version: number | null;
  level: number | null;
  task: number | null;
  opcode: number | null;
  keywords: string | null;
  timeCreated: string | null;
  eventRecordId: number | bigint | null;
  channel: string | null;
  computer: string | null;
  correlation: { activityId: string | null; relatedActivityId: string | null };
  execution: { processId: number | null; threadId: number | null };
  security: { userId: string | null };
}

const elements = (nodes: XmlNode[]): XmlElement[] => nodes.filter((n): n is XmlElement => n.kind === 'element');
const child = (el: XmlElement | undefined, name: string): XmlElement | undefined =>
  el ? elements(el.children).find(c => c.name === name) : undefined;
const attr = (el: XmlElement | undefined, name: string): string | null =>
  el?.attrs.find(a => a.name === name)?.value ?? null;
const text = (el: XmlElement | undefined): string | null => (el ? xmlText(el.children) : null);

function int(s: string | null): number | null {
  if (s === null || s.trim() === '') return null;
  const n = Number(s.trim());
  return Number.isFinite(n) ? n : null;
}

/** A record id as a number when it is exact, else a bigint. */
export function recordNumber(v: bigint): number | bigint {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function bigId(s: string | null): number | bigint | null {
  if (s === null || !/^\s*\d+\s*$/.test(s)) return null;
  return recordNumber(BigInt(s.trim()));
}

export function findEvent(nodes: XmlNode[]): XmlElement | undefined {
  return elements(nodes).find(e => e.name === 'Event');
}

export function readSystem(event: XmlElement): EvtxSystem {
  const sys = child(event, 'System');
  const provider = child(sys, 'Provider');
  const eventId = child(sys, 'EventID');
  const correlation = child(sys, 'Correlation');
  const execution = child(sys, 'Execution');
  return {
    provider: attr(provider, 'Name') ?? attr(provider, 'EventSourceName'),
    providerGuid: attr(provider, 'Guid'),
    eventId: int(text(eventId)),
    qualifiers: int(attr(eventId, 'Qualifiers')),
    version: int(text(child(sys, 'Version'))),
    level: int(text(child(sys, 'Level'))),
    task: int(text(child(sys, 'Task'))),
    opcode: int(text(child(sys, 'Opcode'))),
    keywords: text(child(sys, 'Keywords')),
    timeCreated: attr(child(sys, 'TimeCreated'), 'SystemTime'),
    eventRecordId: bigId(text(child(sys, 'EventRecordID'))),
    channel: text(child(sys, 'Channel')),
    computer: text(child(sys, 'Computer')),
    correlation: { activityId: attr(correlation, 'ActivityID'), relatedActivityId: attr(correlation, 'RelatedActivityID') },
    execution: { processId: int(attr(execution, 'ProcessID')), threadId: int(attr(execution, 'ThreadID')) },
    security: { userId: attr(child(sys, 'Security'), 'UserID') },
  };
}

/** The rendered message, present in events saved with their rendering information (exported or forwarded logs). */
export function readMessage(event: XmlElement): string | null {
  return text(child(child(event, 'RenderingInfo'), 'Message'));
}

/**
 * EventData as a flat map: `<Data Name="x">` under its name, unnamed Data as Data1, Data2…, other children
 * (Binary…) under their element name. UserData and ProcessingErrorData are flattened by element path (a.b) and
 * attributes (a.b.attr), without the wrapper element. Repeated keys keep every value, one per line.
 */
export function readEventData(event: XmlElement): Record<string, string> {
  const out: Record<string, string> = {};
  const put = (k: string, v: string) => {
    out[k] = Object.prototype.hasOwnProperty.call(out, k) ? `${out[k]}\n${v}` : v;
  };
  const data = child(event, 'EventData');
  if (data) {
    let unnamed = 0;
    for (const el of elements(data.children)) {
      const name = el.name === 'Data' ? attr(el, 'Name') ?? `Data${++unnamed}` : el.name;
      put(name, text(el) ?? '');
    }
  }
  for (const wrapper of ['UserData', 'ProcessingErrorData']) {
    const w = child(event, wrapper);
    if (!w) continue;
    const roots = wrapper === 'UserData' ? elements(w.children) : [w];
    for (const root of roots) flatten(root, '', put);
  }
  return out;
}

function flatten(el: XmlElement, path: string, put: (k: string, v: string) => void): void {
  for (const a of el.attrs) {
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    put(path ? `${path}.${a.name}` : a.name, a.value);
  }
  const kids = elements(el.children);
  if (kids.length === 0) {
    // A leaf's text is a value; an empty leaf that only carries attributes (<Error Code="5"/>) adds nothing more.
    const value = xmlText(el.children);
    if (path && (value !== '' || el.attrs.length === 0)) put(path, value);
    return;
  }
  for (const k of kids) flatten(k, path ? `${path}.${k.name}` : k.name, put);
}
