/**
 * Threat events (1006-1009, 1015, 1116-1119) and threat hashes (1120) => DeviceEvents columns and the
 * AdditionalFields analysts read on AntivirusDetection rows (ThreatName, WasRemediated, WasExecutingWhileDetected,
 * Action, ReportSource …). Decisions use the numeric ids Defender always writes, never the display names, which a
 * French or Japanese Windows localises.
 */
import type { RawEvent, Row } from '../model.js';
import { pick, type EventData, type FieldSpec } from './event-data.js';
import { normaliseIsoTime } from './event-time.js';
import type { FamilyResult } from './family.js';
import { firstFile, parseResourceList, splitAccount, splitFilePath } from './paths.js';

// Action ID (CleaningActionID in MSFT_MpThreatDetection): 1 clean, 2 quarantine, 3 remove, 6 allow,
// 8 user defined, 9 no action / not applicable, 10 block. The first four are remediations when they succeed.
const REMEDIATING_ACTIONS = new Set([1, 2, 3, 10]);
const REMEDIATING_NAMES = /^(clean|quarantine|remove|block)$/i;
// Execution ID: 0 unknown, 1 suspended (stopped before it ran), 2 executing.
const EXECUTING = 2;
// Only "action taken" events report a remediation; a detection (1116) is followed by its own 1117.
const ACTION_TAKEN = new Set([1007, 1117]);

/** "AV: 1.327.2245.0, AS: 1.327.2245.0, NIS: …" => the component's version, else the text as sent. */
export function componentVersion(text: string, component: string): string {
  const m = new RegExp(`(?:^|,)\\s*${component}:\\s*([^,]+)`, 'i').exec(text);
  return m ? m[1]!.trim() : text;
}

function errorIsSuccess(code: string): boolean {
  return code === '' || /^0x0+$/i.test(code) || code === '0';
}

/** A process named by path ("C:\Windows\explorer.exe") fills the InitiatingProcess columns; "Unknown" does not. */
export function initiatingProcess(processName: string): Row {
  if (!/^[A-Za-z]:\\|^\\\\|^\\Device\\/.test(processName)) return {};
  const { FolderPath, FileName } = splitFilePath(processName);
  return { InitiatingProcessFileName: FileName, InitiatingProcessFolderPath: FolderPath };
}

/** The AdditionalFields of threat events that are read as sent (after ThreatName and the two verdicts). */
const THREAT_FIELDS: FieldSpec[] = [
    ['ThreatId', 'text', 'Threat ID', 'ID'],
    ['Severity', 'text', 'Severity Name', 'Severity'],
    ['SeverityId', 'int', 'Severity ID'],
    ['Category', 'text', 'Category Name', 'Category'],
    ['CategoryId', 'int', 'Category ID'],
    ['DetectionId', 'text', 'Detection ID'],
    ['ReportSource', 'text', 'Source Name', 'Detection Source'],
    ['ReportSourceId', 'int', 'Source ID'],
    ['Origin', 'text', 'Origin Name', 'Detection Origin'],
    ['OriginId', 'int', 'Origin ID'],
    ['DetectionType', 'text', 'Type Name', 'Detection Type'],
    ['DetectionTypeId', 'int', 'Type ID'],
    ['ExecutionState', 'text', 'Execution Name'],
    ['ExecutionId', 'int', 'Execution ID'],
    ['Action', 'text', 'Action Name', 'Action'],
    ['ActionId', 'int', 'Action ID'],
    ['ErrorCode', 'text', 'Error Code'],
    ['ErrorDescription', 'text', 'Error Description'],
    ['AdditionalActions', 'text', 'Additional Actions String'],
    ['AdditionalActionsId', 'int', 'Additional Actions ID'],
    ['StatusCode', 'int', 'Status Code'],
    ['StatusDescription', 'text', 'Status Description'],
    ['State', 'int', 'State'],
    ['PreExecutionStatus', 'int', 'Pre Execution Status'],
    ['PostCleanStatus', 'int', 'Post Clean Status'],
    ['DetectionUser', 'text', 'Detection User', 'User'],
    ['RemediationUser', 'text', 'Remediation User'],
    ['ProcessName', 'text', 'Process Name'],
    ['FWLink', 'text', 'FWLink'],
];

