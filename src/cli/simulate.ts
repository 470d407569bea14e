/**
 * `picket simulate`: a realistic, reproducible Defender fleet, written straight into a database (--db, through
 * the same ingest pipeline the API runs) or sent to a running server (--url): each device then runs the agent
 * emulator, so the server receives byte for byte what agent/PicketAgent.ps1 sends.
 */
import { writeFileSync } from 'node:fs';
import { numberFlag, parseArgs, stringFlag, UsageError } from './args.js';
import { DEFAULT_DB } from './serve.js';
import { Store } from '../store/duckdb.js';
import { simulate, passiveNow, type SimulationResult } from '../simulate/run.js';
import { StoreSink } from '../simulate/store-sink.js';
import { AgentSink } from '../simulate/agent-sink.js';
import type { Sink } from '../simulate/sink.js';

export const USAGE = `picket simulate [--db FILE | --url URL --enrollment-key KEY [--concurrency N]] --devices N --days D [--seed S] [--manifest FILE]`;

function integer(args: ReturnType<typeof parseArgs>, name: string, fallback: number, max: number): number {
  const n = numberFlag(args, name, fallback);
  if (!Number.isInteger(n) || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  return n;
}

export function summary(r: SimulationResult, target: string): string {
  const byMode = new Map<string, number>();
  for (const d of r.devices) byMode.set(d.runningMode, (byMode.get(d.runningMode) ?? 0) + 1);
  const silent = r.devices.filter(d => !d.reportedWithinHour).length;
  const changed = r.devices.filter(d => d.initialMode).length;
  const rtpOff = r.devices.filter(d => d.reportedWithinHour && !d.realTimeProtection && d.runningMode === 'Normal').length;
  const stale = r.devices.filter(d => d.signatureAgeDays > 7).length;
  const t = r.totals;
  const passive = passiveNow(r);
  const silentPassive = r.devices.filter(d => d.avMode === 'Passive' && !d.reportedWithinHour);
  return [
    `Simulated ${r.devices.length} devices over ${r.days} days (seed ${r.seed}) into ${target} in ${r.seconds.toFixed(1)} s`,
    `  devices by mode: ${[...byMode].map(([m, n]) => `${m} ${n}`).join(', ')}; ${changed} changed mode during the period`,
    `  silent for over an hour: ${silent}; real-time protection off (Normal mode): ${rtpOff}; signatures older than 7 days: ${stale}`,
    `  events: ${t.events}, reports: ${t.reports}, batches: ${t.batches}, detections: ${t.detections}, duplicates: ${t.duplicates}, rejected records: ${t.rejected}`,
    ...(silentPassive.length ? [`  passive but silent (not reported within the hour): ${silentPassive.map(d => d.deviceName).join(', ')}`] : []),
    `Passive mode, reported within the last hour (${passive.length}): ${passive.map(d => d.deviceName).join(', ')}`,
  ].join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, new Set(['quiet']));
  if (args.positionals.length) throw new UsageError(`unexpected argument '${args.positionals[0]}'. Usage: ${USAGE}`);
  const url = stringFlag(args, 'url');
  const db = stringFlag(args, 'db');
  if (url && db) throw new UsageError('give --db or --url, not both');
  const devices = integer(args, 'devices', 50, 1_000_000);
  const days = integer(args, 'days', 7, 3650);
  const seed = integer(args, 'seed', 1, 2 ** 31);
  const manifest = stringFlag(args, 'manifest');
  const quiet = args.flags.get('quiet') === true;

  let sink: Sink;
  let store: Store | undefined;
  let target: string;
  if (url) {
    const key = stringFlag(args, 'enrollment-key') ?? process.env.PICKET_ENROLLMENT_KEY;
    if (!key) throw new UsageError('--url needs --enrollment-key KEY (or PICKET_ENROLLMENT_KEY): create one with POST /api/v1/enrollment-keys');
    if (!/^https?:\/\/[^/]/.test(url)) throw new UsageError(`--url must be an http(s) URL, not '${url}'`);
    sink = new AgentSink(url, key, { concurrency: integer(args, 'concurrency', 4, 64) });
    target = url;
  } else {
    target = db ?? DEFAULT_DB;
    store = await Store.open({ path: target });
    sink = await StoreSink.open(store, 16);
  }
  const progress = quiet || !process.stderr.isTTY ? undefined
    : (done: number, total: number) => process.stderr.write(`\r${done}/${total} devices${done === total ? '\n' : ''}`);
  try {
    const result = await simulate(sink, { devices, days, seed, progress });
    if (manifest) writeFileSync(manifest, JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(summary(result, target));
    return result.totals.rejected ? 1 : 0;
  } finally {
    await sink.close();
    store?.close();
  }
}
