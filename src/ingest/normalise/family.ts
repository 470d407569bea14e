/** What each event family's reader contributes to a DeviceEvents row (fresh objects: the caller completes them in place). */
import type { RawEvent, Row } from '../model.js';
import type { EventData } from './event-data.js';

export interface FamilyResult {
  /** DeviceEvents columns (FileName, FolderPath, Account*, InitiatingProcess*, Registry* …). */
  columns: Row;
  /** Curated AdditionalFields keys; fields left unread are added after them. */
  fields: Record<string, unknown>;
  /** Overrides the table's ActionType (ASR rules name theirs). */
  actionType?: string;
}

export type FamilyReader = (d: EventData, ev: RawEvent) => FamilyResult;
