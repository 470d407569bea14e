/** `picket simulate`: arguments, the summary, and a small run into a database file with a manifest. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from './simulate.js';
import { UsageError } from './args.js';

const ENTRY = fileURLToPath(new URL('./entry.ts', import.meta.url));

function cli(args: string[]): { code: number; out: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ENTRY, 'simulate', ...args], { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout + r.stderr };
}

test('usage mistakes are UsageErrors', async () => {
  await assert.rejects(main(['--db', 'a', '--url', 'http://x']), UsageError);
  await assert.rejects(main(['--url', 'http://127.0.0.1:1', '--devices', '2']), /enrollment-key/);
  await assert.rejects(main(['--devices', '2.5']), UsageError);
  await assert.rejects(main(['extra']), UsageError);
});

test('a run into a database file prints what it did, the passive devices last, and writes the manifest', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'picket-simulate-'));
  try {
    const manifest = join(dir, 'fleet.json');
    const { code, out } = cli(['--db', join(dir, 'p.duckdb'), '--devices', '6', '--days', '2', '--seed', '4', '--manifest', manifest]);
    assert.equal(code, 0, out);
    const lines = out.trimEnd().split('\n');
    assert.match(lines[0]!, /^Simulated 6 devices over 2 days \(seed 4\)/);
    assert.match(out, /devices by mode: .*Normal \d+/);
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { devices: { deviceName: string; avMode: string; reportedWithinHour: boolean }[] };
    assert.equal(m.devices.length, 6);
    const passive = m.devices.filter(d => d.avMode === 'Passive' && d.reportedWithinHour).map(d => d.deviceName);
    assert.equal(lines.at(-1), `Passive mode, reported within the last hour (${passive.length}): ${passive.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
