/**
 * Get-MpComputerStatus as a device reports it: the MSFT_MpComputerStatus properties in the shape Windows
 * PowerShell 5.1's ConvertTo-Json gives them (DateTime as "/Date(ms)/", enums as numbers, booleans), without the
 * Cim* bookkeeping properties, which the agent drops.
 */
import type { Versions } from './events.js';
import type { RunningMode } from './fleet.js';

export interface StatusFacts {
  at: number;
  computerId: string;
  mode: RunningMode;
  versions: Versions;
  /** When the current security intelligence was created (Defender's "last updated"). */
  signatureCreated: number;
  rtp: boolean;
  tamperProtected: boolean;
  virtual: boolean;
  windows11: boolean;
  quickScan?: { start: number; end: number; signature: string };
  fullScan?: { start: number; end: number; signature: string };
  rebootRequired: boolean;
}

const NEVER_AGE = 4294967295;
const DAY = 86_400_000;
export const psDate = (ms: number | undefined): string | null => (ms === undefined ? null : `/Date(${Math.round(ms)})/`);
const age = (now: number, t: number | undefined) => (t === undefined ? NEVER_AGE : Math.max(0, Math.floor((now - t) / DAY)));

export function computerStatus(f: StatusFacts): Record<string, unknown> {
  const active = f.mode === 'Normal';
  // In passive and EDR block mode another product does the scanning: Defender's real-time components are off.
  const rtp = active && f.rtp;
  const sigAge = age(f.at, f.signatureCreated);
  const v = f.versions;
  return {
    AMEngineVersion: v.engine,
    AMProductVersion: v.platform,
    AMRunningMode: f.mode,
    AMServiceEnabled: true,
    AMServiceVersion: v.platform,
    AntispywareEnabled: true,
    AntispywareSignatureAge: sigAge,
    AntispywareSignatureLastUpdated: psDate(f.signatureCreated),
    AntispywareSignatureVersion: v.signature,
    AntivirusEnabled: true,
    AntivirusSignatureAge: sigAge,
    AntivirusSignatureLastUpdated: psDate(f.signatureCreated),
    AntivirusSignatureVersion: v.signature,
    BehaviorMonitorEnabled: rtp,
    ComputerID: f.computerId,
    ComputerState: f.rebootRequired ? 2 : 0,
    DefenderSignaturesOutOfDate: sigAge > 7,
    DeviceControlDefaultEnforcement: 'N/A',
    DeviceControlPoliciesLastUpdated: psDate(f.at - 3 * DAY - 3_600_000),
    DeviceControlState: 'N/A',
    FullScanAge: age(f.at, f.fullScan?.end),
    FullScanEndTime: psDate(f.fullScan?.end),
    FullScanOverdue: false,
    FullScanRequired: false,
    FullScanSignatureVersion: f.fullScan?.signature ?? null,
    FullScanStartTime: psDate(f.fullScan?.start),
    InitializationProgress: 'ServiceStartedSuccessfully',
    IoavProtectionEnabled: rtp,
    IsTamperProtected: f.tamperProtected,
    IsVirtualMachine: f.virtual,
    LastFullScanSource: f.fullScan ? 2 : 0,
    LastQuickScanSource: f.quickScan ? 2 : 0,
    NISEnabled: rtp,
    NISEngineVersion: v.engine,
    NISSignatureAge: sigAge,
    NISSignatureLastUpdated: psDate(f.signatureCreated),
    NISSignatureVersion: v.signature,
    OnAccessProtectionEnabled: rtp,
    ProductStatus: (sigAge > 7 ? 0x10 : 0) | (f.rebootRequired ? 0x200 : 0) | (!rtp ? 0x1 : 0) | 0x80000,
    QuickScanAge: age(f.at, f.quickScan?.end),
    QuickScanEndTime: psDate(f.quickScan?.end),
    QuickScanOverdue: age(f.at, f.quickScan?.end) > 7 && active,
    QuickScanSignatureVersion: f.quickScan?.signature ?? null,
    QuickScanStartTime: psDate(f.quickScan?.start),
    RealTimeProtectionEnabled: rtp,
    RealTimeScanDirection: 0,
    RebootRequired: f.rebootRequired,
    SmartAppControlExpiration: null,
    SmartAppControlState: f.windows11 ? 'Off' : null,
    TamperProtectionSource: f.tamperProtected ? 'Signatures' : 'UI',
    TDTCapable: 'N/A',
    TDTMode: 'N/A',
    TDTSiloType: 'N/A',
    TDTStatus: 'N/A',
    TDTTelemetry: 'N/A',
    TroubleShootingDailyMaxQuota: null,
    TroubleShootingDailyQuotaLeft: null,
    TroubleShootingEndTime: null,
    TroubleShootingExpirationLeft: null,
    TroubleShootingMode: null,
    TroubleShootingModeSource: null,
    TroubleShootingQuotaResetTime: null,
    TroubleShootingStartTime: null,
    PSComputerName: null,
  };
}
