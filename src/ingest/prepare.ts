/**
 * The CPU-heavy part of ingesting a device's events: Event XML and Get-WinEvent JSON read, normalised, keyed and
 * turned into the columns the writer appends. Pure (no I/O, no clock), so that it can run on an ingest worker
 * thread (prepare-pool.ts) as well as inline; what it returns is plain data that crosses threads cheaply.
 */
import type { TableDef } from '../kql/analyzer/schema.js';
import { ColumnBatchBuilder, type ColumnBatch } from '../store/column-batch.js';
import type { RawEvent, Rejection } from './model.js';
import { eventItem } from './event-item.js';
import type { DeviceRef } from './normalise/defender-events.js';
import { readEventXml } from './sources/event-xml.js';
import { readWinEventJson } from './sources/winevent-json.js';

export interface EventSections {
  /** Event XML, one event per string. */
  events?: unknown[];
  /** Get-WinEvent | ConvertTo-Json records. */
  winEvents?: unknown[];
}

export interface PreparedEvents {
  /** One item per event (key: device, channel, record id); an event sent twice in the batch is there once. */
  batch: ColumnBatch;
  /** Events of the batch whose key an earlier event of the same batch had. */
  repeats: number;
  rejected: (Rejection & { section: string })[];
}

export function prepareEvents(device: DeviceRef, sections: EventSections, tables: ReadonlyMap<string, TableDef>): PreparedEvents {
  const rejected: PreparedEvents['rejected'] = [];
  const unusable: PreparedEvents['rejected'] = [];
  const builder = new ColumnBatchBuilder(tables);
  // one event at a time, read, normalised and into the columns: its objects die young (cheap to collect)
  let read = 0;
  const take = (ev: RawEvent) => {
    const { item, rejection } = eventItem(device, ev);
    // an unusable event is listed after the unreadable ones, by its place among the events read
    if (rejection) unusable.push({ section: 'events', index: read, reason: rejection });
    builder.add(item.key, item.rows);
    read++;
  };
  (sections.events ?? []).forEach((xml, index) => {
    const parsed = readEventXml(xml);
    for (const r of parsed.rejections) rejected.push({ section: 'events', ...r, index });
    for (const ev of parsed.events) take(ev);
  });
  if (sections.winEvents?.length) {
    const parsed = readWinEventJson(sections.winEvents);
    for (const r of parsed.rejections) rejected.push({ section: 'winEvents', ...r });
    for (const ev of parsed.events) take(ev);
  }
  for (const r of unusable) rejected.push(r);
  return { batch: builder.build(), repeats: builder.repeats, rejected };
}
