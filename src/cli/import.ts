/** `picket import`: .evtx, Event XML, Get-WinEvent JSON and evtx_dump JSON files into the store, devices by computer name. */
import { parseArgs, stringFlag, UsageError } from './args.js';
import { Store } from '../store/duckdb.js';
import { Writer } from '../store/writer.js';
import { Registry } from '../devices/registry.js';
import { IngestService } from '../ingest/service.js';
import { Mutex } from '../server/overload.js';
import { readTelemetryFile } from '../ingest/files.js';
import { DEFAULT_DB } from './serve.js';

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, new Set());
  if (!args.positionals.length) throw new UsageError('give one or more files to import');
  const store = await Store.open({ path: stringFlag(args, 'db') ?? DEFAULT_DB });
  const conn = await store.instance.connect();
  const service = new IngestService(new Writer(conn), new Registry(conn), new Mutex());
  let failed = false;
  try {
    for (const path of args.positionals) {
      let read;
      try {
        read = readTelemetryFile(path);
      } catch (err) {
        process.stderr.write(`${path}: cannot read: ${err instanceof Error ? err.message : String(err)}\n`);
        failed = true;
        continue;
      }
      const r = await service.importEvents(read.events);
      const rejected = [...read.rejections, ...r.rejected];
      process.stdout.write(`${path}: ${read.kind ?? 'unknown format'}, ${read.events.length} events read, ${r.stored} stored, ${r.duplicates} already there, ${rejected.length} rejected, ${r.devices} device(s)\n`);
      for (const x of rejected.slice(0, 20)) process.stdout.write(`  rejected #${x.index}${x.field ? ` (${x.field})` : ''}: ${x.reason}\n`);
      if (rejected.length > 20) process.stdout.write(`  … and ${rejected.length - 20} more\n`);
      if (!read.kind) failed = true;
    }
  } finally {
    conn.closeSync();
    store.close();
  }
  return failed ? 1 : 0;
}
