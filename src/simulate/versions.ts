/**
 * Defender's versions over time, the same for the whole fleet: security intelligence is released about every
 * eight hours (1.MINOR.BUILD.0, the minor moving on about once a month), the engine (1.1.YYMM0.N) and the
 * platform (4.18.YYMM0.N) monthly. A device's versions are those of its last successful update.
 */
import type { Versions } from './events.js';

const EPOCH = Date.UTC(2020, 0, 1);
const RELEASE_MS = 8 * 3_600_000;
const PER_MINOR = 90;
const DAY_MS = 86_400_000;

/** The index of the security intelligence release current at `ms`. */
export function releaseAt(ms: number): number {
  return Math.max(0, Math.floor((ms - EPOCH) / RELEASE_MS));
}

/** When a release was built (its "creation time" in the health report). */
export function releaseCreated(release: number): number {
  return EPOCH + release * RELEASE_MS - 40 * 60_000;
}

export function signatureVersion(release: number): string {
  const minor = 321 + Math.floor(release / PER_MINOR);
  return `1.${minor}.${(release % PER_MINOR) * 11 + 7 + (minor % 5)}.0`;
}

/** YYMM0 of the month `lagDays` before `ms`, as engine and platform versions carry it. */
function monthTag(ms: number, lagDays: number): { tag: string; month: number } {
  const d = new Date(ms - lagDays * DAY_MS);
  const yy = d.getUTCFullYear() % 100;
  return { tag: `${yy}${String(d.getUTCMonth() + 1).padStart(2, '0')}0`, month: d.getUTCFullYear() * 12 + d.getUTCMonth() };
}

export function versionsOfRelease(release: number): Versions {
  const created = releaseCreated(release);
  const engine = monthTag(created, 35);
  const platform = monthTag(created, 50);
  return {
    signature: signatureVersion(release),
    engine: `1.1.${engine.tag}.${1 + (engine.month % 6)}`,
    platform: `4.18.${platform.tag}.${1 + (platform.month % 9)}`,
  };
}
