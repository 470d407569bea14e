/**
 * Microsoft Defender Antivirus Operational events => DeviceEvents rows, shaped as Advanced Hunting fills them:
 * ActionType from action-types.ts, file, account, process and registry columns where the event names them,
 * AdditionalFields as an object (curated keys first, then every other non-empty EventData field), and a ReportId
 * that is stable across retries. Pure: no I/O, no clock.
 */
import type { RawEvent, Row } from '../model.js';
import { actionTypeFor, type ActionTypeEntry } from './action-types.js';
import { readAsrEvent } from './asr-event.js';
import { readConfigChange, readTamperEvent } from './config-change.js';
import { EventData } from './event-data.js';
import { normaliseIsoTime } from './event-time.js';
import type { FamilyResult } from './family.js';
import { readHealthEvent } from './health-report.js';
import { splitAccount } from './paths.js';
import { eventReportId } from './report-id.js';
import { readStatusEvent } from './status-events.js';
import { readHistoryDeleted, readThreatEvent, readThreatHashes } from './threat-event.js';

export { windowsEventRow } from './windows-event.js';

export const DEFENDER_PROVIDER = 'Microsoft-Windows-Windows Defender';
export const DEFENDER_OPERATIONAL = 'Microsoft-Windows-Windows Defender/Operational';

export interface DeviceRef {
  deviceId: string;
  deviceName: string;
}

export interface NormaliseResult {
  deviceEvent?: Row;
  rejection?: string;
}

/**
 * Defender's events are recognised by provider, not channel: forwarded events arrive in ForwardedEvents with
 * their provider intact. A source that lost the provider but kept the channel is accepted too.
 */
export function isDefenderEvent(ev: RawEvent): boolean {
  const provider = (ev.provider ?? '').trim().toLowerCase();
  if (provider !== '') return provider === DEFENDER_PROVIDER.toLowerCase();
  return (ev.channel ?? '').trim().toLowerCase() === DEFENDER_OPERATIONAL.toLowerCase();
}

function readFamily(d: EventData, ev: RawEvent, entry: ActionTypeEntry): FamilyResult {
  switch (entry.family) {
    case 'threat': return readThreatEvent(d, ev);
    case 'hashes': return readThreatHashes(d);
    case 'history': return readHistoryDeleted(d);
    case 'asr': return readAsrEvent(d, ev);
    case 'health': return readHealthEvent(d);
    case 'config': return readConfigChange(d);
    case 'tamper': return readTamperEvent(d);
    default: return readStatusEvent(d, entry.family);
  }
}

/** Account columns when the family named none: the event's Domain\User (and SID), else its Security UserID. */
function accountColumns(d: EventData, ev: RawEvent): Row {
  const user = d.text('User');
  const domain = d.text('Domain');
  const sid = d.text('SID') || ev.userId || '';
  const account = domain && user && !user.includes('\\') ? { domain, name: user } : splitAccount(user);
  const out: Row = {};
  if (account.name) Object.assign(out, { AccountDomain: account.domain, AccountName: account.name });
  if (sid) out.AccountSid = sid;
  return out;
}

/**
 * One Defender event => its DeviceEvents row. Events of other providers, and Defender events with no
 * DeviceEvents meaning (1003 scan paused, 2011 dynamic signature removed …), give neither a row nor a rejection:
 * they are kept in WindowsEvent only. A rejection means the event is Defender's but unusable.
 */
export function normaliseDefenderEvent(ev: RawEvent, device: DeviceRef): NormaliseResult {
  if (!isDefenderEvent(ev)) return {};
  const entry = actionTypeFor(ev.eventId);
  if (!entry) return {};
  const timestamp = normaliseIsoTime(String(ev.timeCreated ?? ''));
  if (timestamp === null) {
    return { rejection: `event ${ev.eventId} record ${String(ev.recordId)}: timeCreated "${String(ev.timeCreated)}" is not an ISO 8601 time` };
  }
  if (typeof ev.recordId !== 'bigint' || ev.recordId < 0n) {
    return { rejection: `event ${ev.eventId}: recordId must be a non-negative bigint, got ${String(ev.recordId)}` };
  }

  const d = new EventData(ev.data ?? {});
  const family = readFamily(d, ev, entry);
  // the family's objects are its own, fresh for this event: filled in place rather than copied
  const columns = family.columns;
  if (columns.AccountName === undefined && columns.AccountSid === undefined) Object.assign(columns, accountColumns(d, ev));

  const additional = family.fields;
  const productName = d.text('Product Name');
  const productVersion = d.text('Product Version');
  if (productName !== '' && additional.ProductName === undefined) additional.ProductName = productName;
  if (productVersion !== '' && additional.ProductVersion === undefined) additional.ProductVersion = productVersion;
  const rest = d.rest();
  for (const k in rest) if (additional[k] === undefined) additional[k] = rest[k];

  const row: Row = { Timestamp: timestamp, DeviceId: device.deviceId, DeviceName: device.deviceName, ActionType: family.actionType ?? entry.actionType };
  for (const k in columns) row[k] = columns[k];
  row.ReportId = eventReportId(device.deviceId, ev.channel, ev.recordId);
  row.AdditionalFields = additional;
  return { deviceEvent: row };
}
