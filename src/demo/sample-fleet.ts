/**
 * A small, deterministic sample fleet for `picket demo` and tests: DeviceInfo reports, the antivirus secure
 * configuration assessments (scid-2010 mode, scid-2011 versions, scid-2012 real-time protection) and DeviceEvents.
 */
import type { DuckDBConnection } from '@duckdb/node-api';

export type AvMode = 'Active' | 'Passive' | 'EDR Blocked' | 'Unknown';

export interface SampleDevice {
  DeviceId: string;
  DeviceName: string;
  OSPlatform: string;
  avMode: AvMode;
  signatureVersion: string;
  /** Last signature update, ticks. */
  signatureUpdated: bigint;
}

export interface SampleFleetOptions {
  seed?: number;
  devices?: number;
  /** The current instant in ticks (100 ns since 1970); every recent row lies within the hour before it. */
  now?: bigint;
}

const MINUTE = 600_000_000n;
const DAY = 1440n * MINUTE;
const PLATFORMS = ['Windows11', 'Windows10', 'WindowsServer2022', 'WindowsServer2019', 'WindowsServer2016'];
const AV_CODE: Record<AvMode, string | null> = { Active: '0', Passive: '1', 'EDR Blocked': '4', Unknown: null };

/** mulberry32: a tiny seeded generator, so the same seed always gives the same fleet. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sampleDevices(options: SampleFleetOptions = {}): SampleDevice[] {
  const rnd = random(options.seed ?? 1);
  const now = options.now ?? BigInt(Date.now()) * 10_000n;
  const n = options.devices ?? 50;
  const int = (k: number) => Math.floor(rnd() * k);
  const hex = (len: number) => Array.from({ length: len }, () => '0123456789abcdef'[int(16)]).join('');
  return Array.from({ length: n }, (_, i) => {
    const platform = PLATFORMS[int(PLATFORMS.length)];
    const server = platform.startsWith('WindowsServer');
    // the first devices fix one of each mode, so every mode is present whatever the seed
    const roll = rnd();
    const avMode: AvMode = i < 4 ? (['Active', 'Passive', 'EDR Blocked', 'Unknown'] as const)[i]
      : roll < 0.7 ? 'Active' : roll < 0.9 ? 'Passive' : roll < 0.96 ? 'EDR Blocked' : 'Unknown';
    const stale = rnd() < 0.15;
    return {
      DeviceId: hex(40),
      DeviceName: `${server ? 'srv' : 'pc'}-${String(i + 1).padStart(3, '0')}.corp.contoso.com`,
      OSPlatform: platform,
      avMode,
      signatureVersion: `1.403.${stale ? 100 + int(20) : 180 + int(10)}.0`,
      signatureUpdated: now - (stale ? BigInt(4 + int(20)) * DAY : BigInt(30 + int(600)) * MINUTE),
    };
  });
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
const json = (v: unknown) => (v === null ? 'NULL' : `${q(JSON.stringify(v))}::JSON`);

function isoOf(ticks: bigint): string {
  return new Date(Number(ticks / 10_000n)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Inserts the fleet into the hunting tables of `conn` and returns its devices. */
