/**
 * Get-MpThreatDetection and Get-MpThreat output -> normalised detections, and DeviceEvents rows with ActionType
 * "AntivirusDetection" only when the caller asks for them (options.asDeviceEvents, set from the report).
 *
 * Why opt-in: the same detections reach Picket as Defender Operational events 1116/1117, which the event
 * normaliser turns into AntivirusDetection rows; writing both would count every detection twice. An agent that
 * does not forward the event log (or a back-fill of old detections) says so in its report, and only then do these
 * rows go in. Their ReportId is detectionReportId(device, DetectionID): the event normaliser can derive the same id
 * from 1116's "Detection ID", so the two paths can recognise each other.
 *
 * Shapes read: 5.1 and 7 serialisations (dates "\/Date(ms)\/" or ISO), Resources as an array of "file:_C:\…"
 * strings, as one string of several ("file:_C:\a file:_C:\b"), or as 5.1's {"value": [...], "Count": n}.
 */
import type { Rejection, Row, TableRows } from '../model.js';
import { unwrapArray } from '../sources/json-input.js';
import { checkDevice, FieldReader, isRecord, prop, reportNumber, type Device } from './values.js';

export interface ThreatOptions { asDeviceEvents?: boolean }

export interface Detection {
  detectionId: string;
  threatId: number | bigint | null;
  threatName: string | null;
  severityId: number | null;
  categoryId: number | null;
  initialDetectionTime: string | null;
  remediationTime: string | null;
  lastStatusChangeTime: string | null;
  threatStatusId: number | null;
  actionSuccess: boolean | null;
  cleaningActionId: number | null;
  executionStatusId: number | null;
  detectionSourceTypeId: number | null;
  processName: string | null;
  domainUser: string | null;
  resources: { kind: string; path: string }[];
  productVersion: string | null;
}

/** MSFT_MpThreatDetection.ThreatStatusID: 2 cleaned, 3 quarantined, 4 removed, 6 blocked are remediated. */
const REMEDIATED = new Set([2, 3, 4, 6]);
const MAX_ITEMS = 10_000;

export function detectionReportId(deviceId: string, detectionId: string): number {
  return reportNumber(deviceId, 'detection', detectionId.replace(/[{}]/g, '').toLowerCase());
}

/** "file:_C:\x", "process:_pid:…", "regkey:_HKLM\…" -> {kind, path}. */
function resources(v: unknown, r: FieldReader): { kind: string; path: string }[] {
  const list = unwrapArray(v);
  const strings: string[] = [];
  for (const [i, x] of list.slice(0, 256).entries()) {
    if (typeof x !== 'string' || x.length > 32_768) { r.reject(`Resources[${i}]`, 'expected text'); continue; }
    // 5.1 at a shallow depth joins the array into one string: split before each "kind:_".
    strings.push(...x.split(/\s+(?=[a-z]{2,16}:_)/i));
  }
  return strings.map(s => {
    const m = /^([a-z]{2,16}):_(.*)$/is.exec(s.trim());
    return m ? { kind: m[1].toLowerCase(), path: m[2] } : { kind: '', path: s.trim() };
  });
}

