/**
 * The smaller Defender events, read by field lists: scans (1000-1005), updates (2000-2010), real-time protection
 * and engine failures (3002, 3007, 5008), protection switched on or off (5000/5001, 5009-5012) and expiry
 * (5100/5101). Old and new spellings of a field ("Current Signature Version", "Current security intelligence
 * Version") read the same (see event-data.ts).
 */
import type { Row } from '../model.js';
import { pick, type EventData, type FieldSpec } from './event-data.js';
import type { EventFamily } from './action-types.js';
import type { FamilyResult } from './family.js';

// Advanced Hunting's scan rows carry ScanTypeIndex as "Quick" / "Full" / "Custom": Defender's Scan Parameters
// Index (MpScanType: 1 quick, 2 full, 3 custom). Defender's own "Scan Type Index" (antimalware …) is not it.
const SCAN_KIND: Record<number, string> = { 1: 'Quick', 2: 'Full', 3: 'Custom' };

const ERROR: FieldSpec[] = [
  ['ErrorCode', 'text', 'Error Code'],
  ['ErrorDescription', 'text', 'Error Description'],
];

const SPECS: Partial<Record<EventFamily, FieldSpec[]>> = {
  scan: [
    ['ScanId', 'text', 'Scan ID'],
    ['ScanParametersIndex', 'int', 'Scan Parameters Index'],
    ['ScanParameters', 'text', 'Scan Parameters'],
    ['ScanType', 'text', 'Scan Type'],
    ['ScanResources', 'text', 'Scan Resources'],
    ['User', 'text', 'User'],
    ['Domain', 'text', 'Domain'],
    ...ERROR,
  ],
  update: [
    ['SignatureVersion', 'text', 'Current Signature Version', 'New Signature Version', 'Signature Version'],
    ['PreviousSignatureVersion', 'text', 'Previous Signature Version'],
    ['SignatureType', 'text', 'Signature Type'],
    ['SignaturesAttempted', 'text', 'Signatures Attempted', 'Signature Attempted'],
    ['UpdateType', 'text', 'Update Type'],
    ['UpdateSource', 'text', 'Update Source'],
    ['UpdateStage', 'text', 'Update Stage'],
    ['SourcePath', 'text', 'Source Path'],
    ['EngineVersion', 'text', 'Current Engine Version', 'New Engine Version', 'Engine Version'],
    ['PreviousEngineVersion', 'text', 'Previous Engine Version'],
    ['EngineType', 'text', 'Engine Type'],
    ['PlatformVersion', 'text', 'Current Platform Version'],
    ['User', 'text', 'User'],
    ['Domain', 'text', 'Domain'],
    ...ERROR,
  ],
  feature: [
    ['Feature', 'text', 'Feature Name', 'Feature'],
    ['FeatureId', 'int', 'Feature ID'],
    ['Reason', 'text', 'Reason'],
    ['FailureType', 'text', 'Failure Type'],
    ['ExceptionCode', 'text', 'Exception Code'],
    ['Resource', 'text', 'Resource'],
    ...ERROR,
  ],
  expiry: [
    ['ExpirationReason', 'text', 'Expiration Reason'],
    ['ExpirationDate', 'text', 'Expiration Date'],
    ...ERROR,
  ],
};

export function readStatusEvent(d: EventData, family: EventFamily): FamilyResult {
  const fields: Record<string, unknown> = pick(d, SPECS[family] ?? []);
  const columns: Row = {};
  if (family === 'scan') {
    d.consume('Scan Type Index');
    const kind = SCAN_KIND[d.int('Scan Parameters Index') ?? -1];
    if (kind) fields.ScanTypeIndex = kind;
    const [h, m, s] = [d.int('Scan Time Hours'), d.int('Scan Time Minutes'), d.int('Scan Time Seconds')];
    if (h !== null || m !== null || s !== null) {
      fields.ScanDurationSeconds = (h ?? 0) * 3600 + (m ?? 0) * 60 + (s ?? 0);
    }
  }
  return { columns, fields };
}
