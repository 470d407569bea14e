/**
 * `picket demo`: a simulated Defender fleet in an in-memory database, sent through the real ingest pipeline; the
 * HTTP API serving it on loopback; and an interactive KQL prompt over the same data.
 */
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { numberFlag, parseArgs, stringFlag, UsageError } from './args.js';
import { Store } from '../store/duckdb.js';
import { runKql } from '../kql/run.js';
import { KqlError } from '../kql/errors.js';
import { formatTable } from './format.js';
import { simulate, passiveNow } from '../simulate/run.js';
import { StoreSink } from '../simulate/store-sink.js';
import { buildServer } from '../server/app.js';
import { summary } from './simulate.js';
import { SEED_QUERY } from '../demo/seed-query.js';

const EXAMPLES = [
  'DeviceInfo | summarize arg_max(Timestamp, *) by DeviceId | summarize count() by OSPlatform',
  'DeviceEvents | where ActionType startswith "Antivirus" | summarize count() by ActionType',
  'DeviceTvmSecureConfigurationAssessment | where ConfigurationId == "scid-2011" | project DeviceName, IsCompliant, Context',
];

function banner(devices: number, passive: number): string {
  return `Picket demo: KQL over a sample fleet of ${devices} devices (${passive} with Defender Antivirus in passive mode).
Tables with data: DeviceInfo, DeviceEvents, DeviceTvmSecureConfigurationAssessment, DeviceTvmSoftwareInventory,
MpComputerStatus, WindowsEvent, and the alerts the built-in rules raise (AlertInfo, AlertEvidence).
End a query with an empty line or ';;'. '.quit' or end of input leaves.

Examples:
${EXAMPLES.map(e => `  ${e}`).join('\n')}

The seed detection rule, devices in passive mode:
${SEED_QUERY.split('\n').map(l => `  ${l}`).join('\n')}

`;
}

/** The query text with the error's span marked under the line where it starts. */
export function markError(kql: string, err: KqlError): string {
  const { offset, length } = err.span;
  const lines = kql.split('\n');
  let start = 0;
  let row = 0;
  while (row < lines.length - 1 && start + lines[row].length < offset) start += lines[row++].length + 1;
  const line = lines[row] ?? '';
  const col = Math.max(0, Math.min(offset - start, line.length));
  const width = Math.max(1, Math.min(length, line.length - col));
  const where = `line ${row + 1}, column ${col + 1}`;
  return `${line}\n${' '.repeat(col)}${'^'.repeat(width)}\nerror ${err.code} at ${where}: ${err.message}\n`;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, new Set(['no-server']));
  const seed = numberFlag(args, 'seed', 1);
  const devices = numberFlag(args, 'devices', 200);
  const days = numberFlag(args, 'days', 3);
  const port = Number(stringFlag(args, 'port') ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number (0 picks a free one)');
  const interactive = Boolean(process.stdin.isTTY);
  // without a terminal, everything but query results goes to stderr, so piped output holds only results
  const say = (text: string) => (interactive ? process.stdout : process.stderr).write(text);
  const store = await Store.open();
  say(`Simulating a fleet of ${devices} devices over ${days} days (seed ${seed}), through the ingest pipeline…\n`);
  const sink = await StoreSink.open(store, 16);
  const fleet = await simulate(sink, { devices, days, seed });
  await sink.close();
  say(summary(fleet, 'an in-memory database'));
  const server = args.flags.has('no-server') ? null : await startServer(store, port);
  if (server) say(server.banner);
  const conn = await store.queryConnection();
  let failures = 0;
  try {
    say(banner(fleet.devices.length, passiveNow(fleet).length));
    const run = async (kql: string) => {
      try {
        process.stdout.write(formatTable(await runKql(conn, kql)));
      } catch (err) {
        failures++;
        if (err instanceof KqlError) process.stdout.write(markError(kql, err));
        else process.stdout.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    };
    const rl = createInterface({ input: process.stdin, output: interactive ? process.stdout : undefined, terminal: interactive });
    const prompt = (more: boolean) => { if (interactive) { rl.setPrompt(more ? '...> ' : 'kql> '); rl.prompt(); } };
    let buffer: string[] = [];
    prompt(false);
    for await (const line of rl) {
      if (!buffer.length && /^\s*\.(quit|exit)\s*$/.test(line)) break;
      const end = line.trimEnd().endsWith(';;');
      if (end) buffer.push(line.trimEnd().slice(0, -2));
      else if (line.trim()) buffer.push(line);
      if ((end || !line.trim()) && buffer.join('').trim()) {
        await run(buffer.join('\n'));
        buffer = [];
      }
      prompt(buffer.length > 0);
    }
    if (buffer.join('').trim()) await run(buffer.join('\n'));
    rl.close();
    return interactive || !failures ? 0 : 1;
  } finally {
    conn.closeSync();
    await server?.close();
    store.close();
  }
}

/** The API on loopback, with a demo administrator whose password is made up now and printed once. */
async function startServer(store: Store, port: number): Promise<{ banner: string; close(): Promise<void> }> {
  const password = randomBytes(12).toString('base64url');
  const { app, context } = await buildServer({ store, logger: false });
  await context.accounts.users.create({ username: 'demo', role: 'admin', password });
  const address = await app.listen({ host: '127.0.0.1', port });
  const banner = `
Picket is serving this fleet at ${address}
  Open ${address} in a browser and sign in:
    user: demo    password: ${password}    (an administrator; this in-memory demo forgets everything on exit)
  The same HTTP API answers scripts under ${address}/api/v1 (docs in README.md).

`;
  return { banner, close: () => app.close() };
}
