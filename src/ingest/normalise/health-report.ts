/**
 * 1150 (service healthy) and 1151 (hourly health report) => AntivirusServiceHealthy / AntivirusHealthReport.
 * 1151 is the richest status Defender logs: versions, the four real-time protection states, signature and scan
 * ages (days; 4294967295 means "never") and the times behind them (UTC, "M/D/YYYY h:mm:ss AM").
 */
import { pick, type EventData, type FieldSpec } from './event-data.js';
import { healthReportTime } from './event-time.js';
import type { FamilyResult } from './family.js';

const NEVER = 4294967295;

/** "Enabled"/"Disabled" (%%901/%%902 resolved) => boolean; a localised state stays unknown. */
function enabled(state: string): boolean | null {
  if (/^enabled$/i.test(state)) return true;
  if (/^disabled$/i.test(state)) return false;
  return null;
}

function age(d: EventData, ...names: string[]): number | null {
  const n = d.int(...names);
  return n === null || n === NEVER ? null : n;
}

const HEALTH_FIELDS: FieldSpec[] = [
  ['PlatformVersion', 'text', 'Platform Version', 'Current Platform Version'],
  ['EngineVersion', 'text', 'Engine Version'],
  ['NisEngineVersion', 'text', 'NRI engine version', 'Network Realtime Inspection engine Version'],
  ['SignatureVersion', 'text', 'Signature Version'],
  ['AvSignatureVersion', 'text', 'AV signature version', 'Antivirus signature Version'],
  ['AsSignatureVersion', 'text', 'AS signature version', 'Antispyware signature Version'],
  ['NisSignatureVersion', 'text', 'NRI signature version', 'Network Realtime Inspection signature Version'],
  ['RtpState', 'text', 'RTP state'],
  ['OaState', 'text', 'OA state'],
  ['IoavState', 'text', 'IOAV state'],
  ['BmState', 'text', 'BM state'],
  ['QuickScanSource', 'int', 'Last quick scan source'],
  ['FullScanSource', 'int', 'Last full scan source'],
  ['ProductStatus', 'text', 'Product status'],
];

export function readHealthEvent(d: EventData): FamilyResult {
  const fields = pick(d, HEALTH_FIELDS);
  for (const [key, state] of [['RealTimeProtectionEnabled', 'RtpState'], ['OnAccessProtectionEnabled', 'OaState'],
    ['IoavProtectionEnabled', 'IoavState'], ['BehaviorMonitorEnabled', 'BmState']] as const) {
    if (typeof fields[state] === 'string') fields[key] = enabled(fields[state] as string);
  }
  const ages: Array<[string, string[]]> = [
    ['AvSignatureAge', ['Last AV signature age', 'AV signature age']],
    ['AsSignatureAge', ['Last AS signature age', 'AS signature age']],
    ['QuickScanAge', ['Last quick scan age']],
    ['FullScanAge', ['Last full scan age']],
  ];
  for (const [key, names] of ages) {
    if (d.text(...names) !== '') fields[key] = age(d, ...names);
  }
  const times: Array<[string, string]> = [
    ['AvSignatureCreationTime', 'AV signature creation time'],
    ['AsSignatureCreationTime', 'AS signature creation time'],
    ['QuickScanStartTime', 'Last quick scan start time'],
    ['QuickScanEndTime', 'Last quick scan end time'],
    ['FullScanStartTime', 'Last full scan start time'],
    ['FullScanEndTime', 'Last full scan end time'],
  ];
  for (const [key, name] of times) {
    const t = d.text(name);
    if (t !== '') fields[key] = healthReportTime(t);
  }
  return { columns: {}, fields };
}
