/** `picket demo`: an interactive KQL prompt over an in-memory sample fleet (until the server exists). */
import { createInterface } from 'node:readline';
import { numberFlag, parseArgs } from './args.js';
import { Store } from '../store/duckdb.js';
import { runKql } from '../kql/run.js';
import { KqlError } from '../kql/errors.js';
import { formatTable } from './format.js';
import { loadSampleFleet } from '../demo/sample-fleet.js';
import { SEED_QUERY } from '../demo/seed-query.js';

const EXAMPLES = [
  'DeviceInfo | summarize arg_max(Timestamp, *) by DeviceId | summarize count() by OSPlatform',
  'DeviceEvents | where ActionType startswith "Antivirus" | summarize count() by ActionType',
  'DeviceTvmSecureConfigurationAssessment | where ConfigurationId == "scid-2011" | project DeviceName, IsCompliant, Context',
];

function banner(devices: number, passive: number): string {
  return `Picket demo: KQL over a sample fleet of ${devices} devices (${passive} with Defender Antivirus in passive mode).
Tables with data: DeviceInfo, DeviceTvmSecureConfigurationAssessment, DeviceEvents (every other hunting table is empty).
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
  const args = parseArgs(argv, new Set());
  const seed = numberFlag(args, 'seed', 1);
  const interactive = Boolean(process.stdin.isTTY);
  const store = await Store.open();
  const conn = await store.queryConnection();
  let failures = 0;
  try {
    const devices = await loadSampleFleet(conn, { seed });
    // without a terminal the banner goes to stderr, so piped output holds only results
    (interactive ? process.stdout : process.stderr).write(banner(devices.length, devices.filter(d => d.avMode === 'Passive').length));
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
    store.close();
  }
}
