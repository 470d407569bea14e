/**
 * OS facts (Win32_OperatingSystem / Win32_ComputerSystem / Get-ComputerInfo fields, as the agent sends them)
 * -> DeviceInfo fields: OSPlatform in Advanced Hunting's spelling (Windows10, Windows11, WindowsServer2022…),
 * OSBuild, OsBuildRevision, OSVersion, OSVersionInfo, OSArchitecture, DeviceType (Workstation or Server),
 * JoinType, Vendor, Model; the domain and IP addresses, which DeviceInfo has no columns for, go to AdditionalFields.
 */
import type { Rejection, Row, TableRows } from '../model.js';
import { canonicalJson, checkDevice, FieldReader, isRecord, prop, receivedTime, reportNumber, type Device } from './values.js';

/** Server builds by release (Windows Server has its own names for builds it shares with client Windows). */
const SERVER_BUILDS: [number, string][] = [
  [26100, 'WindowsServer2025'], [20348, 'WindowsServer2022'], [17763, 'WindowsServer2019'], [14393, 'WindowsServer2016'],
  [9600, 'WindowsServer2012R2'], [9200, 'WindowsServer2012'], [7601, 'WindowsServer2008R2'],
];

/** OSPlatform as Advanced Hunting spells it, from the build and whether the machine is a server. */
export function osPlatform(build: number | null, server: boolean | null, caption: string | null): string {
  if (build !== null && server) {
    const exact = SERVER_BUILDS.find(([b]) => b === build);
    if (exact) return exact[1];
  }
  if (build !== null && server === false) {
    if (build >= 22000) return 'Windows11';
    if (build >= 10240) return 'Windows10';
    if (build >= 9600) return 'Windows8.1';
    if (build >= 9200) return 'Windows8';
    if (build >= 7600) return 'Windows7';
  }
  // Semi-annual server builds and anything else: from the product name ("Microsoft Windows Server 2022 Standard").
  const m = caption ? /Windows (Server )?(\d{4}(?: R2)?|\d{1,2}(?:\.\d)?)/i.exec(caption) : null;
  if (m) return `Windows${m[1] ? 'Server' : ''}${m[2].replace(' ', '')}`;
  return server ? 'WindowsServer' : server === false ? 'Windows' : '';
}

/** ProductType: 1 workstation, 2 domain controller, 3 server (Win32_OperatingSystem); also the text forms. */
function isServer(v: unknown, r: FieldReader): boolean | null {
  if (v === undefined || v === null) return null;
  if (v === 1 || v === '1' || (typeof v === 'string' && /^work\s*station$/i.test(v.trim()))) return false;
  if ([2, 3, '2', '3'].includes(v as never) || (typeof v === 'string' && /^(server|domain\s*controller)$/i.test(v.trim()))) return true;
  r.reject('ProductType', 'expected 1 (workstation), 2 (domain controller) or 3 (server)');
  return null;
}

function first(o: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) {
    const v = prop(o, n);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f:.]{2,45}(%[\w.]{1,32})?$/i;

function ipList(v: unknown, r: FieldReader): string[] {
  if (v === undefined || v === null) return [];
  const items = Array.isArray(v) ? v : [v];
  const out: string[] = [];
  for (const [i, x] of items.slice(0, 64).entries()) {
    const ip = isRecord(x) ? prop(x, 'IPAddress') : x;
    if (typeof ip === 'string' && (IPV4.test(ip.trim()) || (ip.includes(':') && IPV6.test(ip.trim())))) out.push(ip.trim());
    else r.reject(`IPAddresses[${i}]`, 'not an IP address');
  }
  if (items.length > 64) r.reject('IPAddresses', `${items.length} addresses, only the first 64 kept`);
  return out;
}

