/**
 * An antivirus status report -> one MpComputerStatus row (every Get-MpComputerStatus field; unknown ones in
 * AdditionalFields), one DeviceInfo row (Timestamp, ReportId), and the antivirus rows of
 * DeviceTvmSecureConfigurationAssessment (assessments.ts).
 *
 * The report is either Get-MpComputerStatus's object itself, or an envelope:
 *   { reportId?, timestamp?, status: {Get-MpComputerStatus}, preferences?: {Get-MpPreference}, os?: {OS facts},
 *     mapsConnectivity?: boolean }
 * Both serialisations are read: Windows PowerShell 5.1 (dates as "\/Date(ms)\/", CIM envelope fields CimClass,
 * CimInstanceProperties, CimSystemProperties and PSComputerName, which are dropped) and PowerShell 7 (ISO dates).
 * Property names are matched ignoring case, as PowerShell does. A bad field value is rejected by name and stored
 * as null; the rest of the report still goes in.
 *
 * ReportId (a `long` in DeviceInfo, text in MpComputerStatus) is the sender's reportId when given, else a hash of
 * the device and the report's content, so a retried report gets the same id.
 */
import type { Rejection, Row, TableRows } from '../model.js';
import { assessmentRows, type AntivirusFacts } from './assessments.js';
import { osFields } from './os.js';
import { STATUS_FIELDS } from './status-fields.js';
import { canonicalJson, checkDevice, FieldReader, isRecord, prop, receivedTime, reportNumber, type Device } from './values.js';

/** PowerShell and CIM plumbing, not status: never stored. */
const ENVELOPE = new Set(['cimclass', 'ciminstanceproperties', 'cimsystemproperties', 'pscomputername', 'psshowcomputername', 'runspaceid']);
const COLUMNS = new Map(STATUS_FIELDS.map(([name, type]) => [name.toLowerCase(), [name, type] as const]));
const MAX_EXTRA_FIELDS = 200;
const MAX_EXTRA_CHARS = 4096;

export interface StatusResult { rows: TableRows; rejections: Rejection[] }

function fail(reason: string, field?: string): StatusResult {
  return { rows: {}, rejections: [{ index: 0, field, reason }] };
}

