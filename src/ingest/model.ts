/**
 * The shapes data takes on its way in. Every source (agent, Windows Event Forwarding, .evtx, Event XML,
 * Get-WinEvent JSON, evtx_dump JSON) yields RawEvents; the normalisers turn RawEvents and status reports into
 * rows of the hunting tables; the writer stores rows.
 */

/** One Windows event as any source gives it, before normalisation. */
export interface RawEvent {
  channel: string;            // e.g. "Microsoft-Windows-Windows Defender/Operational"
  provider: string;           // e.g. "Microsoft-Windows-Windows Defender"
  eventId: number;
  recordId: bigint;           // EventRecordID: with device and channel, the key that makes ingest idempotent
  timeCreated: string;        // ISO 8601 UTC, up to 7 fraction digits
  computer: string;           // the Computer field (FQDN as Windows writes it)
  level?: number;
  version?: number;
  task?: number;
  opcode?: number;
  keywords?: string;
  processId?: number;
  threadId?: number;
  userId?: string;            // Security UserID (a SID)
  activityId?: string;
  /** EventData (or UserData) fields by name; unnamed Data elements as Data1, Data2, … Values as sent. */
  data: Record<string, string>;
  /** The event as Event XML, when the source had it (every field of it is also in `data`). */
  xml?: string;
}

/** A row of a hunting table: column name to value in the store's convention (see StoreValue). */
export type Row = Record<string, StoreValue>;

/**
 * Values as the writer takes them: datetime as ISO text or bigint ticks, timespan as bigint ticks, dynamic as any
 * JSON-serialisable value, strings, numbers, booleans, or null (strings are stored as '' instead of null).
 */
export type StoreValue = string | number | bigint | boolean | null | undefined | object;

/** Rows for several tables, produced together so that they are stored in one transaction. */
export type TableRows = Record<string, Row[]>;

/** A record a source or normaliser could not use, reported back to the sender instead of failing the batch. */
export interface Rejection {
  index: number;              // position in the batch (or record number in a file)
  field?: string;             // the field at fault, when one is
  reason: string;
}
