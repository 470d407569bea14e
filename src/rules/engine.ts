/**
 * The detection engine as the server holds it: rule store with the built-in pack synced from rules/builtin, the
 * alert store with its sinks, the service that runs rules, and the scheduler (started by the caller).
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Store } from '../store/duckdb.js';
import type { Mutex } from '../server/overload.js';
import { AlertStore, type AlertStoreOptions } from '../alerts/store.js';
import { RuleStore } from './store.js';
import { RuleService } from './service.js';
import { Scheduler, type SchedulerOptions } from './scheduler.js';
import { BUILTIN_DIR, loadPack } from './files.js';

export interface EngineOptions extends AlertStoreOptions {
  /** Directory of the built-in pack (default rules/builtin); null loads none. */
  builtinDir?: string | null;
  scheduler?: SchedulerOptions;
  limits?: { timeoutMs: number; maxRows: number };
}

export interface RuleEngine { service: RuleService; scheduler: Scheduler; close(): Promise<void> }

export async function openRuleEngine(store: Store, writeConn: DuckDBConnection, writes: Mutex, options: EngineOptions = {}): Promise<RuleEngine> {
  const read = await store.instance.connect();
  const alerts = await AlertStore.open(store, writeConn, writes, options);
  const rules = new RuleStore(writeConn, read, writes);
  if (options.builtinDir !== null) {
    const pack = loadPack(options.builtinDir ?? BUILTIN_DIR);
    // a broken built-in file is a packaging bug: refuse to start rather than run without the rule
    if (pack.problems.length) throw new Error(`built-in rule pack: ${pack.problems.map(p => `${p.path}: ${p.field}: ${p.message}`).join('; ')}`);
    await rules.syncBuiltins(pack.files.map(f => f.rule));
  }
  const service = new RuleService(store, rules, alerts, options.limits);
  const scheduler = new Scheduler(service, read, options.scheduler);
  return {
    service, scheduler,
    async close() { await scheduler.stop(); alerts.close(); read.closeSync(); },
  };
}
