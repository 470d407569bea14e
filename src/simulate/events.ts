/**
 * The Defender Operational events a simulated device writes, field by field in template order as Defender 4.18
 * writes them (the detection template matches the real 1116/1117 records in shared/samples/evtx; scan, update
 * and state events follow MicrosoftDocs/defender-docs "Microsoft Defender Antivirus event IDs"). Values that
 * Defender leaves as message references in the raw log ("%%827" for the product name, "%%901" Enabled, …) are
 * written as such, as Get-WinEvent's ToXml() returns them.
 */
import { LEVEL, type DefenderEvent } from './event-xml.js';
import { NETBIOS_DOMAIN, type Threat } from './catalog.js';

const PRODUCT = 'Microsoft Defender Antivirus';
const PRODUCT_REF = '%%827';
const SYSTEM: readonly (readonly [string, string])[] = [['Domain', 'NT AUTHORITY'], ['User', 'SYSTEM'], ['SID', 'S-1-5-18']];

/** What every event of a device carries: its Defender versions at the time. */
export interface Versions { platform: string; engine: string; signature: string }

export type At = Pick<DefenderEvent, 'timeMs' | 'subTicks'>;

type Fields = (readonly [string, string])[];
const ev = (eventId: number, level: number, at: At, data: Fields, activityId?: string): DefenderEvent => ({ eventId, level, ...at, data, activityId });

/** How a detection ends: 1116 alone (passive mode), 1117 remediated, 1118 failed, 1119 critical failure. */
export type DetectionOutcome = 'detected' | 'remediated' | 'failed' | 'critical';

export interface Detection {
  threat: Threat;
  user: string;
  detectionId: string;
  activityId: string;
  detectedAt: At;
  /** Detection Time, as Defender writes it (milliseconds, Z). */
  detectionTime: string;
  action: { id: number; name: string };
  error?: readonly [string, string];
}

/** 1116 MALWAREPROTECTION_STATE_MALWARE_DETECTED, and the follow-up 1117/1118/1119 with the same detection. */
export function detectionEvent(eventId: 1116 | 1117 | 1118 | 1119, at: At, d: Detection, v: Versions): DefenderEvent {
  const t = d.threat;
  const first = eventId === 1116;
  const status: Record<number, [string, string]> = { 1116: ['1', '1'], 1117: ['3', '2'], 1118: ['4', '1'], 1119: ['5', '1'] };
  const [statusCode, state] = status[eventId]!;
  const [errorCode, errorText] = eventId === 1118 || eventId === 1119
    ? d.error ?? ['0x80004005', 'Unspecified error ']
    : ['0x00000000', 'The operation completed successfully. '];
  const action = first ? { id: 9, name: 'Not Applicable' } : d.action;
  const level = eventId === 1117 ? LEVEL.information : eventId === 1116 ? LEVEL.warning : LEVEL.error;
  return ev(eventId, level, at, [
    ['Product Name', PRODUCT], ['Product Version', v.platform], ['Detection ID', d.detectionId], ['Detection Time', d.detectionTime],
    ['Unused', ''], ['Unused2', ''], ['Threat ID', t.id], ['Threat Name', t.name], ['Severity ID', String(t.severityId)],
    ['Severity Name', t.severityName], ['Category ID', String(t.categoryId)], ['Category Name', t.categoryName],
    ['FWLink', `https://go.microsoft.com/fwlink/?linkid=37020&name=${t.name}&threatid=${t.id}&enterprise=0`],
    ['Status Code', statusCode], ['Status Description', ''], ['State', state], ['Source ID', String(t.sourceId)],
    ['Source Name', t.sourceName], ['Process Name', t.process], ['Detection User', `${NETBIOS_DOMAIN}\\${d.user}`], ['Unused3', ''],
    ['Path', t.path.replace('{user}', d.user)], ['Origin ID', String(t.originId)], ['Origin Name', t.originName],
    ['Execution ID', '1'], ['Execution Name', 'Suspended'], ['Type ID', '0'], ['Type Name', 'Concrete'],
    ['Pre Execution Status', '0'], ['Action ID', String(action.id)], ['Action Name', action.name], ['Unused4', ''],
    ['Error Code', errorCode], ['Error Description', errorText], ['Unused5', ''], ['Post Clean Status', '0'],
    ['Additional Actions ID', '0'], ['Additional Actions String', 'No additional actions required'],
    ['Remediation User', first ? '' : 'NT AUTHORITY\\SYSTEM'], ['Unused6', ''],
    ['Security intelligence Version', `AV: ${v.signature}, AS: ${v.signature}, NIS: ${v.signature}`],
    ['Engine Version', `AM: ${v.engine}, NIS: ${v.engine}`],
  ], d.activityId);
}

