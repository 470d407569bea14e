/**
 * .evtx files as an event source: each record the EVTX reader (src/ingest/evtx) yields becomes a RawEvent with
 * the same checks as every other source; records the reader could not parse come back as rejections, in file order.
 */
import { readEvtx, type EvtxProblem, type EvtxRecord } from '../evtx/index.js';
import type { RawEvent } from '../model.js';
import { attempt, buildRawEvent, type SourceResult } from './raw-event.js';

/** One parsed record => RawEvent. Throws RecordError (naming the field) when a required System field is missing. */
export function evtxRecordToRawEvent(rec: EvtxRecord): RawEvent {
  const s = rec.system;
  return buildRawEvent(
    {
      channel: s.channel ?? undefined,
      provider: s.provider ?? undefined,
      eventId: s.eventId ?? undefined,
      recordId: rec.recordId,
      // The reader already normalised System/TimeCreated to ISO with 100 ns precision (or the write time).
      timeCreated: rec.timestamp,
      computer: s.computer ?? undefined,
      level: s.level ?? undefined,
      version: s.version ?? undefined,
      task: s.task ?? undefined,
      opcode: s.opcode ?? undefined,
      keywords: s.keywords ?? undefined,
      processId: s.execution.processId ?? undefined,
      threadId: s.execution.threadId ?? undefined,
      userId: s.security.userId ?? undefined,
      activityId: s.correlation.activityId ?? undefined,
    },
    rec.eventData,
    {
      channel: 'System/Channel', provider: 'System/Provider/@Name', eventId: 'System/EventID',
      recordId: 'System/EventRecordID', timeCreated: 'System/TimeCreated/@SystemTime', computer: 'System/Computer',
    },
    rec.xml,
  );
}

function problemReason(p: EvtxProblem): string {
  return `${p.chunk < 0 ? 'file header' : `chunk ${p.chunk}`}, offset ${p.offset}: ${p.reason}`;
}

/** A whole .evtx file => RawEvents, plus a rejection per unusable record or damaged structure. */
export function readEvtxFile(buf: Buffer): SourceResult {
  const { records, problems } = readEvtx(buf);
  const result: SourceResult = { events: [], rejections: [] };
  records.forEach((rec, i) => attempt(i, () => evtxRecordToRawEvent(rec), result));
  for (const p of problems) result.rejections.push({ index: records.length, reason: problemReason(p) });
  return result;
}
