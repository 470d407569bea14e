/** What one event becomes in the store: its key (what makes a retried event add nothing) and its rows. */
import type { WriteItem } from '../store/writer.js';
import type { RawEvent, TableRows } from './model.js';
import { normaliseDefenderEvent, windowsEventRow, type DeviceRef } from './normalise/defender-events.js';

/**
 * The key that makes ingest idempotent: device, channel, EventRecordID and the second the event was written (every
 * source agrees on it: Event XML, Get-WinEvent JSON's milliseconds, .evtx). A resent event has the same key; a
 * cleared log numbers its records from 1 again, and those later events must not pass for the earlier ones.
 */
export function eventKey(deviceId: string, ev: RawEvent): string {
  const second = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.exec(ev.timeCreated)?.[0] ?? '';
  return `evt|${deviceId}|${ev.channel.toLowerCase()}|${ev.recordId}|${second}`;
}

/** The rows one event yields: always its raw WindowsEvent row, and a DeviceEvents row when it is a Defender event. */
export function eventItem(device: DeviceRef, ev: RawEvent): { item: WriteItem; rejection?: string } {
  const rows: TableRows = { WindowsEvent: [windowsEventRow(ev, device.deviceId)] };
  const n = normaliseDefenderEvent(ev, device);
  if (n.deviceEvent) rows.DeviceEvents = [n.deviceEvent];
  return { item: { key: eventKey(device.deviceId, ev), rows }, rejection: n.rejection };
}
