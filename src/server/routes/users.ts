/** User accounts (admin): list, create, change role, name, password or disabled state, remove. */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { recordAudit } from '../access.js';
import { ROLES } from '../permissions.js';
import { AccountError, USERNAME_PATTERN } from '../../accounts/users.js';
import { PASSWORD_MAX, passwordProblem } from '../../accounts/passwords.js';
import { publicUser } from './auth.js';

const Role = Type.Union(ROLES.map(r => Type.Literal(r)));
const Id = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) });

function accountError(err: unknown): never {
  if (err instanceof AccountError) {
    const status = err.code === 'not_found' ? 404 : err.code === 'invalid_username' ? 400 : 409;
    throw new HttpError(status, err.code, err.message, err.code === 'last_admin' ? undefined : err.code === 'not_found' ? 'id' : 'username');
  }
  throw err;
}

export function userRoutes(cx: ServerContext): FastifyPluginAsync {
  const { accounts } = cx;
  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();

    r.get('/api/v1/users', async req => {
      cx.auth.require(req, 'admin');
      return { users: (await accounts.users.list()).map(publicUser) };
    });

    r.post('/api/v1/users', {
      config: { audit: false },
      schema: { body: Type.Object({
        username: Type.String({ pattern: USERNAME_PATTERN }), role: Role,
        password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX }),
        displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f]+$' })),
      }, { additionalProperties: false }) },
    }, async (req, reply) => {
      cx.auth.require(req, 'admin');
      const { username, role, password, displayName } = req.body;
      const problem = passwordProblem(password, username);
      if (problem) throw new HttpError(400, 'weak_password', problem, 'password');
      const user = await cx.writes.run(() => accounts.users.create({ username, role, password, displayName })).catch(accountError);
      await recordAudit(cx, req, { action: 'user.create', target: `user:${user.id}`, details: { username, role }, status: 201 });
      return reply.status(201).send(publicUser(user));
    });

    r.patch('/api/v1/users/:id', {
      config: { audit: false },
      schema: { params: Id, body: Type.Object({
        role: Type.Optional(Role), disabled: Type.Optional(Type.Boolean()),
        displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f]+$' })),
        password: Type.Optional(Type.String({ minLength: 1, maxLength: PASSWORD_MAX })),
      }, { additionalProperties: false, minProperties: 1 }) },
    }, async (req) => {
      cx.auth.require(req, 'admin');
      const { password, ...change } = req.body;
      const before = await accounts.users.get(req.params.id);
      if (!before) throw new HttpError(404, 'not_found', `No user ${req.params.id}.`, 'id');
      if (password !== undefined) {
        if (before.source !== 'local') throw new HttpError(409, 'no_password', 'Single-sign-on users have no password here.', 'password');
        const problem = passwordProblem(password, before.username);
        if (problem) throw new HttpError(400, 'weak_password', problem, 'password');
      }
      const user = await cx.writes.run(async () => {
        const u = await accounts.users.update(req.params.id, change);
        if (password !== undefined) await accounts.users.setPassword(u.id, password);
        // a reset password or a disabled account ends every session of that user
        if (password !== undefined || change.disabled) await accounts.sessions.endAllFor(u.id);
        return u;
      }).catch(accountError);
      if (password !== undefined) accounts.lockout.succeeded(user.username);
      await recordAudit(cx, req, {
        action: 'user.update', target: `user:${user.id}`, status: 200,
        details: { username: user.username, ...change, ...(password !== undefined ? { passwordReset: true } : {}), before: { role: before.role, disabled: before.disabled } },
      });
      return publicUser(user);
    });

    r.delete('/api/v1/users/:id', { config: { audit: false }, schema: { params: Id } }, async (req, reply) => {
      cx.auth.require(req, 'admin');
      const user = await accounts.users.get(req.params.id);
      await cx.writes.run(() => accounts.users.remove(req.params.id)).catch(accountError);
      await recordAudit(cx, req, { action: 'user.delete', target: `user:${req.params.id}`, details: { username: user?.username }, status: 204 });
      return reply.status(204).send();
    });
  };
}