export type ScanKind = 'quick' | 'full';
const SCAN_PARAMETERS: Record<ScanKind, [string, string]> = { quick: ['1', '%%806'], full: ['2', '%%805'] };

function scanHead(scanId: string, kind: ScanKind, v: Versions): Fields {
  const [index, ref] = SCAN_PARAMETERS[kind];
  return [['Product Name', PRODUCT_REF], ['Product Version', v.platform], ['Scan ID', scanId], ['Scan Type Index', '1'],
    ['Scan Type', '%%802'], ['Scan Parameters Index', index], ['Scan Parameters', ref], ...SYSTEM];
}

/** 1000 MALWAREPROTECTION_SCAN_STARTED. */
export function scanStarted(at: At, scanId: string, kind: ScanKind, v: Versions): DefenderEvent {
  return ev(1000, LEVEL.information, at, [...scanHead(scanId, kind, v), ['Scan Resources', '']]);
}

/** 1001 MALWAREPROTECTION_SCAN_COMPLETED, with the duration split as Defender writes it. */
export function scanCompleted(at: At, scanId: string, kind: ScanKind, seconds: number, v: Versions): DefenderEvent {
  return ev(1001, LEVEL.information, at, [...scanHead(scanId, kind, v),
    ['Scan Time Hours', String(Math.floor(seconds / 3600))], ['Scan Time Minutes', String(Math.floor(seconds / 60) % 60)],
    ['Scan Time Seconds', String(seconds % 60)]]);
}

/** Security intelligence type: %%800 AntiVirus, %%801 AntiSpyware. Update type: %%803 Full, %%804 Delta. */
function updateHead(current: string, previous: string): Fields {
  return [['Current security intelligence Version', current], ['Previous security intelligence Version', previous]];
}

/** 2000 MALWAREPROTECTION_SIGNATURE_UPDATED: one event for the antivirus and one for the antispyware set. */
export function signatureUpdated(at: At, kind: 'AV' | 'AS', previous: Versions, current: Versions): DefenderEvent {
  return ev(2000, LEVEL.information, at, [['Product Name', PRODUCT_REF], ['Product Version', current.platform],
    ...updateHead(current.signature, previous.signature),
    ['Security intelligence Type Index', kind === 'AV' ? '1' : '2'], ['Security intelligence Type', kind === 'AV' ? '%%800' : '%%801'],
    ['Update Type Index', '2'], ['Update Type', '%%804'], ...SYSTEM,
    ['Current Engine Version', current.engine], ['Previous Engine Version', previous.engine]]);
}

/** 2001 MALWAREPROTECTION_SIGNATURE_UPDATE_FAILED: the download from Microsoft Update failed. */
export function signatureUpdateFailed(at: At, v: Versions, error: readonly [string, string]): DefenderEvent {
  return ev(2001, LEVEL.error, at, [['Product Name', PRODUCT_REF], ['Product Version', v.platform],
    ...updateHead(v.signature, v.signature), ['Update Source', '%%859'], ['Update Stage', '%%853'], ['Source Path', 'Default URL'],
    ['Security intelligence Type Index', '1'], ['Security intelligence Type', '%%800'], ['Update Type Index', '2'], ['Update Type', '%%804'],
    ...SYSTEM, ['Current Engine Version', v.engine], ['Previous Engine Version', v.engine],
    ['Error Code', error[0]], ['Error Description', error[1]]]);
}

