/** `picket simulate`: arguments, the summary, and a small run into a database file with a manifest. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { testServer, TEST_ADMIN_TOKEN } from '../server/testing.js';
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
  await assert.rejects(main(['--url', 'localhost:8080', '--enrollment-key', 'k']), /--url must be an http\(s\) URL/);
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

test('--url sends every device through the agent emulator to a running server', async () => {
  const s = await testServer();
  try {
    const base = await s.app.listen({ host: '127.0.0.1', port: 0 });
    const key = (await s.app.inject({ method: 'POST', url: '/api/v1/enrollment-keys', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, payload: { name: 'cli' } })).json().secret as string;
    // asynchronously: the server answers in this process
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'simulate', '--url', base, '--enrollment-key', key, '--devices', '3', '--days', '2', '--seed', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', d => { out += String(d); });
    child.stderr.on('data', d => { out += String(d); });
    const code = await new Promise<number | null>(r => child.on('close', r));
    assert.equal(code, 0, out);
    assert.match(out, new RegExp(`^Simulated 3 devices over 2 days \\(seed 2\\) into ${base.replace(/[.]/g, '\\.')}`));
    const devices = await s.app.inject({ method: 'GET', url: '/api/v1/devices', headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    assert.equal(devices.statusCode, 200, devices.body);
    const list = devices.json().devices as { agentVersion: string | null }[];
    assert.equal(list.length, 3);
    assert.ok(list.every(d => d.agentVersion === '0.1.0'), JSON.stringify(list));
  } finally {
    await s.close();
  }
});
