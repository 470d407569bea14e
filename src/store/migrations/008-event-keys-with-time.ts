/**
 * Version 8: event keys carry the second the event was written (src/ingest/event-item.ts), so that a cleared log's
 * reused record numbers are new events. Keys stored before then lack it: without this step, an event stored by an
 * older Picket and sent again (an .evtx imported twice, a collector re-reading its window) would be stored twice.
 * Every stored event gets its key in the new form, made from its WindowsEvent row the way eventKey makes it.
 */
import type { Migration } from './types.js';

export const migration: Migration = {
  version: 8,
  name: 'event keys with the time of the event',
  statements: [
    `INSERT INTO app.ingest_keys (key)
       SELECT DISTINCT 'evt|' || DeviceId || '|' || lower(Channel) || '|' || CAST(EventRecordId AS VARCHAR) || '|'
         || strftime(make_timestamp(TimeGenerated // 10), '%Y-%m-%dT%H:%M:%S')
       FROM main.WindowsEvent WHERE EventRecordId IS NOT NULL AND TimeGenerated IS NOT NULL
     ON CONFLICT DO NOTHING`,
  ],
};
