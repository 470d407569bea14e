/**
 * One device's history, day by day: the Defender events it writes, and the report it sends at the end of each
 * day (events since the last report, Get-MpComputerStatus, OS facts, and its software when that changed). The
 * last report of a device that is still alive lands minutes before `now`. A generator: a device's history is
 * made while it is sent, so memory stays bounded whatever the fleet's size.
 */
import { Random } from './random.js';
import {
  COMMON_SOFTWARE, LATER_SOFTWARE, REMEDIATION_ERRORS, SERVER_EXCLUSIONS, SERVER_SOFTWARE, THREATS, UPDATE_ERRORS,
  VM_TOOLS, WORKSTATION_EXCLUSIONS, WORKSTATION_SOFTWARE,
} from './catalog.js';
import { renderEventXml, type DefenderEvent } from './event-xml.js';
import {
  configChanged, DEFENDER_KEY, detectionEvent, exclusionValue, healthReport, realTimeProtection, scanCompleted, scanStarted,
  signatureUpdated, signatureUpdateFailed, type At, type Detection, type ScanKind, type Versions,
} from './events.js';
import type { DevicePlan, RunningMode } from './fleet.js';
import { osFacts, softwareItems, type Installed, type OsState } from './inventory.js';
import { computerStatus } from './status.js';
import { releaseAt, releaseCreated, versionsOfRelease } from './versions.js';
import type { IngestBatch } from './batch.js';

export const DAY_MS = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;

export const AGENT_VERSION = 'picket-agent 0.1.0 (simulated)';

export interface Report {
  /** When the device sent it (and the time a direct write records as received). */
  at: number;
  batch: IngestBatch;
}

/** Where the device ended up: what its last report said. */
export interface DeviceOutcome {
  mode: RunningMode;
  lastReport: number;
  realTimeProtection: boolean;
  signatureAgeDays: number;
  events: number;
  reports: number;
  detections: number;
}

interface Scan { start: number; end: number; signature: string }

interface State {
  mode: RunningMode;
  rtp: boolean;
  release: number;
  quickScan?: Scan;
  fullScan?: Scan;
  software: Installed[];
  softwareChanged: boolean;
  exclusions: Set<string>;
  os: OsState;
  rebootRequired: boolean;
  /** OS facts changed since the last report (and at the first): sent on their own as well. */
  osChanged: boolean;
  recordId: number;
  processId: number;
}

export interface HistoryOptions { days: number; now: number; seed: number }

/** The report times: one a day, the last one minutes before now. */
function reportTime(rnd: Random, day: number, o: HistoryOptions): number {
  if (day === o.days - 1) return o.now - rnd.int(60, 540) * 1000;
  return o.now - (o.days - 1 - day) * DAY_MS - rnd.int(5, 240) * MINUTE;
}

function initialSoftware(rnd: Random, plan: DevicePlan, start: number): Installed[] {
  const base = [...COMMON_SOFTWARE];
  if (plan.role === 'PC') base.push(...WORKSTATION_SOFTWARE.filter(() => rnd.chance(0.5)));
  else base.push(...SERVER_SOFTWARE[plan.role]);
  if (plan.virtual) base.push(VM_TOOLS);
  if (plan.otherAntivirus) base.push(plan.otherAntivirus);
  return base.map(s => ({ ...s, installedAt: start - rnd.int(30, 900) * DAY_MS }));
}

/** A history generator; `outcome` is filled in as the last report is yielded. */
export class DeviceHistory {
  readonly outcome: DeviceOutcome;
  private readonly rnd: Random;
  private readonly st: State;
  private events: { ev: DefenderEvent; order: number }[] = [];
  private readonly pua: boolean;
  private readonly cloud: boolean;