/** 5000 MALWAREPROTECTION_RTP_ENABLED and 5001 MALWAREPROTECTION_RTP_DISABLED. */
export function realTimeProtection(at: At, enabled: boolean, v: Versions): DefenderEvent {
  return ev(enabled ? 5000 : 5001, enabled ? LEVEL.information : LEVEL.warning, at, [['Product Name', PRODUCT_REF], ['Product Version', v.platform]]);
}

/** 5007 MALWAREPROTECTION_CONFIG_CHANGED: a registry value under Defender's key, as "KEY\Name = 0xN". */
export function configChanged(at: At, oldValue: string, newValue: string, v: Versions): DefenderEvent {
  return ev(5007, LEVEL.information, at, [['Product Name', PRODUCT], ['Product Version', v.platform], ['Old Value', oldValue], ['New Value', newValue]]);
}

export const DEFENDER_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows Defender';

/** The 5007 registry text of an exclusion: HKLM\…\Exclusions\Paths\C:\dir = 0x0. */
export function exclusionValue(kind: string, item: string): string {
  return `${DEFENDER_KEY}\\Exclusions\\${kind}\\${item} = 0x0`;
}

export interface HealthFacts {
  versions: Versions;
  rtp: boolean;
  behaviorMonitoring: boolean;
  signatureAgeDays: number;
  signatureCreated: number;
  quickScan?: { start: number; end: number };
  fullScan?: { start: number; end: number };
  now: number;
  productStatus: number;
}

/** Times in 1151 are US-English text in UTC ("6/9/2020 5:53:46 AM"); 1/1/1601 12:00:00 AM means never. */
export function usTime(ms: number | undefined): string {
  if (ms === undefined) return '1/1/1601 12:00:00 AM';
  const d = new Date(ms);
  const h = d.getUTCHours();
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 || 12}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} ${h < 12 ? 'AM' : 'PM'}`;
}

const ageDays = (now: number, t: number | undefined) => (t === undefined ? '4294967295' : String(Math.max(0, Math.floor((now - t) / 86_400_000))));

/** 1151 MALWAREPROTECTION_SERVICE_HEALTH_REPORT, the periodic health report. */
export function healthReport(at: At, h: HealthFacts): DefenderEvent {
  const state = (on: boolean) => (on ? '%%901' : '%%902');
  const v = h.versions;
  return ev(1151, LEVEL.information, at, [
    ['Product Name', PRODUCT_REF], ['Platform version', v.platform], ['Unused', ''], ['Engine version', v.engine],
    ['NRI engine version', v.engine], ['AV security intelligence version', v.signature], ['AS security intelligence version', v.signature],
    ['NRI security intelligence version', v.signature], ['RTP state', state(h.rtp)], ['OA state', state(h.rtp)], ['IOAV state', state(h.rtp)],
    ['BM state', state(h.behaviorMonitoring)], ['Last AV security intelligence age', String(h.signatureAgeDays)],
    ['Last AS security intelligence age', String(h.signatureAgeDays)], ['Last quick scan age', ageDays(h.now, h.quickScan?.end)],
    ['Last full scan age', ageDays(h.now, h.fullScan?.end)], ['AV security intelligence creation time', usTime(h.signatureCreated)],
    ['AS security intelligence creation time', usTime(h.signatureCreated)], ['Last quick scan start time', usTime(h.quickScan?.start)],
    ['Last quick scan end time', usTime(h.quickScan?.end)], ['Last quick scan source', h.quickScan ? '2' : '0'],
    ['Last full scan start time', usTime(h.fullScan?.start)], ['Last full scan end time', usTime(h.fullScan?.end)],
    ['Last full scan source', h.fullScan ? '2' : '0'], ['Product status', `0x${h.productStatus.toString(16).padStart(8, '0')}`],
  ]);
}