export function readThreatEvent(d: EventData, ev: RawEvent): FamilyResult {
  const pathList = d.text('Path', 'Path Found');
  const resources = parseResourceList(pathList);
  const file = firstFile(resources);
  const processName = d.text('Process Name');
  const detectionUser = d.text('Detection User', 'User');
  const account = splitAccount(detectionUser);

  const columns: Row = { ...initiatingProcess(processName) };
  if (file) Object.assign(columns, splitFilePath(file.path));
  if (file?.url) columns.FileOriginUrl = file.url;
  if (account.name) Object.assign(columns, { AccountDomain: account.domain, AccountName: account.name });

  const actionId = d.int('Action ID');
  const actionName = d.text('Action Name', 'Action');
  const errorCode = d.text('Error Code');
  const executionId = d.int('Execution ID');
  const executionName = d.text('Execution Name');
  const remediating = actionId !== null ? REMEDIATING_ACTIONS.has(actionId) : REMEDIATING_NAMES.test(actionName);
  const signatures = d.text('Signature Version');
  const engine = d.text('Engine Version');
  const detectionTime = d.text('Detection Time');

  const fields: Record<string, unknown> = {
    ThreatName: d.text('Threat Name', 'Name'),
    WasRemediated: ACTION_TAKEN.has(ev.eventId) && remediating && errorIsSuccess(errorCode),
    WasExecutingWhileDetected: executionId !== null ? executionId === EXECUTING : /^executing$/i.test(executionName),
  };
  pick(d, THREAT_FIELDS, fields);
  if (detectionTime) fields.DetectionTime = normaliseIsoTime(detectionTime) ?? detectionTime;
  if (pathList) {
    fields.Path = pathList;
    fields.Resources = resources.map(r => (r.url ? { Type: r.type, Path: r.path, Url: r.url } : { Type: r.type, Path: r.path }));
  }
  if (signatures) {
    fields.SignatureVersion = componentVersion(signatures, 'AV');
    if (signatures !== fields.SignatureVersion) fields.SignatureVersions = signatures;
  }
  if (engine) {
    fields.EngineVersion = componentVersion(engine, 'AM');
    if (engine !== fields.EngineVersion) fields.EngineVersions = engine;
  }
  return { columns, fields };
}

const HEX = /\b[0-9a-f]{32,64}\b/gi;

const PLATFORM_VERSION: FieldSpec[] = [['PlatformVersion', 'text', 'Current Platform Version']];

/** 1120: "Hashes" lists the resource's hashes; they are told apart by length (MD5 32, SHA-1 40, SHA-256 64). */
export function readThreatHashes(d: EventData): FamilyResult {
  const resourceText = d.text('Threat Resource Path', 'Threat resource path', 'Path');
  const resources = parseResourceList(resourceText);
  const file = firstFile(resources);
  const hashes = d.text('Hashes');
  const columns: Row = file ? { ...splitFilePath(file.path) } : {};
  for (const h of hashes.match(HEX) ?? []) {
    const key = h.length === 40 ? 'SHA1' : h.length === 64 ? 'SHA256' : h.length === 32 ? 'MD5' : null;
    if (key && !columns[key]) columns[key] = h.toLowerCase();
  }
  const fields: Record<string, unknown> = {
  };
  pick(d, PLATFORM_VERSION, fields);
  if (resourceText) fields.Path = resourceText;
  if (hashes) fields.Hashes = hashes;
  return { columns, fields };
}

/** 1013: Defender deleted its detection history. */
export function readHistoryDeleted(d: EventData): FamilyResult {
  const time = d.text('Time', 'Timestamp');
  const account = splitAccount(d.text('Domain') && d.text('User') ? `${d.text('Domain')}\\${d.text('User')}` : d.text('User'));
  const columns: Row = account.name ? { AccountDomain: account.domain, AccountName: account.name } : {};
  const sid = d.text('SID');
  if (sid) columns.AccountSid = sid;
  return { columns, fields: time ? { Time: normaliseIsoTime(time) ?? time } : {} };
}