  constructor(readonly plan: DevicePlan, private readonly o: HistoryOptions) {
    this.rnd = new Random((o.seed ^ 0x5bd1e995) >>> 0).derive(plan.index);
    const rnd = this.rnd;
    const start = o.now - (o.days - plan.firstDay) * DAY_MS;
    const lag = plan.updates === 'stale' ? plan.staleDays * DAY_MS : plan.updates === 'flaky' ? rnd.int(4, 72) * HOUR : rnd.int(0, 8) * HOUR;
    this.st = {
      mode: plan.initialMode,
      rtp: true,
      release: releaseAt(start - lag),
      software: initialSoftware(rnd, plan, start),
      softwareChanged: true,
      exclusions: new Set(),
      os: {
        ubr: plan.os.ubr,
        lastBoot: start - rnd.int(1, 20) * DAY_MS,
        ipAddress: `10.${plan.role === 'PC' ? 20 : 10}.${Math.floor(plan.index / 250) % 250}.${(plan.index % 250) + 2}`,
        macAddress: rnd.hex(12).toUpperCase().replace(/(..)(?!$)/g, '$1-'),
        computerId: rnd.guid().slice(1, -1),
      },
      rebootRequired: false,
      osChanged: true,
      recordId: rnd.int(800, 60_000),
      processId: rnd.int(2_000, 9_000),
    };
    this.pua = rnd.chance(0.6);
    this.cloud = rnd.chance(0.85);
    this.outcome = { mode: this.st.mode, lastReport: 0, realTimeProtection: true, signatureAgeDays: 0, events: 0, reports: 0, detections: 0 };
  }

  *reports(): Generator<Report> {
    const { plan, o, rnd } = this;
    let previous = reportTime(rnd, plan.firstDay, o) - DAY_MS;
    for (let day = plan.firstDay; day <= plan.lastDay; day++) {
      const at = reportTime(rnd, day, o);
      this.simulateDay(day, previous, at);
      yield this.report(at);
      previous = at;
    }
  }

  private get versions(): Versions {
    return versionsOfRelease(this.st.release);
  }

  private at(ms: number): At {
    return { timeMs: Math.floor(ms), subTicks: this.rnd.int(0, 9999) };
  }

  private emit(ev: DefenderEvent): void {
    this.events.push({ ev, order: this.events.length });
  }

  /** A time in the window, leaving room for an episode of `span` before the report. */
  private when(from: number, to: number, span = 2 * HOUR): number {
    return from + this.rnd.next() * Math.max(MINUTE, to - from - span);
  }

  private simulateDay(day: number, from: number, to: number): void {
    const { plan, st, rnd } = this;
    if (plan.modeChange?.day === day) this.changeMode(this.when(from, to), plan.modeChange.to, plan.modeChange.product);
    this.updates(from, to);
    this.emit(healthReport(this.at(this.when(from, to, 0)), {
      versions: this.versions, rtp: st.mode === 'Normal' && st.rtp, behaviorMonitoring: st.mode === 'Normal' && st.rtp,
      signatureAgeDays: Math.max(0, Math.floor((to - releaseCreated(st.release)) / DAY_MS)), signatureCreated: releaseCreated(st.release),
      quickScan: st.quickScan, fullScan: st.fullScan, now: to, productStatus: 0x80000,
    }));
    if (st.mode === 'Normal') {
      this.scan(this.when(from, to), 'quick');
      if (plan.role !== 'PC' && (day + plan.index) % 7 === 0) this.scan(this.when(from, to, 6 * HOUR), 'full');
    }
    if (rnd.chance(plan.detectionRate)) this.detection(this.when(from, to));
    if (plan.rtpOffFrom === day && st.mode === 'Normal' && st.rtp) this.switchRtp(this.when(from, to), false);
    else if (st.mode === 'Normal' && st.rtp && !plan.tamperProtected && rnd.chance(0.03)) {
      const t = this.when(from, to, 3 * HOUR);
      this.switchRtp(t, false);
      this.switchRtp(t + rnd.int(5, 150) * MINUTE, true);
    }
    if (rnd.chance(plan.role === 'PC' ? 0.01 : plan.role === 'SQL' ? 0.08 : 0.02)) this.addExclusion(this.when(from, to));
    if (rnd.chance(plan.role === 'PC' ? 0.03 : 0.005)) this.install(this.when(from, to));
    // monthly patches: installed one day (a reboot pending), the reboot the next, with a new build revision
    // and a new MsMpEng process
    if ((day + plan.index) % 30 === 12) st.rebootRequired = true;
    else if (st.rebootRequired) {
      st.rebootRequired = false;
      st.os.ubr += rnd.int(100, 400);
      st.os.lastBoot = this.when(from, to);
      st.processId = rnd.int(2_000, 9_000);
      st.osChanged = true;
    }
  }

