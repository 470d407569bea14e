/**
 * Ingest workers: event batches are read and normalised (prepare.ts) on worker threads while the main thread
 * serves HTTP and appends to DuckDB, so that a machine's cores share the work; the main thread receives columns,
 * not thousands of row objects (less to copy, less garbage on the heap that serves requests). Small batches are
 * prepared inline: for a few events the trip to a worker costs more than it saves. A worker that dies fails its
 * own batches only (the request errs, the agent retries) and is replaced.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { TableDef } from '../kql/analyzer/schema.js';
import type { DeviceRef } from './normalise/defender-events.js';
import { prepareEvents, type EventSections, type PreparedEvents } from './prepare.js';

/** Below this many events a batch is prepared on the calling thread. */
const INLINE_BELOW = 64;

export interface PoolOptions {
  /** Worker threads; 0 prepares everything inline. Default: the machine's cores less one, at least 1, at most 4. */
  threads?: number;
  inlineBelow?: number;
}

type Reply = { id: number; result: PreparedEvents } | { id: number; error: string };
interface Task { resolve(r: PreparedEvents): void; reject(e: Error): void }

/** One worker thread and the tasks it has been given. */
class Lane {
  readonly tasks = new Map<number, Task>();
  private worker: Worker | undefined;

  constructor(private readonly tables: TableDef[]) {}

  get load(): number {
    return this.tasks.size;
  }

  run(id: number, message: unknown, task: Task): void {
    const worker = this.worker ??= this.start();
    this.tasks.set(id, task);
    // a worker with work keeps the process alive (a CLI import waits for it); an idle one does not
    worker.ref();
    worker.postMessage(message);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private start(): Worker {
    const worker = import.meta.url.endsWith('.ts')
      // run from source (tests, benchmarks under tsx): the worker registers tsx before loading its .ts module,
      // since loader hooks of the main thread do not reach workers
      ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(t => { t.register(); return import(${JSON.stringify(new URL('./prepare-worker.ts', import.meta.url).href)}); })`,
        { eval: true, workerData: { tables: this.tables } })
      : new Worker(new URL('./prepare-worker.js', import.meta.url), { workerData: { tables: this.tables } });
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const task = this.tasks.get(reply.id);
      this.tasks.delete(reply.id);
      if (!this.tasks.size) worker.unref();
      if (!task) return;
      if ('error' in reply) task.reject(new Error(`ingest worker: ${reply.error}`));
      else task.resolve(reply.result);
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const task of this.tasks.values()) task.reject(err);
      this.tasks.clear();
    };
    worker.on('error', fail);
    worker.on('exit', code => fail(new Error(`ingest worker stopped (exit code ${code})`)));
    return worker;
  }
}

export class PreparePool {
  private readonly lanes: Lane[];
  private readonly inlineBelow: number;
  private readonly tableMap: ReadonlyMap<string, TableDef>;
  private next = 0;

  constructor(tables: TableDef[], options: PoolOptions = {}) {
    const threads = options.threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    this.lanes = Array.from({ length: threads }, () => new Lane(tables));
    this.inlineBelow = options.inlineBelow ?? INLINE_BELOW;
    this.tableMap = new Map(tables.map(t => [t.name, t]));
  }

  /** Reads and normalises a device's event sections, on the least busy worker (or inline when small). */
  prepare(device: DeviceRef, sections: EventSections): Promise<PreparedEvents> {
    const count = (sections.events?.length ?? 0) + (sections.winEvents?.length ?? 0);
    if (!this.lanes.length || count < this.inlineBelow) {
      try {
        return Promise.resolve(prepareEvents(device, sections, this.tableMap));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    const lane = this.lanes.reduce((a, b) => (b.load < a.load ? b : a));
    const id = this.next++;
    return new Promise((resolve, reject) => lane.run(id, { id, device: { deviceId: device.deviceId, deviceName: device.deviceName }, sections }, { resolve, reject }));
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map(l => l.close()));
  }
}
