/**
 * The direct sink: enrols devices through the registry (with an enrolment key it creates) and hands each report
 * to IngestService, the same pipeline the HTTP route runs, with the report's own time as the time received.
 * Several devices send at once; their batches meet in the service's group commit, as they do on the server.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Store } from '../store/duckdb.js';
import { Registry } from '../devices/registry.js';
import { Writer } from '../store/writer.js';
import { IngestService } from '../ingest/service.js';
import { Mutex } from '../server/overload.js';
import { enrolmentName, type EnrolledDevice, type SendResult, type Sink } from './sink.js';
import type { DevicePlan } from './fleet.js';
import type { Report } from './device.js';

export class StoreSink implements Sink {
  private constructor(private readonly conn: DuckDBConnection, private readonly registry: Registry,
    private readonly writes: Mutex, private readonly ingest: IngestService, private readonly secret: string,
    readonly concurrency: number) {}

  /** `concurrency`: how many devices send at once (their batches share transactions). */
  static async open(store: Store, concurrency = 1): Promise<StoreSink> {
    const conn = await store.instance.connect();
    const registry = new Registry(conn);
    const writes = new Mutex();
    const { secret } = await writes.run(() => registry.createEnrollmentKey(`picket simulate ${new Date().toISOString()}`));
    const ingest = new IngestService(new Writer(conn), registry, writes);
    return new StoreSink(conn, registry, writes, ingest, secret, Math.max(1, concurrency));
  }

  async enroll(plan: DevicePlan, agentVersion: string): Promise<EnrolledDevice> {
    const { device, token } = await this.writes.run(() =>
      this.registry.enroll(this.secret, enrolmentName(plan), { osPlatform: plan.os.platform, agentVersion }));
    return { deviceId: device.deviceId, deviceName: device.deviceName, token };
  }

  async send(device: EnrolledDevice, report: Report): Promise<SendResult> {
    const r = await this.ingest.ingest(device, report.batch, new Date(report.at).toISOString());
    return { events: r.accepted.events, reports: r.accepted.reports, duplicates: r.duplicates, rejected: r.rejected.length };
  }

  release(_device: EnrolledDevice): void {}

  async close(): Promise<void> {
    await this.writes.run(() => this.registry.flushSeen());
    this.conn.closeSync();
  }
}
