/** Serving the console build: deep links get index.html, assets are cached and gzip-ed, nothing outside leaks. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { gzipSync, gunzipSync } from 'node:zlib';
import { testServer } from './testing.js';

let s: Awaited<ReturnType<typeof testServer>>;
let dir: string;
const APP = 'console.log("picket");'.repeat(100);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'picket-console-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dir, 'assets', 'app-1234.js'), APP);
  writeFileSync(join(dir, 'assets', 'app-1234.js.gz'), gzipSync(APP));
  writeFileSync(join(dir, '.secret'), 'no');
  s = await testServer({ rules: { startScheduler: false }, console: dir } as never);
});
after(async () => { await s.close(); rmSync(dir, { recursive: true, force: true }); });

test('a deep link is the console page, never cached, with the security headers', async () => {
  const r = await s.app.inject({ method: 'GET', url: '/devices/abc?mode=passive' });
  assert.equal(r.statusCode, 200);
  assert.match(r.body, /id="root"/);
  assert.equal(r.headers['cache-control'], 'no-cache');
  assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
});

test('hashed assets are immutable and sent gzip-ed to clients that accept it', async () => {
  const plain = await s.app.inject({ method: 'GET', url: '/assets/app-1234.js' });
  assert.equal(plain.body, APP);
  assert.match(String(plain.headers['cache-control']), /immutable/);
  assert.match(String(plain.headers['content-type']), /javascript/);
  const gz = await s.app.inject({ method: 'GET', url: '/assets/app-1234.js', headers: { 'accept-encoding': 'gzip, br' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.rawPayload).toString(), APP);
});

test('unknown API paths stay JSON 404s; missing assets are 404s, not the page', async () => {
  const api = await s.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' });
  assert.equal(api.statusCode, 404);
  assert.equal(api.json().error.code, 'not_found');
  assert.equal((await s.app.inject({ method: 'GET', url: '/assets/old-999.js' })).statusCode, 404);
});

test('nothing outside the build folder, and no dotfiles, can be read', async () => {
  for (const url of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/.secret', '/%2esecret']) {
    const r = await s.app.inject({ method: 'GET', url });
    assert.ok(!r.body.includes('"name": "picket"') && r.body !== 'no', `${url} leaked`);
  }
  assert.equal((await s.app.inject({ method: 'GET', url: '/%E0%A4%A' })).statusCode, 400);
});
