/**
 * RawEvent => a row of Picket's WindowsEvent table (shaped like Microsoft Sentinel's WindowsEvent): every event
 * is kept, whatever its id, with EventData as sent so nothing a normaliser drops is lost.
 */
import type { RawEvent, Row } from '../model.js';
import { normaliseIsoTime } from './event-time.js';

// Level names as Event Viewer shows them; 0 (LogAlways) displays as Information.
const LEVEL_NAMES: Record<number, string> = {
  0: 'Information', 1: 'Critical', 2: 'Error', 3: 'Warning', 4: 'Information', 5: 'Verbose',
};

/** A long column value: a number while exact, else the bigint. */
function long(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

export function windowsEventRow(ev: RawEvent, deviceId: string, opts: { sourceKind?: string } = {}): Row {
  const level = ev.level ?? null;
  return {
    TimeGenerated: normaliseIsoTime(ev.timeCreated) ?? ev.timeCreated,
    Computer: ev.computer,
    DeviceId: deviceId,
    Channel: ev.channel,
    Provider: ev.provider,
    EventID: ev.eventId,
    EventLevel: level,
    EventLevelName: level === null ? '' : (LEVEL_NAMES[level] ?? ''),
    EventRecordId: long(ev.recordId),
    Task: ev.task ?? null,
    Opcode: ev.opcode ?? null,
    Keywords: ev.keywords ?? '',
    Version: ev.version ?? null,
    Correlation: ev.activityId ?? '',
    SystemProcessId: ev.processId ?? null,
    SystemThreadId: ev.threadId ?? null,
    SystemUserId: ev.userId ?? '',
    // the event's own map, not a copy: nothing downstream changes it, and copying forty fields per event shows
    EventData: ev.data,
    SourceKind: opts.sourceKind ?? '',
  };
}
