/** `picket admin …`: administration on the database file (while the server is stopped, or through its API). */
import { userInfo } from 'node:os';
import { randomBytes } from 'node:crypto';
import { numberFlag, parseArgs, stringFlag, UsageError } from './args.js';
import { Store } from '../store/duckdb.js';
import { Registry } from '../devices/registry.js';
import { UserStore, AccountError } from '../accounts/users.js';
import { AuditLog } from '../accounts/audit.js';
import { passwordProblem } from '../accounts/passwords.js';
import { isRole } from '../server/permissions.js';
import { DEFAULT_DB } from './serve.js';

const USAGE = `Usage:
  picket admin enrollment-key create --name NAME [--expires-days N] [--max-uses N] [--db FILE]
  picket admin enrollment-key list [--db FILE]
  picket admin enrollment-key revoke ID [--db FILE]
  picket admin devices [--db FILE]
  picket admin create-user --username NAME --role admin|analyst|viewer [--display-name TEXT] [--password-stdin] [--db FILE]
  picket admin users [--db FILE]
  picket admin reset-password --username NAME [--password-stdin] [--db FILE]
  picket admin disable-user|enable-user --username NAME [--db FILE]
Without --password-stdin a random password is generated and shown once.`;

async function readPassword(fromStdin: boolean, username: string): Promise<{ password: string; generated: boolean }> {
  if (!fromStdin) return { password: randomBytes(18).toString('base64url'), generated: true };
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  const password = text.replace(/\r?\n$/, '');
  const problem = passwordProblem(password, username);
  if (problem) throw new UsageError(problem);
  return { password, generated: false };
}

export async function main(argv: string[]): Promise<number> {
  const [area, action, ...rest] = argv;
  const args = parseArgs(area === 'enrollment-key' ? rest : [action, ...rest].filter(a => a !== undefined), new Set(['password-stdin']));
  if (!area || area === 'help' || area === '--help') { process.stdout.write(USAGE + '\n'); return 0; }
  const store = await Store.open({ path: stringFlag(args, 'db') ?? DEFAULT_DB });
  const conn = await store.instance.connect();
  const registry = new Registry(conn);
  const users = new UserStore(conn);
  const audit = (action: string, target: string, details: Record<string, unknown>) => new AuditLog(conn).record({
    actorKind: 'cli', actorId: null, actorName: userInfo().username, action, target, outcome: 'success', status: null, ip: null, details });
  const userNamed = async (name: string | undefined) => {
    if (!name) throw new UsageError('--username is required');
    const found = await users.forLogin(name);
    if (!found) throw new UsageError(`no user named ${name}`);
    return found.user;
  };
  try {
    if (area === 'create-user') {
      const username = stringFlag(args, 'username'), role = stringFlag(args, 'role');
      if (!username) throw new UsageError('create-user needs --username');
      if (!isRole(role)) throw new UsageError('create-user needs --role admin, analyst or viewer');
      const { password, generated } = await readPassword(args.flags.has('password-stdin'), username);
      try {
        const user = await users.create({ username, role, password, displayName: stringFlag(args, 'display-name') });
        await audit('user.create', `user:${user.id}`, { username, role });
      } catch (err) {
        if (err instanceof AccountError) { process.stderr.write(`${err.message}\n`); return 1; }
        throw err;
      }
      process.stdout.write(`User ${username} (${role}) created.${generated ? `\nPassword, shown once:\n  ${password}` : ''}\n`);
      return 0;
    }
    if (area === 'users') {
      for (const u of await users.list()) process.stdout.write(`${u.id}  ${u.username}  ${u.role}  ${u.source}${u.disabled ? '  disabled' : ''}  last login ${u.lastLoginAt ?? 'never'}\n`);
      return 0;
    }
    if (area === 'reset-password') {
      const user = await userNamed(stringFlag(args, 'username'));
      if (user.source !== 'local') throw new UsageError(`${user.username} signs in through single sign-on and has no password here`);
      const { password, generated } = await readPassword(args.flags.has('password-stdin'), user.username);
      await users.setPassword(user.id, password);
      await conn.run('DELETE FROM app.sessions WHERE user_id = $1', [user.id]);
      await audit('user.update', `user:${user.id}`, { username: user.username, passwordReset: true });
      process.stdout.write(`Password of ${user.username} reset; their sessions have ended.${generated ? `\nNew password, shown once:\n  ${password}` : ''}\n`);
      return 0;
    }
    if (area === 'disable-user' || area === 'enable-user') {
      const user = await userNamed(stringFlag(args, 'username'));
      const disabled = area === 'disable-user';
      try { await users.update(user.id, { disabled }); } catch (err) {
        if (err instanceof AccountError) { process.stderr.write(`${err.message}\n`); return 1; }
        throw err;
      }
      if (disabled) await conn.run('DELETE FROM app.sessions WHERE user_id = $1', [user.id]);
      await audit('user.update', `user:${user.id}`, { username: user.username, disabled });
      process.stdout.write(`${user.username} ${disabled ? 'disabled' : 'enabled'}.\n`);
      return 0;
    }
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