/** 5.1 writes dates inside unknown fields as \/Date(ms)\/ too: make them ISO so AdditionalFields reads alike. */
function extraValue(v: unknown, r: FieldReader, field: string): unknown {
  if (typeof v === 'string' && /^\\?\/Date\(/.test(v)) return r.datetime(v, field);
  return v;
}

/**
 * One status report -> MpComputerStatus, DeviceInfo and the configuration assessment rows. The OS fields come from
 * the report's envelope (`os`) or, when it has none, from `deviceOs`: the DeviceInfo fields of the OS facts sent
 * beside it (the agent sends them as a section of their own).
 */
export function normaliseStatus(report: unknown, device: Device, receivedAt: string, deviceOs?: Row): StatusResult {
  const dev = checkDevice(device);
  if (!dev) return fail('device must have a deviceId and a deviceName', 'device');
  const received = receivedTime(receivedAt);
  if (!received) return fail('receivedAt is not a date and time', 'receivedAt');
  if (!isRecord(report)) return fail('a status report must be an object');
  const envelope = isRecord(prop(report, 'status')) ? report : null;
  const status = (envelope ? prop(report, 'status') : report) as Record<string, unknown>;
  const canonical = canonicalJson(status);
  if (canonical === null) return fail('the status report is nested too deep or too large');

  const rejections: Rejection[] = [];
  const r = new FieldReader(0, rejections);
  const env = new FieldReader(0, rejections);
  const senderId = envelope ? prop(envelope, 'reportId') : undefined;
  let reportId: number;
  if (typeof senderId === 'string' && senderId.trim() !== '' && senderId.length <= 128) reportId = reportNumber(dev.deviceId, 'status', senderId);
  else {
    if (senderId !== undefined && senderId !== null) env.reject('reportId', 'reportId must be text of 1 to 128 characters; the content hash is used instead');
    reportId = reportNumber(dev.deviceId, 'status', canonical);
  }
  const timestamp = (envelope ? env.datetime(prop(envelope, 'timestamp'), 'timestamp') : null) ?? received;

  // MpComputerStatus: every known column, typed; unknown fields to AdditionalFields.
  const mp: Row = { Timestamp: timestamp, DeviceId: dev.deviceId, DeviceName: dev.deviceName, ReportId: String(reportId) };
  const extra: Record<string, unknown> = {};
  let extraCount = 0;
  for (const [key, value] of Object.entries(status)) {
    const lower = key.toLowerCase();
    if (ENVELOPE.has(lower)) continue;
    const col = COLUMNS.get(lower);
    if (col) {
      const [name, type] = col;
      mp[name] = type === 'string' ? r.string(value, key) : type === 'bool' ? r.bool(value, key) : type === 'int' ? r.int(value, key)
        : type === 'long' ? r.long(value, key) : r.datetime(value, key);
      continue;
    }
    const v = extraValue(value, r, key);
    const text = canonicalJson(v, 8, MAX_EXTRA_CHARS);
    if (text === null) r.reject(key, `an unknown field larger than ${MAX_EXTRA_CHARS} characters or nested too deep; not stored`);
    else if (++extraCount > MAX_EXTRA_FIELDS) r.reject(key, `more than ${MAX_EXTRA_FIELDS} unknown fields; not stored`);
    else Object.defineProperty(extra, key, { value: v, enumerable: true, writable: true, configurable: true });
  }
  mp.AdditionalFields = extra;
  for (const [name] of STATUS_FIELDS) if (!(name in mp)) mp[name] = null;

  // Both spellings of the signature version: AntivirusSignatureVersion, else AntispywareSignatureVersion (the two
  // are the same file on current platforms; older reports and some tools carry only one).
  const str = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  const prefs = envelope && isRecord(prop(envelope, 'preferences')) ? prop(envelope, 'preferences') as Record<string, unknown> : null;
  const pr = new FieldReader(0, rejections, 'preferences.');
  const pua = prefs ? pr.int(prop(prefs, 'PUAProtection'), 'PUAProtection', 0, 255) : null;
  const maps = prefs ? pr.int(prop(prefs, 'MAPSReporting'), 'MAPSReporting', 0, 255) : null;
  const facts: AntivirusFacts = {
    mode: str(mp.AMRunningMode),
    signatureVersion: str(mp.AntivirusSignatureVersion) ?? str(mp.AntispywareSignatureVersion),
    engineVersion: str(mp.AMEngineVersion),
    signatureUpdated: (mp.AntivirusSignatureLastUpdated ?? mp.AntispywareSignatureLastUpdated ?? null) as string | null,
    platformVersion: str(mp.AMProductVersion),
    signatureAge: (mp.AntivirusSignatureAge ?? mp.AntispywareSignatureAge ?? null) as number | null,
    signaturesOutOfDate: mp.DefenderSignaturesOutOfDate as boolean | null,
    realTime: mp.RealTimeProtectionEnabled as boolean | null,
    tamper: mp.IsTamperProtected as boolean | null,
    behaviour: mp.BehaviorMonitorEnabled as boolean | null,
    // PUAProtection: 0 off, 1 block, 2 audit: only block mode complies (scid-2013 "Turn on PUA protection in block mode").
    pua: pua === null ? null : pua === 1,
    // MAPSReporting: 0 disabled, 1 basic, 2 advanced: cloud-delivered protection is on unless 0.
    cloud: maps === null ? null : maps !== 0,
    cloudConnectivity: envelope ? env.bool(prop(envelope, 'mapsConnectivity'), 'mapsConnectivity') : null,
  };

  const osFacts = envelope && isRecord(prop(envelope, 'os')) ? prop(envelope, 'os') as Record<string, unknown> : null;
  const os = osFacts ? osFields(osFacts, new FieldReader(0, rejections, 'os.')) : deviceOs ?? {};
  const serviceOn = mp.AMServiceEnabled as boolean | null;
  const info: Row = {
    Timestamp: timestamp, DeviceId: dev.deviceId, DeviceName: dev.deviceName, ReportId: reportId,
    ClientVersion: facts.platformVersion ?? '', OnboardingStatus: 'Onboarded', DeviceCategory: 'Endpoint',
    SensorHealthState: serviceOn === null ? '' : serviceOn && facts.mode?.toLowerCase().replace(/\s/g, '') !== 'notrunning' ? 'Active' : 'Inactive',
    ...os,
  };
  info.AdditionalFields = JSON.stringify({
    ...(typeof os.AdditionalFields === 'string' ? JSON.parse(os.AdditionalFields) as object : {}),
    AMRunningMode: facts.mode, IsVirtualMachine: mp.IsVirtualMachine ?? null,
  });
  const tvm = assessmentRows(facts, { DeviceId: dev.deviceId, DeviceName: dev.deviceName, OSPlatform: String(os.OSPlatform ?? dev.osPlatform ?? ''), Timestamp: timestamp });
  return { rows: { MpComputerStatus: [mp], DeviceInfo: [info], DeviceTvmSecureConfigurationAssessment: tvm }, rejections };
}
