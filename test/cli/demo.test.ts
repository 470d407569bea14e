/** `picket demo` simulates a fleet, serves the console and the API and answers piped KQL; the seed query finds passive devices. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { SEED_QUERY } from '../../src/demo/seed-query.js';

const bin = new URL('../../bin/picket.js', import.meta.url).pathname;

test('the demo answers the seed query over its simulated fleet', () => {
  const r = spawnSync(process.execPath, [bin, 'demo', '--devices', '40', '--days', '1', '--port', '0'],
    { input: `${SEED_QUERY}\n\nDeviceInfo | summarize dcount(DeviceId)\n`, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /Picket is serving this fleet at http:\/\/127\.0\.0\.1:\d+\n  Open http:\/\/127\.0\.0\.1:\d+ in a browser and sign in:\n    user: demo    password: \S{12,}/);
  const passive = /Passive mode, reported within the last hour \((\d+)\)/.exec(r.stderr);
  assert.ok(passive && Number(passive[1]) > 0, r.stderr);
  const seedRows = /\((\d+) rows?\)/.exec(r.stdout);
  assert.ok(seedRows && Number(seedRows[1]) >= Number(passive![1]), r.stdout);
  assert.match(r.stdout, /dcount_DeviceId\s*\n-+\n40\n/);
});