export async function loadSampleFleet(conn: DuckDBConnection, options: SampleFleetOptions = {}): Promise<SampleDevice[]> {
  const now = options.now ?? BigInt(Date.now()) * 10_000n;
  const devices = sampleDevices({ ...options, now });
  const rnd = random((options.seed ?? 1) + 7919);
  const minutesAgo = (lo: number, hi: number) => now - BigInt(lo + Math.floor(rnd() * (hi - lo))) * MINUTE;
  const info: string[] = [];
  const tvm: string[] = [];
  const events: string[] = [];
  let report = 1000;
  for (const d of devices) {
    const server = d.OSPlatform.startsWith('WindowsServer');
    // an older report and a fresh one (a few minutes old, so the seed query's ago(1h) keeps it for a while)
    for (const ts of [now - DAY - BigInt(report % 60) * MINUTE, minutesAgo(1, 15)]) {
      info.push(`(${ts}, ${q(d.DeviceId)}, ${q(d.DeviceName)}, '10.8.24030.4', '203.0.113.${report % 250}', '64-bit', ${q(d.OSPlatform)},
        ${server ? 20348 : 22631}, ${!server}, ${q(server ? 'Domain Joined' : 'Hybrid Azure AD Join')}, ${q(server ? '21H2' : '23H2')},
        ${q(server ? 'Servers' : 'Workstations')}, ${report++}, 'Onboarded', 'Endpoint', ${q(server ? 'Server' : 'Workstation')},
        ${q(server ? 'Windows Server' : 'Windows')}, 'Active', ${q(server ? 'Medium' : 'Low')})`);
    }
    const ts = minutesAgo(5, 40);
    const code = AV_CODE[d.avMode];
    const assess = (id: string, compliant: boolean, context: unknown, impact: number) =>
      tvm.push(`(${q(d.DeviceId)}, ${q(d.DeviceName)}, ${q(d.OSPlatform)}, ${ts}, ${q(id)}, 'Security controls', 'Antivirus',
        ${impact}, ${compliant}, true, ${json(context)}, false)`);
    assess('scid-2010', d.avMode === 'Active', code === null ? null : [[code]], 9);
    const fresh = now - d.signatureUpdated < 3n * DAY;
    assess('scid-2011', fresh, [[d.signatureVersion, '1.1.24030.4', isoOf(d.signatureUpdated), '4.18.24030.9']], 7);
    assess('scid-2012', d.avMode === 'Active', [[d.avMode === 'Active' ? '1' : '0']], 9);
    events.push(event(minutesAgo(1, 50), d, 'AntivirusDefinitionsUpdated', '', { CurrentSigVersion: d.signatureVersion }, report++));
    events.push(event(minutesAgo(1, 50), d, 'AntivirusScanCompleted', '', { ScanTypeIndex: 'Quick' }, report++));
    if (rnd() < 0.2) {
      events.push(event(minutesAgo(1, 50), d, 'AntivirusDetection', 'invoice.pdf.exe',
        { ThreatName: 'Trojan:Win32/Wacatac.B!ml', WasRemediated: true }, report++));
    }
  }
  await conn.run(`INSERT INTO DeviceInfo (Timestamp, DeviceId, DeviceName, ClientVersion, PublicIP, OSArchitecture, OSPlatform,
    OSBuild, IsAzureADJoined, JoinType, OSVersion, MachineGroup, ReportId, OnboardingStatus, DeviceCategory, DeviceType,
    OSDistribution, SensorHealthState, ExposureLevel) VALUES ${info.join(', ')}`);
  await conn.run(`INSERT INTO DeviceTvmSecureConfigurationAssessment (DeviceId, DeviceName, OSPlatform, Timestamp, ConfigurationId,
    ConfigurationCategory, ConfigurationSubcategory, ConfigurationImpact, IsCompliant, IsApplicable, Context,
    IsExpectedUserImpact) VALUES ${tvm.join(', ')}`);
  await conn.run(`INSERT INTO DeviceEvents (Timestamp, DeviceId, DeviceName, ActionType, FileName, FolderPath, ReportId,
    InitiatingProcessFileName, AdditionalFields) VALUES ${events.join(', ')}`);
  return devices;
}

function event(ts: bigint, d: SampleDevice, action: string, file: string, fields: object, report: number): string {
  const folder = file ? 'C:\\Users\\Public\\Downloads' : '';
  return `(${ts}, ${q(d.DeviceId)}, ${q(d.DeviceName)}, ${q(action)}, ${q(file)}, ${q(folder)}, ${report}, 'MsMpEng.exe', ${q(JSON.stringify(fields))})`;
}
