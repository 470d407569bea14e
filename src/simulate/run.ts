/**
 * Runs a simulation: plans the fleet, then for each device enrols it and sends its history report by report,
 * a few devices at a time at most (the sink says how many), so memory holds only the devices in flight.
 */
import { DeviceHistory, AGENT_VERSION, type DeviceOutcome } from './device.js';
import { planFleet, type DevicePlan, type RunningMode } from './fleet.js';
import type { Sink } from './sink.js';
import { enrolmentName } from './sink.js';

export interface SimulateOptions {
  devices: number;
  days: number;
  seed: number;
  /** The present moment (ms since 1970); the last reports land minutes before it. Default: the clock. */
  now?: number;
  /** Called after each device has been sent. */
  progress?: (done: number, total: number) => void;
}

/** Advanced Hunting's name for a mode, as scid-2010 and the seed rule spell it. */
export const AV_MODE: Record<RunningMode, 'Active' | 'Passive' | 'EDR Blocked'> = {
  Normal: 'Active', 'Passive Mode': 'Passive', 'EDR Block Mode': 'EDR Blocked',
};

export interface ManifestDevice {
  deviceId: string;
  deviceName: string;
  osPlatform: string;
  /** AMRunningMode of the last report, and the same as the seed rule names it. */
  runningMode: RunningMode;
  avMode: 'Active' | 'Passive' | 'EDR Blocked';
  /** The mode this device started the period in, when it changed. */
  initialMode?: RunningMode;
  lastReport: string;
  reportedWithinHour: boolean;
  realTimeProtection: boolean;
  signatureAgeDays: number;
}

export interface SimulationResult {
  seed: number;
  days: number;
  now: string;
  devices: ManifestDevice[];
  totals: { events: number; reports: number; batches: number; detections: number; duplicates: number; rejected: number };
  seconds: number;
}

function manifestEntry(plan: DevicePlan, deviceId: string, o: DeviceOutcome, now: number): ManifestDevice {
  return {
    deviceId,
    deviceName: enrolmentName(plan),
    osPlatform: plan.os.platform,
    runningMode: o.mode,
    avMode: AV_MODE[o.mode],
    ...(o.mode !== plan.initialMode ? { initialMode: plan.initialMode } : {}),
    lastReport: new Date(o.lastReport).toISOString(),
    reportedWithinHour: now - o.lastReport < 3_600_000,
    realTimeProtection: o.realTimeProtection,
    signatureAgeDays: o.signatureAgeDays,
  };
}

export async function simulate(sink: Sink, options: SimulateOptions): Promise<SimulationResult> {
  const started = performance.now();
  const now = options.now ?? Date.now();
  const plans = planFleet(options);
  const entries: ManifestDevice[] = new Array(plans.length);
  const totals = { events: 0, reports: 0, batches: 0, detections: 0, duplicates: 0, rejected: 0 };
  let next = 0;
  let done = 0;

  const worker = async () => {
    while (next < plans.length) {
      const plan = plans[next++]!;
      const device = await sink.enroll(plan, AGENT_VERSION);
      const history = new DeviceHistory(plan, { days: options.days, now, seed: options.seed });
      for (const report of history.reports()) {
        const r = await sink.send(device, report);
        totals.batches++;
        totals.events += r.events;
        totals.reports += r.reports;
        totals.duplicates += r.duplicates;
        totals.rejected += r.rejected;
      }
      sink.release?.(device);
      totals.detections += history.outcome.detections;
      entries[plan.index] = manifestEntry(plan, device.deviceId, history.outcome, now);
      options.progress?.(++done, plans.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(sink.concurrency, plans.length)) }, worker));
  return {
    seed: options.seed, days: options.days, now: new Date(now).toISOString(), devices: entries, totals,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The devices the seed rule must find: left in passive mode, and reported within the last hour. */
export function passiveNow(result: SimulationResult): ManifestDevice[] {
  return result.devices.filter(d => d.avMode === 'Passive' && d.reportedWithinHour);
}
