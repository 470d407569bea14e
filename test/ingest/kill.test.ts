/**
 * Durability: a server killed with SIGKILL while devices stream batches loses no acknowledged record, and the
 * devices' retries after the restart add nothing twice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ADMIN = 'pat_kill-test-admin';
const entry = new URL('../../src/cli/entry.ts', import.meta.url).pathname;
const xml = readFileSync(new URL('../fixtures/ingest/event-1116.xml', import.meta.url), 'utf8');
const event = (id: number) => xml.replace('<EventRecordID>20871<', `<EventRecordID>${id}<`);

function start(db: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'serve', '--db', db, '--port', '0'], {
    env: { ...process.env, PICKET_ADMIN_TOKEN: ADMIN, PICKET_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) resolve({ child, url: m[1] });
    });
    child.once('exit', code => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise(resolve => child.once('exit', () => resolve()));
}

async function api(url: string, path: string, token: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

async function count(url: string): Promise<number> {
  const r = await api(url, '/api/v1/query', ADMIN, { query: 'WindowsEvent | summarize n = count(), d = dcount(EventRecordId)' });
  const { rows } = await r.json() as { rows: number[][] };
  assert.equal(rows[0][0], rows[0][1], 'no event is stored twice');
  return rows[0][0];
}

test('kill -9 during ingest loses no acknowledged record and duplicates nothing', { timeout: 240_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'picket-kill-'));
  const db = join(dir, 'p.duckdb');
  try {
    let { child, url } = await start(db);
    const key = await (await api(url, '/api/v1/enrollment-keys', ADMIN, { name: 'kill' })).json() as { secret: string };
    const { deviceToken } = await (await api(url, '/api/v1/enroll', '', { enrollmentKey: key.secret, deviceName: 'pc-kill' })).json() as { deviceToken: string };
    const BATCH = 250;
    const batches = Array.from({ length: 40 }, (_, b) => Array.from({ length: BATCH }, (_, i) => event(1 + b * BATCH + i)));
    let acknowledged = 0;
    let next = 0; // like a device, resend from the first batch not acknowledged
    for (const round of [0, 1, 2]) {
      // stream batches until the kill, which lands at a different moment each round
      let killed = false;
      const killer = new Promise<void>(resolve => setTimeout(() => { killed = true; child.kill('SIGKILL'); resolve(); }, 300 + round * 400));
      while (!killed && next < batches.length) {
        try {
          const r = await api(url, '/api/v1/ingest', deviceToken, { events: batches[next] });
          if (r.status !== 200) break;
          acknowledged += BATCH;
          next++;
        } catch { break; } // the server died under us: this batch was not acknowledged
      }
      await killer;
      await exited(child);
      ({ child, url } = await start(db));
      const stored = await count(url);
      assert.ok(stored >= acknowledged, `round ${round}: ${stored} stored < ${acknowledged} acknowledged`);
      assert.ok(stored <= acknowledged + BATCH, `round ${round}: ${stored} stored, more than was sent`);
    }
    // every device retries everything it sent: nothing is added twice
    for (const b of batches) assert.equal((await api(url, '/api/v1/ingest', deviceToken, { events: b })).status, 200);
    assert.equal(await count(url), batches.length * BATCH);
    child.kill('SIGTERM');
    await exited(child);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
