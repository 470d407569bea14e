/** The devices API as the console reads it (GET /api/v1/devices, /devices/:id and its parts), and its filters. */

export type Mode = 'Active' | 'Passive' | 'EDR Block' | 'Not running' | 'Not reporting';

export interface DeviceRow {
  deviceId: string; deviceName: string; osPlatform: string | null; osVersion: string | null;
  mode: Mode | null; amRunningMode: string | null;
  realTimeProtection: boolean | null; tamperProtection: boolean | null;
  engineVersion: string | null; platformVersion: string | null; signatureVersion: string | null;
  signatureAgeDays: number | null;
  lastReportAt: string | null; lastSeen: string | null; enrolledAt: string | null;
  agentVersion: string | null; openAlerts: number; revoked: boolean;
}

export interface StateChange {
  timestamp: string; mode: Mode | null; amRunningMode: string | null;
  realTimeProtection: boolean | null; tamperProtection: boolean | null;
  signatureVersion: string | null; signatureAgeDays: number | null; engineVersion: string | null; platformVersion: string | null;
}

/** What the device's agent last said about itself (src/agent/health.ts AgentHealth). */
export interface AgentHealth {
  agentVersion: string | null; mode: 'agent' | 'collector' | 'forwarded' | null; collector: string | null; psVersion: string | null;
  lastRunAt: string | null; receivedAt: string;
  errors: { at: string | null; step: string; message: string }[];
  missing: string[]; sendFailures: number | null; lastSendError: string | null;
  gaps: { channel: string; firstMissing: number; lastMissing: number; detectedAt: string | null; receivedAt: string }[];
  missingRecords: number;
}

export interface DeviceDetail {
  device: DeviceRow;
  /** Every Get-MpComputerStatus field of the latest report. */
  status: Record<string, unknown> | null;
  /** The latest DeviceInfo row. */
  info: Record<string, unknown> | null;
  history: StateChange[];
  software: { name: string | null; vendor: string | null; version: string | null }[];
  /** Not sent by GET /api/v1/devices/:id yet (agentHealth() in src/agent/health.ts has it); shown when it is. */
  agent?: AgentHealth | null;
}

export interface TimelineEvent {
  timestamp: string; actionType: string | null; fileName: string | null; folderPath: string | null; sha1: string | null;
  initiatingProcess: string | null; additionalFields: Record<string, unknown> | null; reportId: string | number | null;
}

export interface Detection {
  timestamp: string; threatName: string | null; severity: string | null; action: string | null;
  wasRemediated: boolean | null; fileName: string | null; folderPath: string | null;
}

/** The URL and API filter values, with what each shows as. */
export const MODES: { value: string; label: Mode }[] = [
  { value: 'active', label: 'Active' },
  { value: 'passive', label: 'Passive' },
  { value: 'edrBlock', label: 'EDR Block' },
  { value: 'notRunning', label: 'Not running' },
  { value: 'notReporting', label: 'Not reporting' },
];

export const ON_OFF: { value: string; label: string }[] = [
  { value: 'on', label: 'On' }, { value: 'off', label: 'Off' }, { value: 'unknown', label: 'Unknown' },
];

export type SigAgeBucket = '0-1' | '1-3' | '3-7' | '7-30' | '30+';

export const SIG_AGES: { value: SigAgeBucket; label: string; tone: string }[] = [
  { value: '0-1', label: 'Under 1 day', tone: 'good' },
  { value: '1-3', label: '1–3 days', tone: 'good' },
  { value: '3-7', label: '3–7 days', tone: 'warn' },
  { value: '7-30', label: '7–30 days', tone: 'bad' },
  { value: '30+', label: '30+ days', tone: 'bad' },
];

/** The filters GET /api/v1/devices takes, all read from the page's URL. */
export const DEVICE_FILTERS = ['mode', 'rtp', 'tamper', 'sigAge', 'threat'] as const;

export function sigAgeTone(days: number | null | undefined): string {
  if (days === null || days === undefined) return 'muted';
  return days < 3 ? 'good' : days < 7 ? 'warn' : 'bad';
}