  private updates(from: number, to: number): void {
    const { plan, st, rnd } = this;
    const attempts = plan.updates === 'stale' ? (rnd.chance(0.5) ? 1 : 0) : rnd.int(2, 3);
    const times = Array.from({ length: attempts }, () => this.when(from, to, 10 * MINUTE)).sort((a, b) => a - b);
    for (const t of times) {
      // every draw is made whatever happens next, so the stream (and so the rest of the history) does not depend
      // on where `now` falls between two releases
      const fails = plan.updates === 'stale' || (plan.updates === 'flaky' && rnd.chance(0.45));
      const error = plan.updates === 'stale' ? UPDATE_ERRORS[1]! : rnd.pick(UPDATE_ERRORS);
      const av = this.at(t);
      const as = this.at(t + rnd.int(1, 4) * 1000);
      if (fails) {
        this.emit(signatureUpdateFailed(av, this.versions, error));
        continue;
      }
      const next = releaseAt(t);
      if (next <= st.release) continue;
      const before = this.versions;
      st.release = next;
      const after = this.versions;
      this.emit(signatureUpdated(av, 'AV', before, after));
      this.emit(signatureUpdated(as, 'AS', before, after));
    }
  }

  private scan(t: number, kind: ScanKind): void {
    const { st, rnd } = this;
    const id = rnd.guid();
    const seconds = kind === 'quick' ? rnd.int(40, 600) : rnd.int(1800, 5 * 3600);
    const v = this.versions;
    this.emit(scanStarted(this.at(t), id, kind, v));
    const end = t + seconds * 1000;
    this.emit(scanCompleted(this.at(end), id, kind, seconds, v));
    const scan = { start: t, end, signature: v.signature };
    if (kind === 'quick') st.quickScan = scan; else st.fullScan = scan;
  }

  private detection(t: number): void {
    const { plan, st, rnd } = this;
    const threat = rnd.weighted(THREATS);
    const d: Detection = {
      threat, user: plan.user, detectionId: rnd.guid(), activityId: rnd.guid(), detectedAt: this.at(t),
      detectionTime: new Date(t - rnd.int(50, 400)).toISOString(),
      action: threat.severityId <= 1 ? { id: 3, name: 'Remove' } : { id: 2, name: 'Quarantine' },
    };
    const v = this.versions;
    this.emit(detectionEvent(1116, d.detectedAt, d, v));
    this.outcome.detections++;
    // Passive mode reports without remediating; EDR block mode remediates what the other product missed.
    if (st.mode === 'Passive Mode') return;
    const later = this.at(t + rnd.int(2, 90) * 1000);
    const roll = rnd.next();
    if (roll < 0.78) this.emit(detectionEvent(1117, later, d, v));
    else if (roll < 0.96) this.emit(detectionEvent(1118, later, { ...d, error: rnd.pick(REMEDIATION_ERRORS) }, v));
    else this.emit(detectionEvent(1119, later, { ...d, error: REMEDIATION_ERRORS[2] }, v));
  }

