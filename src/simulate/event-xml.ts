/**
 * Defender Operational events as Event XML, in the exact shape of Get-WinEvent's EventLogRecord.ToXml(): the
 * System block in schema order, single-quoted attributes, EventData as named Data elements, no RenderingInfo.
 * Compare shared/samples/evtx (real 1116, 1117, 1151 and 5007 records).
 */

export const DEFENDER_PROVIDER = 'Microsoft-Windows-Windows Defender';
export const DEFENDER_GUID = '{11CD958A-C507-4EF3-B3F2-5FD9DFBD2C78}';
export const DEFENDER_CHANNEL = 'Microsoft-Windows-Windows Defender/Operational';

/** Event levels as Windows numbers them. */
export const LEVEL = { error: 2, warning: 3, information: 4 } as const;

export interface DefenderEvent {
  eventId: number;
  level: number;
  /** When it was written: milliseconds since 1970, and the 100 ns ticks below the millisecond (0-9999). */
  timeMs: number;
  subTicks: number;
  /** EventData fields in template order. */
  data: readonly (readonly [string, string])[];
  /** Correlation ActivityID, which threat events carry. */
  activityId?: string;
}

export interface EventContext {
  computer: string;
  recordId: number;
  processId: number;
  threadId: number;
}

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTR_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, "'": '&apos;' };
const text = (s: string) => s.replace(/[&<>]/g, c => TEXT_ESCAPES[c]!);
const attr = (s: string) => s.replace(/[&<>']/g, c => ATTR_ESCAPES[c]!);

/** SystemTime as Windows writes it: UTC with seven fraction digits. */
export function systemTime(timeMs: number, subTicks: number): string {
  const iso = new Date(timeMs).toISOString(); // yyyy-mm-ddThh:mm:ss.mmmZ
  return `${iso.slice(0, 23)}${String(subTicks).padStart(4, '0')}Z`;
}

export function renderEventXml(ev: DefenderEvent, cx: EventContext): string {
  const correlation = ev.activityId ? `<Correlation ActivityID='${attr(ev.activityId.toLowerCase())}'/>` : '<Correlation/>';
  const data = ev.data.map(([name, value]) => (value === '' ? `<Data Name='${attr(name)}'></Data>` : `<Data Name='${attr(name)}'>${text(value)}</Data>`)).join('');
  return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    + `<Provider Name='${DEFENDER_PROVIDER}' Guid='${DEFENDER_GUID}'/>`
    + `<EventID>${ev.eventId}</EventID><Version>0</Version><Level>${ev.level}</Level><Task>0</Task><Opcode>0</Opcode>`
    + '<Keywords>0x8000000000000000</Keywords>'
    + `<TimeCreated SystemTime='${systemTime(ev.timeMs, ev.subTicks)}'/>`
    + `<EventRecordID>${cx.recordId}</EventRecordID>${correlation}`
    + `<Execution ProcessID='${cx.processId}' ThreadID='${cx.threadId}'/>`
    + `<Channel>${DEFENDER_CHANNEL}</Channel><Computer>${text(cx.computer)}</Computer><Security UserID='S-1-5-18'/>`
    + `</System><EventData>${data}</EventData></Event>`;
}
