/** `picket admin …`: administration on the database file (while the server is stopped, or through its API). */
import { numberFlag, parseArgs, stringFlag, UsageError } from './args.js';
import { Store } from '../store/duckdb.js';
import { Registry } from '../devices/registry.js';
import { DEFAULT_DB } from './serve.js';

const USAGE = `Usage:
  picket admin enrollment-key create --name NAME [--expires-days N] [--max-uses N] [--db FILE]
  picket admin enrollment-key list [--db FILE]
  picket admin enrollment-key revoke ID [--db FILE]
  picket admin devices [--db FILE]`;

export async function main(argv: string[]): Promise<number> {
  const [area, action, ...rest] = argv;
  const args = parseArgs(rest, new Set());
  if (!area || area === 'help' || area === '--help') { process.stdout.write(USAGE + '\n'); return 0; }
  const store = await Store.open({ path: stringFlag(args, 'db') ?? DEFAULT_DB });
  const conn = await store.instance.connect();
  const registry = new Registry(conn);
  try {
    if (area === 'enrollment-key' && action === 'create') {
      const name = stringFlag(args, 'name');
      if (!name) throw new UsageError('enrollment-key create needs --name');
      const days = args.flags.has('expires-days') ? numberFlag(args, 'expires-days', 0) : undefined;
      const maxUses = args.flags.has('max-uses') ? numberFlag(args, 'max-uses', 0) : undefined;
      const { key, secret } = await registry.createEnrollmentKey(name, { expiresAt: days ? new Date(Date.now() + days * 86_400_000) : undefined, maxUses });
      process.stdout.write(`Enrolment key ${key.id} (${key.name}) created${key.expiresAt ? `, expires ${key.expiresAt}` : ''}.\nSecret, shown once:\n  ${secret}\n`);
      return 0;
    }
    if (area === 'enrollment-key' && action === 'list') {
      for (const k of await registry.listEnrollmentKeys()) {
        process.stdout.write(`${k.id}  ${k.name}  uses ${k.uses}${k.maxUses ? `/${k.maxUses}` : ''}  ${k.revokedAt ? 'revoked' : k.expiresAt ? `expires ${k.expiresAt}` : 'no expiry'}\n`);
      }
      return 0;
    }
    if (area === 'enrollment-key' && action === 'revoke') {
      const id = args.positionals[0];
      if (!id) throw new UsageError('enrollment-key revoke needs the key id');
      if (!(await registry.revokeEnrollmentKey(id))) { process.stderr.write(`No active enrolment key ${id}.\n`); return 1; }
      process.stdout.write(`Enrolment key ${id} revoked.\n`);
      return 0;
    }
    if (area === 'devices') {
      for (const d of await registry.listDevices()) process.stdout.write(`${d.deviceId}  ${d.deviceName}  last seen ${d.lastSeen ?? 'never'}\n`);
      return 0;
    }
    throw new UsageError(`unknown admin command '${[area, action].filter(Boolean).join(' ')}'\n${USAGE}`);
  } finally {
    conn.closeSync();
    store.close();
  }
}
