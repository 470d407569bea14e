/** `picket serve`: the HTTP API on one port, over the database file; HTTPS with --tls-cert/--tls-key. */
import { readFileSync } from 'node:fs';
import { parseArgs, stringFlag, UsageError } from './args.js';
import { Store } from '../store/duckdb.js';
import { buildServer } from '../server/app.js';
import { oidcConfigFromEnv } from '../accounts/oidc.js';

export const DEFAULT_DB = 'data/picket.duckdb';
const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, new Set(['allow-plain-http']));
  const db = stringFlag(args, 'db') ?? DEFAULT_DB;
  const host = stringFlag(args, 'host') ?? '127.0.0.1';
  const port = Number(stringFlag(args, 'port') ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number (0 picks a free one)');
  const certFile = stringFlag(args, 'tls-cert'), keyFile = stringFlag(args, 'tls-key');
  if (!certFile !== !keyFile) throw new UsageError('--tls-cert and --tls-key go together');
  const trustProxy = stringFlag(args, 'trust-proxy');
  // a session cookie or token over plain HTTP on a network can be read by anyone on the path
  if (!LOOPBACK.has(host) && !certFile && !trustProxy && !args.flags.has('allow-plain-http')) {
    throw new UsageError(`listening on ${host} without TLS: give --tls-cert and --tls-key, or put a TLS reverse proxy in front and name it with --trust-proxy ADDRESS (docs/security.md); --allow-plain-http overrides`);
  }
  const adminToken = process.env.PICKET_ADMIN_TOKEN || undefined;
  if (adminToken && adminToken.length < 16) throw new UsageError('PICKET_ADMIN_TOKEN must have at least 16 characters (openssl rand -base64 32)');
  const publicUrl = stringFlag(args, 'public-url') ?? process.env.PICKET_PUBLIC_URL;
  const oidc = oidcConfigFromEnv(process.env, publicUrl);
  const tls = certFile && keyFile ? { cert: readFileSync(certFile), key: readFileSync(keyFile) } : undefined;
  const store = await Store.open({ path: db, memoryLimit: stringFlag(args, 'memory-limit') });
  const { app, setupToken } = await buildServer({
    store, adminToken, tls, publicUrl, oidc,
    trustProxy: trustProxy === undefined ? undefined : trustProxy.split(',').map(s => s.trim()),
    logger: { level: process.env.PICKET_LOG_LEVEL ?? 'info' },
  });
  const address = await app.listen({ host, port });
  process.stdout.write(`Picket is listening on ${address} (database ${db})\n`);
  if (setupToken) {
    process.stdout.write(`\nNo user accounts yet. Create the first admin with this one-time setup token (valid until used or until restart):\n  ${setupToken}\n`
      + `in the console, or: curl -X POST ${address}/api/v1/auth/setup -H 'content-type: application/json' -d '{"setupToken":"…","username":"…","password":"…"}'\n`
      + `or stop the server and run: picket admin create-user --username NAME --role admin\n\n`);
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
