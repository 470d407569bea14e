/** An ingest worker thread (see prepare-pool.ts): prepares the event batches it is sent, one at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import type { TableDef } from '../kql/analyzer/schema.js';
import { prepareEvents } from './prepare.js';

const tables = new Map((workerData as { tables: TableDef[] }).tables.map(t => [t.name, t]));

parentPort!.on('message', (task: { id: number; device: { deviceId: string; deviceName: string }; sections: { events?: unknown[]; winEvents?: unknown[] } }) => {
  try {
    parentPort!.postMessage({ id: task.id, result: prepareEvents(task.device, task.sections, tables) });
  } catch (err) {
    parentPort!.postMessage({ id: task.id, error: err instanceof Error ? err.message : String(err) });
  }
});
