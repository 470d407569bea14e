/** `picket admin create-user` and friends: the first admin without a server, a random password shown once, audited. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from './admin.js';
import { Store } from '../store/duckdb.js';
import { buildServer } from '../server/app.js';

async function capture(argv: string[]): Promise<{ code: number; out: string }> {
  const write = process.stdout.write.bind(process.stdout);
  let out = '';
  process.stdout.write = ((chunk: string) => { out += chunk; return true; }) as typeof process.stdout.write;
  try { return { code: await main(argv), out }; } finally { process.stdout.write = write; }
}

test('create-user makes an admin who can sign in; users, disable-user and reset-password work on the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'picket-cli-'));
  const db = join(dir, 'p.duckdb');
  try {
    const created = await capture(['create-user', '--username', 'root', '--role', 'admin', '--db', db]);
    assert.equal(created.code, 0);
    const password = /shown once:\n {2}(\S+)/.exec(created.out)![1];
    assert.ok(password.length >= 20);
    await assert.rejects(main(['create-user', '--username', 'x', '--role', 'root', '--db', db]), /--role/);
    assert.match((await capture(['users', '--db', db])).out, /root {2}admin {2}local/);

    const store = await Store.open({ path: db });
    const { app, setupToken } = await buildServer({ store });
    try {
      assert.equal(setupToken, null, 'a user exists: no setup token');
      const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'root', password } });
      assert.equal(login.statusCode, 200, login.body);
      const audit = await app.inject({ method: 'GET', url: '/api/v1/audit?action=user.create', headers: { cookie: String(login.headers['set-cookie']).split(';')[0] } });
      assert.equal(audit.json().entries[0].actorKind, 'cli');
    } finally { await app.close(); store.close(); }

    assert.equal((await capture(['reset-password', '--username', 'root', '--db', db])).code, 0);
    assert.equal(await main(['disable-user', '--username', 'root', '--db', db]).catch(() => 1), 1, 'the last admin stays enabled');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});
