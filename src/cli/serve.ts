/** `picket serve`: the HTTP API on one port, over the database file. */
import { parseArgs, stringFlag, UsageError } from './args.js';
import { Store } from '../store/duckdb.js';
import { buildServer } from '../server/app.js';

export const DEFAULT_DB = 'data/picket.duckdb';

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, new Set());
  const db = stringFlag(args, 'db') ?? DEFAULT_DB;
  const host = stringFlag(args, 'host') ?? '127.0.0.1';
  const port = Number(stringFlag(args, 'port') ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number (0 picks a free one)');
  const store = await Store.open({ path: db, memoryLimit: stringFlag(args, 'memory-limit') });
  const { app, newAdminToken } = await buildServer({ store, adminToken: process.env.PICKET_ADMIN_TOKEN, logger: { level: process.env.PICKET_LOG_LEVEL ?? 'info' } });
  const address = await app.listen({ host, port });
  process.stdout.write(`Picket is listening on ${address} (database ${db})\n`);
  if (newAdminToken) {
    process.stdout.write(`\nAdmin token, shown once (keep it; set PICKET_ADMIN_TOKEN to choose your own):\n  ${newAdminToken}\n\n`);
  }
  await new Promise<void>(resolve => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await app.close();
  store.close();
  return 0;
}
