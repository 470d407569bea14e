/**
 * Saved hunting functions (Advanced Hunting's "Functions"): any query can call them by name. Reading needs 'read';
 * saving, changing and deleting need 'hunt'. A function is checked by Microsoft's analyser before it is saved:
 * a problem is a 400 naming the field, with Kusto's message and a span into the body when it is there.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { Type, type Static } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { newId } from '../../devices/secrets.js';
import { iso } from '../../accounts/time.js';
import { checkFunction, loadSavedFunctions, type SavedFunction } from '../../kql/saved-functions.js';

const Id = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
const Body = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  parameters: Type.Optional(Type.Array(Type.Object({
    name: Type.String({ minLength: 1, maxLength: 100 }),
    type: Type.String({ minLength: 1, maxLength: 2000 }),
    default: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  }, { additionalProperties: false }), { maxItems: 64 })),
  body: Type.String({ minLength: 1, maxLength: 100_000 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });
type Body = Static<typeof Body>;

const COLUMNS = 'id, name, parameters, body, description, owner, created_at, updated_at';
const toFunction = (r: unknown[]) => ({
  id: String(r[0]), name: String(r[1]), parameters: JSON.parse(String(r[2])) as SavedFunction['parameters'], body: String(r[3]),
  description: String(r[4]), owner: r[5] === null ? null : String(r[5]), createdAt: iso(r[6]), updatedAt: iso(r[7]),
});

export function functionRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    const rows = async (sql: string, params: (string | null)[] = []) =>
      (await cx.writes.run(() => cx.writeConn.runAndReadAll(sql, params))).getRowsJS();

    /** Checks the submitted function against the others; replies 400 (and returns false) when it is refused. */
    async function accepted(body: Body, reply: FastifyReply, exceptId?: string): Promise<boolean> {
      const fn: SavedFunction = { name: body.name, parameters: body.parameters ?? [], body: body.body, description: body.description };
      const others = await cx.writes.run(() => loadSavedFunctions(cx.writeConn));
      const current = exceptId ? String((await rows('SELECT name FROM app.hunting_functions WHERE id = $1', [exceptId]))[0]?.[0] ?? '') : '';
      const problem = checkFunction(fn, others.filter(o => o.name !== current));
      if (problem) {
        await reply.status(400).send({ error: { code: 'invalid_function', message: problem.message, field: problem.field,
          ...(problem.code ? { kqlCode: problem.code } : {}), ...(problem.span ? { span: problem.span } : {}) } });
        return false;
      }
      const clash = await rows('SELECT id FROM app.hunting_functions WHERE lower(name) = lower($1) AND id <> $2', [fn.name, exceptId ?? '']);
      if (clash.length) throw new HttpError(409, 'conflict', `A function named '${fn.name}' exists already.`, 'name');
      return true;
    }

    r.get('/api/v1/functions', { config: { permission: 'read' } }, async req => {
      cx.auth.require(req, 'read');
      return { functions: (await rows(`SELECT ${COLUMNS} FROM app.hunting_functions ORDER BY name`)).map(toFunction) };
    });

    r.get('/api/v1/functions/:id', { config: { permission: 'read' }, schema: { params: Id } }, async req => {
      cx.auth.require(req, 'read');
      const found = await rows(`SELECT ${COLUMNS} FROM app.hunting_functions WHERE id = $1`, [req.params.id]);
      if (!found.length) throw new HttpError(404, 'not_found', `No function ${req.params.id}.`, 'id');
      return toFunction(found[0]);
    });

    r.post('/api/v1/functions', { config: { permission: 'hunt' }, schema: { body: Body } }, async (req, reply) => {
      cx.auth.require(req, 'hunt');
      const p = cx.auth.requirePrincipal(req);
      if (!(await accepted(req.body, reply))) return reply;
      const id = newId();
      const now = new Date().toISOString();
      await rows(`INSERT INTO app.hunting_functions (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMP, $7::TIMESTAMP)`,
        [id, req.body.name, JSON.stringify(req.body.parameters ?? []), req.body.body, req.body.description ?? '', `${p.kind}:${p.id}`, now]);
      return reply.status(201).send(toFunction((await rows(`SELECT ${COLUMNS} FROM app.hunting_functions WHERE id = $1`, [id]))[0]));
    });

    r.put('/api/v1/functions/:id', { config: { permission: 'hunt' }, schema: { params: Id, body: Body } }, async (req, reply) => {
      cx.auth.require(req, 'hunt');
      if (!(await rows('SELECT id FROM app.hunting_functions WHERE id = $1', [req.params.id])).length) {
        throw new HttpError(404, 'not_found', `No function ${req.params.id}.`, 'id');
      }
      if (!(await accepted(req.body, reply, req.params.id))) return reply;
      await rows('UPDATE app.hunting_functions SET name = $2, parameters = $3, body = $4, description = $5, updated_at = $6::TIMESTAMP WHERE id = $1',
        [req.params.id, req.body.name, JSON.stringify(req.body.parameters ?? []), req.body.body, req.body.description ?? '', new Date().toISOString()]);
      return toFunction((await rows(`SELECT ${COLUMNS} FROM app.hunting_functions WHERE id = $1`, [req.params.id]))[0]);
    });

    r.delete('/api/v1/functions/:id', { config: { permission: 'hunt' }, schema: { params: Id } }, async (req, reply) => {
      cx.auth.require(req, 'hunt');
      const gone = await rows('DELETE FROM app.hunting_functions WHERE id = $1 RETURNING id', [req.params.id]);
      if (!gone.length) throw new HttpError(404, 'not_found', `No function ${req.params.id}.`, 'id');
      return reply.status(204).send();
    });
  };
}
