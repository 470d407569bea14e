/** What one event becomes in the store: its key (what makes a retried event add nothing) and its rows. */
import type { WriteItem } from '../store/writer.js';
import type { RawEvent, TableRows } from './model.js';
import { normaliseDefenderEvent, windowsEventRow, type DeviceRef } from './normalise/defender-events.js';

/** The write key of an event: what makes a retried event add nothing. */
export function eventKey(deviceId: string, ev: RawEvent): string {
  return `evt|${deviceId}|${ev.channel.toLowerCase()}|${ev.recordId}`;
}

/** The rows one event yields: always its raw WindowsEvent row, and a DeviceEvents row when it is a Defender event. */
export function eventItem(device: DeviceRef, ev: RawEvent): { item: WriteItem; rejection?: string } {
  const rows: TableRows = { WindowsEvent: [windowsEventRow(ev, device.deviceId)] };
  const n = normaliseDefenderEvent(ev, device);
  if (n.deviceEvent) rows.DeviceEvents = [n.deviceEvent];
  return { item: { key: eventKey(device.deviceId, ev), rows }, rejection: n.rejection };
}
