// Public result types of the EVTX reader.
import type { EvtxProblem } from './errors.js';
import type { EvtxSystem } from './event.js';

export interface EvtxRecord {
  /** EventRecordID (from System, else the record header): a number when exact, else a bigint. */
  recordId: number | bigint;
  /** The record number in this file's record header; differs from recordId in exported or forwarded logs. */
  fileRecordId: number | bigint;
  /** ISO 8601 (UTC, 100 ns precision): System/TimeCreated, else the time the record was written. */
  timestamp: string;
  system: EvtxSystem;
  eventData: Record<string, string>;
  /** The rendered message when the file carries RenderingInfo (exported or forwarded events), else null. */
  message: string | null;
  /** The event as Event XML text, shaped like Get-WinEvent's ToXml(). */
  xml: string;
  /** Where the record starts in the file, and its chunk. */
  chunk: number;
  offset: number;
}

export type EvtxItem = { kind: 'record'; record: EvtxRecord } | { kind: 'problem'; problem: EvtxProblem };

export interface EvtxResult {
  records: EvtxRecord[];
  problems: EvtxProblem[];
}
