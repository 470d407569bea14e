/**
 * Ingest: turns a device's batch (Event XML, Get-WinEvent JSON, status reports, threats, software, OS facts)
 * into hunting-table rows and stores them exactly once. Events are keyed by device, channel, EventRecordID and the
 * second they were written; reports by their ReportId. One bad record is reported back and never sinks the batch.
 */
import { createHash } from 'node:crypto';
import type { Static } from 'typebox';
import type { Writer, WriteItem } from '../store/writer.js';
import { GroupCommit } from '../store/group-commit.js';
import type { ColumnBatch } from '../store/column-batch.js';
import { PreparePool } from './prepare-pool.js';
import type { Registry } from '../devices/registry.js';
import type { Mutex } from '../server/overload.js';
import type { IngestBody } from '../server/routes/ingest.js';
import type { RawEvent, Rejection, TableRows } from './model.js';
import { eventItem } from './event-item.js';
import { normaliseStatus } from './normalise/status.js';
import { normaliseThreats } from './normalise/threats.js';
import { normaliseSoftware } from './normalise/software.js';
import { normaliseOsFacts, osFields } from './normalise/os.js';
import { FieldReader, isRecord } from './normalise/values.js';

export type IngestBatch = Static<typeof IngestBody>;
export interface DeviceRef { deviceId: string; deviceName: string }

export interface IngestResult {
  accepted: { events: number; reports: number };
  duplicates: number;
  rejected: (Rejection & { section: string })[];
}

export { eventItem, eventKey } from './event-item.js';

/**
 * The item of one report section. Its key is the report's own id; a section without one (the software list) is
 * keyed by its content and the run that sent it, so a resent body adds nothing, while a later run's list is
 * stored even when it equals an earlier one (the inventory is replaced by each report: A, B, then A again is A).
 */
function reportItem(prefix: string, device: DeviceRef, rows: TableRows, run: string): WriteItem | null {
  const all = Object.values(rows).flat();
  if (!all.length) return null;
  const id = all.find(r => r.ReportId !== undefined && r.ReportId !== null)?.ReportId;
  const reportId = id !== undefined ? String(id) : createHash('sha256').update(run).update(JSON.stringify(all)).digest('base64url');
  return { key: `${prefix}|${device.deviceId}|${reportId}`, rows };
}

/** What tells one run of a sender from another: the parts of a batch made afresh each run (a resent body repeats them). */
function runIdentity(batch: IngestBatch): string {
  return JSON.stringify([batch.status ?? null, batch.os ?? null, (batch.agent as { runAt?: unknown } | undefined)?.runAt ?? null]);
}

export interface ImportResult { events: number; stored: number; duplicates: number; devices: number; rejected: Rejection[] }

/** The ingest workers, one set per process, started with the first large batch (see prepare-pool.ts). */
let sharedPool: PreparePool | undefined;

export class IngestService {
  private readonly group: GroupCommit;
  /** Called after a batch added something: continuous detection rules run on it (see the rule scheduler). */
  onCommitted?: () => void;

  constructor(private readonly writer: Writer, private readonly registry: Registry, private readonly writes: Mutex,
    private readonly pool: PreparePool = sharedPool ??= new PreparePool([...writer.tables.values()])) {
    this.group = new GroupCommit(writer, writes);
  }

  /**
   * Stores events read from files or a collector, each under the device named in its Computer field
   * (a device is created on first sight). Writes in slices so memory stays bounded.
   */
  async importEvents(events: RawEvent[], slice = 2000): Promise<ImportResult> {
    const devices = new Map<string, DeviceRef>();
    const result: ImportResult = { events: events.length, stored: 0, duplicates: 0, devices: 0, rejected: [] };
    for (let start = 0; start < events.length; start += slice) {
      const batch = this.writer.builder();
      for (const [offset, ev] of events.slice(start, start + slice).entries()) {
        const name = ev.computer.trim() || 'unknown';
        let device = devices.get(name.toLowerCase());
        if (!device) {
          device = await this.writes.run(() => this.registry.deviceByName(name));
          devices.set(name.toLowerCase(), device);
        }
        const { item, rejection } = eventItem(device, ev);
        if (rejection) result.rejected.push({ index: start + offset, reason: rejection });
        batch.add(item.key, item.rows);
      }
      const [written] = await this.group.write(batch.build());
      result.stored += written.stored;
      result.duplicates += written.duplicates + batch.repeats;
    }
    result.devices = devices.size;
    return result;
  }

  async ingest(device: DeviceRef, batch: IngestBatch, receivedAt: string): Promise<IngestResult> {
    // events, the bulk of a batch, are read and normalised on an ingest worker (see prepare-pool.ts)
    const events = await this.pool.prepare(device, { events: batch.events, winEvents: batch.winEvents });
    const rejected: IngestResult['rejected'] = events.rejected;
    const reject = (section: string) => (r: Rejection) => rejected.push({ section, ...r });
    const reports = this.writer.builder();

    // the agent sends OS facts beside the status: they give the status row and the inventory the device's OS
    const os = isRecord(batch.os) ? osFields(batch.os, new FieldReader(0, [])) : undefined;
    const withOs = os ? { ...device, osPlatform: String(os.OSPlatform), osVersion: String(os.OSVersion), osArchitecture: String(os.OSArchitecture) } : device;
    const sections: [string, () => { rows: TableRows; rejections: Rejection[] }][] = [];
    if (batch.status) sections.push(['status', () => normaliseStatus(batch.status, withOs, receivedAt, os)]);
    // Detections normally arrive as Defender events (1116/1117); the cmdlets' view becomes DeviceEvents rows only
    // when the device says it sends no event log, so one detection is never counted twice.
    if (batch.threatDetections || batch.threats) {
      sections.push(['threats', () => normaliseThreats(batch.threatDetections ?? [], batch.threats ?? [], device, { asDeviceEvents: batch.threatsAsEvents === true })]);
    }
    if (batch.software) sections.push(['software', () => normaliseSoftware(batch.software ?? [], withOs, receivedAt)]);
    if (batch.os) sections.push(['os', () => normaliseOsFacts(batch.os, device, receivedAt)]);
    const runId = sections.length ? runIdentity(batch) : '';
    for (const [section, run] of sections) {
      const { rows, rejections } = run();
      rejections.forEach(reject(section));
      const item = reportItem(section, device, rows, runId);
      if (item) reports.add(item.key, item.rows);
    }

    const batches: ColumnBatch[] = [events.batch];
    if (reports.size) batches.push(reports.build());
    const [ev, rep] = await this.group.write(...batches);
    this.registry.seen(device.deviceId, batch.agentVersion);
    if (ev.stored || rep?.stored) this.onCommitted?.();
    return {
      accepted: { events: ev.stored, reports: rep?.stored ?? 0 },
      duplicates: ev.duplicates + events.repeats + (rep?.duplicates ?? 0) + reports.repeats,
      rejected,
    };
  }
}