export function normaliseThreats(detections: unknown, threats: unknown, device: Device, options: ThreatOptions = {}):
  { rows: TableRows; rejections: Rejection[]; detections: Detection[] } {
  const dev = checkDevice(device);
  if (!dev) return { rows: {}, rejections: [{ index: 0, field: 'device', reason: 'device must have a deviceId and a deviceName' }], detections: [] };
  const rejections: Rejection[] = [];
  // Threat catalogue entries by ThreatID: names, severity and category (Get-MpThreat); rejections indexed after
  // the detections are not mixed up with them: their field starts with "threats[i]".
  const byId = new Map<string, { name: string | null; severity: number | null; category: number | null }>();
  const threatList = threats === undefined || threats === null ? [] : unwrapArray(threats);
  threatList.slice(0, MAX_ITEMS).forEach((t, i) => {
    if (!isRecord(t)) { rejections.push({ index: i, field: `threats[${i}]`, reason: 'a threat must be an object' }); return; }
    const r = new FieldReader(i, rejections, `threats[${i}].`);
    const id = r.long(prop(t, 'ThreatID'), 'ThreatID');
    if (id === null) { if (prop(t, 'ThreatID') === undefined) r.reject('ThreatID', 'ThreatID is missing'); return; }
    byId.set(String(id), { name: r.string(prop(t, 'ThreatName'), 'ThreatName', 512), severity: r.int(prop(t, 'SeverityID'), 'SeverityID', 0, 255),
      category: r.int(prop(t, 'CategoryID'), 'CategoryID', 0, 255) });
  });
  const list = detections === undefined || detections === null ? [] : unwrapArray(detections);
  const out: Detection[] = [];
  list.slice(0, MAX_ITEMS).forEach((d, index) => {
    if (!isRecord(d)) { rejections.push({ index, reason: 'a detection must be an object' }); return; }
    const r = new FieldReader(index, rejections);
    const rawId = prop(d, 'DetectionID');
    const detectionId = typeof rawId === 'string' && /^\{?[0-9a-f-]{32,36}\}?$/i.test(rawId.trim()) ? rawId.trim().replace(/[{}]/g, '').toUpperCase() : null;
    if (!detectionId) { r.reject('DetectionID', rawId === undefined ? 'DetectionID is missing' : 'DetectionID must be a GUID'); return; }
    const threatId = r.long(prop(d, 'ThreatID'), 'ThreatID');
    const threat = threatId === null ? undefined : byId.get(String(threatId));
    out.push({
      detectionId,
      threatId,
      threatName: threat?.name ?? r.string(prop(d, 'ThreatName'), 'ThreatName', 512),
      severityId: threat?.severity ?? null,
      categoryId: threat?.category ?? null,
      initialDetectionTime: r.datetime(prop(d, 'InitialDetectionTime'), 'InitialDetectionTime'),
      remediationTime: r.datetime(prop(d, 'RemediationTime'), 'RemediationTime'),
      lastStatusChangeTime: r.datetime(prop(d, 'LastThreatStatusChangeTime'), 'LastThreatStatusChangeTime'),
      threatStatusId: r.int(prop(d, 'ThreatStatusID'), 'ThreatStatusID', 0, 65_535),
      actionSuccess: r.bool(prop(d, 'ActionSuccess'), 'ActionSuccess'),
      cleaningActionId: r.int(prop(d, 'CleaningActionID'), 'CleaningActionID', 0, 255),
      executionStatusId: r.int(prop(d, 'CurrentThreatExecutionStatusID'), 'CurrentThreatExecutionStatusID', 0, 255),
      detectionSourceTypeId: r.int(prop(d, 'DetectionSourceTypeID'), 'DetectionSourceTypeID', 0, 255),
      processName: r.string(prop(d, 'ProcessName'), 'ProcessName', 4096),
      domainUser: r.string(prop(d, 'DomainUser'), 'DomainUser', 512),
      resources: resources(prop(d, 'Resources'), r),
      productVersion: r.string(prop(d, 'AMProductVersion'), 'AMProductVersion', 64),
    });
  });
  if (list.length > MAX_ITEMS) rejections.push({ index: MAX_ITEMS, reason: `more than ${MAX_ITEMS} detections; the rest were not read` });

  const rows: TableRows = {};
  if (options.asDeviceEvents) {
    const events: Row[] = [];
    for (const [i, d] of out.entries()) {
      if (!d.initialDetectionTime) { rejections.push({ index: i, field: 'InitialDetectionTime', reason: 'a DeviceEvents row needs InitialDetectionTime' }); continue; }
      const file = d.resources.find(x => x.kind === 'file') ?? d.resources[0];
      const path = file?.path ?? '';
      const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
      const [account, domain] = splitUser(d.domainUser);
      events.push({
        Timestamp: d.initialDetectionTime, DeviceId: dev.deviceId, DeviceName: dev.deviceName, ActionType: 'AntivirusDetection',
        FileName: file?.kind === 'file' ? path.slice(cut + 1) : '', FolderPath: file?.kind === 'file' ? path : '',
        AccountName: account, AccountDomain: domain,
        InitiatingProcessFileName: d.processName ? d.processName.slice(d.processName.lastIndexOf('\\') + 1) : '',
        InitiatingProcessFolderPath: d.processName ?? '',
        ReportId: detectionReportId(dev.deviceId, d.detectionId),
        AdditionalFields: JSON.stringify({
          ThreatName: d.threatName, WasRemediated: d.threatStatusId === null ? null : REMEDIATED.has(d.threatStatusId),
          WasExecutingWhileDetected: d.executionStatusId === null ? null : d.executionStatusId === 3,
          DetectionId: d.detectionId, ThreatId: d.threatId === null ? null : String(d.threatId), SeverityId: d.severityId,
          CategoryId: d.categoryId, ThreatStatusId: d.threatStatusId, ActionSuccess: d.actionSuccess, CleaningActionId: d.cleaningActionId,
          DetectionSourceTypeId: d.detectionSourceTypeId, Resources: d.resources.map(x => `${x.kind}:_${x.path}`), Source: 'Get-MpThreatDetection',
        }),
      });
    }
    rows.DeviceEvents = events;
  }
  return { rows, rejections, detections: out };
}

function splitUser(u: string | null): [string, string] {
  if (!u) return ['', ''];
  const i = u.indexOf('\\');
  return i < 0 ? [u, ''] : [u.slice(i + 1), u.slice(0, i)];
}
