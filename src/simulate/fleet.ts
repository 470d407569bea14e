/**
 * The fleet plan: who the devices are and what will happen to each over the simulated days (which mode Defender
 * runs in and when that changes, how fresh its signatures stay, whether it goes silent). Drawn from the seed
 * alone, so a seed names the same fleet whatever the sink or the order of sending.
 */
import { Random } from './random.js';
import {
  DOMAIN, OTHER_ANTIVIRUS, SERVER_ROLES, SERVERS, WORKSTATIONS, USERS,
  type OsEdition, type ServerRole, type Software,
} from './catalog.js';

/** AMRunningMode as Get-MpComputerStatus reports it. */
export type RunningMode = 'Normal' | 'Passive Mode' | 'EDR Block Mode';

/** How a device keeps its security intelligence: every few hours, with failures, or not at all (air-gapped). */
export type UpdateHabit = 'fresh' | 'flaky' | 'stale';

export interface DevicePlan {
  index: number;
  /** Host name as Windows shows it (upper case), and the FQDN that events carry in Computer. */
  hostName: string;
  fqdn: string;
  os: OsEdition;
  role: ServerRole | 'PC';
  user: string;
  virtual: boolean;
  /** Mode at the start, and the day (index) it changes, with the product installed or removed, if it does. */
  initialMode: RunningMode;
  modeChange?: { day: number; to: RunningMode; product: Software };
  /** The other antivirus already installed at the start (passive and EDR block devices). */
  otherAntivirus?: Software;
  updates: UpdateHabit;
  /** For stale devices: how many days before the first simulated day their signatures were last updated. */
  staleDays: number;
  tamperProtected: boolean;
  /** Real-time protection is switched off (and left off) on this day, if set. */
  rtpOffFrom?: number;
  /** First simulated day the device exists on (enrols), and the last day it reports (then it goes silent). */
  firstDay: number;
  lastDay: number;
  /** Detections per day, on average. */
  detectionRate: number;
}

export interface FleetOptions { devices: number; days: number; seed: number }

export function finalMode(p: DevicePlan): RunningMode {
  return p.modeChange ? p.modeChange.to : p.initialMode;
}

/** Devices that go silent stop reporting days before now; everyone else reports minutes before now. */
export function reportsToTheEnd(p: DevicePlan, days: number): boolean {
  return p.lastDay === days - 1;
}

/** The fixed first devices: every case the seed rule must tell apart, whatever the seed. */
type Archetype = 'normal' | 'passive' | 'goes-passive' | 'edr-block' | 'passive-silent' | 'leaves-passive';
const ARCHETYPES: readonly Archetype[] = ['normal', 'passive', 'goes-passive', 'edr-block', 'passive-silent', 'leaves-passive'];

function archetype(rnd: Random, index: number): Archetype {
  if (index < ARCHETYPES.length) return ARCHETYPES[index]!;
  return rnd.weighted<Archetype>([
    ['normal', 74], ['passive', 9], ['goes-passive', 6], ['edr-block', 6], ['passive-silent', 2], ['leaves-passive', 3],
  ]);
}

export function planFleet(options: FleetOptions): DevicePlan[] {
  const root = new Random(options.seed);
  const counters = new Map<string, number>();
  const plans: DevicePlan[] = [];
  for (let index = 0; index < options.devices; index++) {
    const rnd = root.derive(index);
    plans.push(planDevice(rnd, index, options.days, counters));
  }
  return plans;
}

function planDevice(rnd: Random, index: number, days: number, counters: Map<string, number>): DevicePlan {
  const kind = archetype(rnd, index);
  const server = rnd.chance(0.3);
  const os = rnd.weighted(server ? SERVERS : WORKSTATIONS);
  const role: ServerRole | 'PC' = server ? rnd.pick(SERVER_ROLES) : 'PC';
  const prefix = server ? `SRV-${role}` : rnd.chance(0.6) ? 'LT' : 'PC';
  const n = (counters.get(prefix) ?? 0) + 1;
  counters.set(prefix, n);
  const hostName = `${prefix}${String(n).padStart(server ? 2 : 4, '0')}`;
  const changeDay = () => Math.max(1, Math.min(days - 1, rnd.int(Math.floor(days * 0.2), Math.max(1, days - 2))));
  const other = rnd.pick(OTHER_ANTIVIRUS);

  let initialMode: RunningMode = 'Normal';
  let modeChange: DevicePlan['modeChange'];
  let otherAntivirus: Software | undefined;
  switch (kind) {
    case 'passive': case 'passive-silent':
      initialMode = 'Passive Mode'; otherAntivirus = other; break;
    case 'goes-passive':
      if (days > 1) modeChange = { day: changeDay(), to: 'Passive Mode', product: other };
      else { initialMode = 'Passive Mode'; otherAntivirus = other; }
      break;
    case 'edr-block':
      initialMode = 'EDR Block Mode'; otherAntivirus = other; break;
    case 'leaves-passive':
      // the other product is removed and Defender takes over again: passive in the past, Normal now
      initialMode = 'Passive Mode'; otherAntivirus = other;
      if (days > 1) modeChange = { day: changeDay(), to: 'Normal', product: other };
      break;
    case 'normal': break;
  }

  const silent = kind === 'passive-silent' || (kind === 'normal' && rnd.chance(0.05));
  const lastDay = silent && days > 1 ? rnd.int(Math.max(0, days - 12), days - 2) : days - 1;
  // a few machines join during the period; the fixed first devices are there from the start
  const firstDay = index >= ARCHETYPES.length && rnd.chance(0.1) ? rnd.int(0, Math.min(lastDay, Math.floor(days / 2))) : 0;
  const updates = rnd.weighted<UpdateHabit>([['fresh', 80], ['flaky', 13], ['stale', 7]]);
  return {
    index,
    hostName,
    fqdn: `${hostName}.${DOMAIN}`,
    os,
    role,
    user: rnd.pick(USERS),
    virtual: server ? rnd.chance(0.85) : rnd.chance(0.1),
    initialMode,
    modeChange: modeChange && modeChange.day > firstDay && modeChange.day <= lastDay ? modeChange : undefined,
    otherAntivirus,
    updates,
    staleDays: updates === 'stale' ? rnd.int(20, 120) : 0,
    tamperProtected: !server && rnd.chance(0.7),
    rtpOffFrom: rnd.chance(0.04) ? rnd.int(firstDay, lastDay) : undefined,
    firstDay,
    lastDay,
    detectionRate: server ? 0.01 : 0.04,
  };
}