  private switchRtp(t: number, on: boolean): void {
    const name = `${DEFENDER_KEY}\\Real-Time Protection\\DisableRealtimeMonitoring`;
    const v = this.versions;
    this.emit(configChanged(this.at(t), `${name} = 0x${on ? 1 : 0}`, `${name} = 0x${on ? 0 : 1}`, v));
    this.emit(realTimeProtection(this.at(t + 400), on, v));
    this.st.rtp = on;
  }

  private addExclusion(t: number): void {
    const { plan, st, rnd } = this;
    const [kind, item] = rnd.pick(plan.role === 'PC' ? WORKSTATION_EXCLUSIONS : SERVER_EXCLUSIONS);
    if (st.exclusions.has(`${kind}\\${item}`)) return;
    st.exclusions.add(`${kind}\\${item}`);
    this.emit(configChanged(this.at(t), '', exclusionValue(kind, item), this.versions));
  }

  private install(t: number): void {
    const { st, rnd } = this;
    const s = rnd.pick(LATER_SOFTWARE);
    if (st.software.some(x => x.name === s.name)) return;
    st.software.push({ ...s, installedAt: t });
    st.softwareChanged = true;
  }

  /** Another antivirus is installed (Defender steps back) or removed (Defender takes over again). */
  private changeMode(t: number, to: RunningMode, product: { name: string; version: string; publisher: string }): void {
    const st = this.st;
    if (to === 'Normal') st.software = st.software.filter(s => s.name !== product.name);
    else st.software.push({ ...product, installedAt: t });
    st.softwareChanged = true;
    const wasNormal = st.mode === 'Normal';
    st.mode = to;
    if (wasNormal !== (to === 'Normal')) this.emit(realTimeProtection(this.at(t + 90_000), to === 'Normal', this.versions));
    if (to === 'Normal') st.rtp = true;
  }

  private report(at: number): Report {
    const { plan, st } = this;
    const ordered = this.events.sort((a, b) => a.ev.timeMs - b.ev.timeMs || a.order - b.order);
    // thread ids come from the record id, not the stream: how many updates land in a day depends on `now`
    const events = ordered.map(({ ev }) => {
      const recordId = st.recordId++;
      return renderEventXml(ev, { computer: plan.fqdn, recordId, processId: st.processId, threadId: 1_000 + (Math.imul(recordId, 2654435761) >>> 0) % 11_000 });
    });
    this.events = [];
    const status = computerStatus({
      at, computerId: st.os.computerId, mode: st.mode, versions: this.versions, signatureCreated: releaseCreated(st.release),
      rtp: st.rtp, tamperProtected: plan.tamperProtected, virtual: plan.virtual, windows11: plan.os.platform === 'Windows11',
      quickScan: st.quickScan, fullScan: st.fullScan, rebootRequired: st.rebootRequired,
    });
    const os = osFacts(plan, st.os);
    // The agent's envelope: its own report id (a retry is recognised), when it collected the report, the status,
    // the two preferences the assessments need (PUA protection, cloud protection) and the OS facts.
    const envelope = {
      reportId: `${plan.hostName}-${at}`, timestamp: new Date(at).toISOString(), status,
      preferences: { PUAProtection: this.pua ? 1 : 0, MAPSReporting: this.cloud ? 2 : 0 }, mapsConnectivity: this.cloud, os,
    };
    const batch: IngestBatch = { agentVersion: AGENT_VERSION, events, status: envelope };
    if (st.softwareChanged) batch.software = softwareItems(st.software);
    if (st.osChanged) batch.os = { ...os, CollectedAt: new Date(at).toISOString() };
    st.osChanged = false;
    st.softwareChanged = false;
    Object.assign(this.outcome, {
      mode: st.mode, lastReport: at, realTimeProtection: status.RealTimeProtectionEnabled === true,
      signatureAgeDays: status.AntivirusSignatureAge as number,
      events: this.outcome.events + events.length, reports: this.outcome.reports + 1,
    });
    return { at, batch };
  }
}
