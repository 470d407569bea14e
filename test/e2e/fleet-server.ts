/**
 * A real Picket server on loopback over a simulated fleet, with an analyst account, for browser tests and the
 * console benchmark. The console is the production build in dist/console (npm run build makes it).
 */
import { existsSync } from 'node:fs';
import { Store } from '../../src/store/duckdb.js';
import { buildServer } from '../../src/server/app.js';
import { defaultConsoleRoot } from '../../src/server/console-files.js';
import { simulate, passiveNow, type SimulationResult } from '../../src/simulate/run.js';
import { StoreSink } from '../../src/simulate/store-sink.js';

export const ADMIN = { username: 'ada', password: 'e2e correct horse battery staple' };

export interface FleetServer { url: string; fleet: SimulationResult; passive: string[]; close(): Promise<void> }

export async function startFleetServer(options: { devices?: number; days?: number; seed?: number } = {}): Promise<FleetServer> {
  if (!existsSync(`${defaultConsoleRoot()}/index.html`)) throw new Error('dist/console is missing: run `npm run build` first');
  const store = await Store.open();
  const sink = await StoreSink.open(store, 8);
  const fleet = await simulate(sink, { devices: options.devices ?? 60, days: options.days ?? 3, seed: options.seed ?? 3 });
  await sink.close();
  const { app, context } = await buildServer({ store, logger: false });
  await context.accounts.users.create({ username: ADMIN.username, role: 'admin', password: ADMIN.password, displayName: 'Ada Analyst' });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url, fleet, passive: passiveNow(fleet).map(d => d.deviceName),
    close: async () => { await app.close(); store.close(); },
  };
}
