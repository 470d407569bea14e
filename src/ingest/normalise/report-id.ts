/**
 * ReportId for rows made from Windows events. Advanced Hunting's ReportId is a long that, with DeviceId and
 * Timestamp, identifies an event; Picket derives it from the ingest key (device, channel, EventRecordID) so a
 * retried batch or a re-imported file yields the same id. It is the decimal text of a non-negative 63-bit number,
 * so it reads as a string and casts losslessly to the long column.
 */
import { hash } from 'node:crypto';

export function eventReportId(deviceId: string, channel: string, recordId: bigint | number | string): string {
  // crypto.hash: the one-shot form, without a Hash object per event
  const digest = hash('sha256', `${deviceId}\u0000${channel.toLowerCase()}\u0000${String(recordId)}`, 'buffer');
  return (digest.readBigUInt64BE(0) & 0x7fff_ffff_ffff_ffffn).toString();
}