/** DeviceInfo fields from OS facts; rejections for the values that could not be read. */
export function osFields(facts: Record<string, unknown>, r: FieldReader): Row {
  const caption = r.string(first(facts, 'Caption', 'OsName', 'ProductName', 'WindowsProductName'), 'Caption', 256);
  const version = r.string(first(facts, 'Version', 'OsVersion'), 'Version', 64);
  const buildRaw = first(facts, 'BuildNumber', 'OsBuildNumber', 'CurrentBuildNumber', 'CurrentBuild');
  let build = r.int(buildRaw, 'BuildNumber', 0, 1_000_000);
  if (build === null && version) {
    const m = /^\d+\.\d+\.(\d{1,7})/.exec(version);
    if (m) build = Number(m[1]);
  }
  const ubr = r.int(first(facts, 'UBR', 'OsBuildRevision', 'BuildRevision'), 'UBR', 0, 1_000_000);
  const server = isServer(first(facts, 'ProductType', 'OsProductType', 'MachineType'), r);
  const arch = r.string(first(facts, 'OSArchitecture', 'OsArchitecture'), 'OSArchitecture', 32);
  const release = r.string(first(facts, 'DisplayVersion', 'OSDisplayVersion', 'ReleaseId', 'WindowsVersion'), 'DisplayVersion', 32);
  const domain = r.string(first(facts, 'Domain', 'CsDomain'), 'Domain', 256);
  const partOfDomain = r.bool(first(facts, 'PartOfDomain', 'CsPartOfDomain'), 'PartOfDomain');
  const vendor = r.string(first(facts, 'Manufacturer', 'CsManufacturer'), 'Manufacturer', 256);
  const model = r.string(first(facts, 'Model', 'CsModel'), 'Model', 256);
  const ips = ipList(first(facts, 'IPAddresses', 'IPAddress', 'IPs'), r);
  const extra: Record<string, unknown> = {};
  if (domain) extra.Domain = domain;
  if (ips.length) extra.IPAddresses = ips;
  if (caption) extra.OSName = caption;
  const row: Row = {
    OSPlatform: osPlatform(build, server, caption),
    OSBuild: build,
    OsBuildRevision: ubr === null ? '' : String(ubr),
    // Advanced Hunting's OSVersion is the major.minor kernel version ("10.0"); the release name goes to OSVersionInfo.
    OSVersion: version ? (/^\d+\.\d+/.exec(version)?.[0] ?? version) : '',
    OSVersionInfo: release ?? '',
    OSArchitecture: arch ? (/64/.test(arch) ? '64-bit' : /32|86/.test(arch) ? '32-bit' : arch) : '',
    OSDistribution: server === null ? '' : server ? 'Windows Server' : 'Windows',
    DeviceType: server === null ? '' : server ? 'Server' : 'Workstation',
    JoinType: partOfDomain === true ? 'Domain Joined' : partOfDomain === false ? 'Workgroup' : '',
    Vendor: vendor ?? '',
    Model: model ?? '',
  };
  if (Object.keys(extra).length) row.AdditionalFields = JSON.stringify(extra);
  return row;
}

/** One OS facts report -> one DeviceInfo row. Never throws. */
export function normaliseOsFacts(facts: unknown, device: Device, receivedAt: string): { rows: TableRows; rejections: Rejection[] } {
  const rejections: Rejection[] = [];
  const dev = checkDevice(device);
  const received = receivedTime(receivedAt);
  if (!dev) return { rows: {}, rejections: [{ index: 0, field: 'device', reason: 'device must have a deviceId and a deviceName' }] };
  if (!received) return { rows: {}, rejections: [{ index: 0, field: 'receivedAt', reason: 'receivedAt is not a date and time' }] };
  if (!isRecord(facts)) return { rows: {}, rejections: [{ index: 0, reason: 'OS facts must be an object' }] };
  const canonical = canonicalJson(facts);
  if (canonical === null) return { rows: {}, rejections: [{ index: 0, reason: 'OS facts are nested too deep or too large' }] };
  const r = new FieldReader(0, rejections);
  const ts = r.datetime(first(facts, 'Timestamp', 'CollectedAt'), 'Timestamp') ?? received;
  const reportId = typeof prop(facts, 'ReportId') === 'string' && (prop(facts, 'ReportId') as string).length <= 128
    ? reportNumber(dev.deviceId, 'os', prop(facts, 'ReportId') as string) : reportNumber(dev.deviceId, 'os', canonical);
  const row: Row = { Timestamp: ts, DeviceId: dev.deviceId, DeviceName: dev.deviceName, ReportId: reportId, OnboardingStatus: 'Onboarded',
    DeviceCategory: 'Endpoint', ...osFields(facts, r) };
  return { rows: { DeviceInfo: [row] }, rejections };
}
