/**
 * Saved queries: the console's query library. Everyone who may read sees them; saving needs 'hunt', and only the
 * owner (or an admin) changes or deletes one. The text is kept as written: it is checked when it runs.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { newId } from '../../devices/secrets.js';
import { iso } from '../../accounts/time.js';
import { roleAllows } from '../permissions.js';

const Id = Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{16}$' }) });
const Body = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\u0000-\\u001f]+$' }),
  query: Type.String({ minLength: 1, maxLength: 100_000 }),
  description: Type.Optional(Type.String({ maxLength: 2000 })),
}, { additionalProperties: false });

const COLUMNS = 'id, name, query, description, owner, created_at, updated_at';
const toQuery = (r: unknown[]) => ({
  id: String(r[0]), name: String(r[1]), query: String(r[2]), description: String(r[3]),
  owner: r[4] === null ? null : String(r[4]), createdAt: iso(r[5]), updatedAt: iso(r[6]),
});

export function savedQueryRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    const rows = async (sql: string, params: (string | null)[] = []) =>
      (await cx.writes.run(() => cx.writeConn.runAndReadAll(sql, params))).getRowsJS();
    /** The owner's user id (people), or kind:id for scripts. */
    const ownerOf = (req: FastifyRequest) => {
      const p = cx.auth.requirePrincipal(req);
      return p.kind === 'user' ? p.id : `${p.kind}:${p.id}`;
    };
    /** The query, when the caller may change it: its owner, or an admin. */
    async function editable(req: FastifyRequest, id: string): Promise<void> {
      const found = await rows('SELECT owner FROM app.saved_queries WHERE id = $1', [id]);
      if (!found.length) throw new HttpError(404, 'not_found', `No saved query ${id}.`, 'id');
      const p = cx.auth.requirePrincipal(req);
      const admin = 'role' in p && roleAllows(p.role, 'admin');
      if (found[0][0] !== ownerOf(req) && !admin) throw new HttpError(403, 'forbidden', 'Only the owner or an administrator can change this saved query.');
    }

    r.get('/api/v1/saved-queries', { config: { permission: 'read' } }, async req => {
      cx.auth.require(req, 'read');
      return { queries: (await rows(`SELECT ${COLUMNS} FROM app.saved_queries ORDER BY lower(name), id`)).map(toQuery) };
    });

    r.get('/api/v1/saved-queries/:id', { config: { permission: 'read' }, schema: { params: Id } }, async req => {
      cx.auth.require(req, 'read');
      const found = await rows(`SELECT ${COLUMNS} FROM app.saved_queries WHERE id = $1`, [req.params.id]);
      if (!found.length) throw new HttpError(404, 'not_found', `No saved query ${req.params.id}.`, 'id');
      return toQuery(found[0]);
    });

    r.post('/api/v1/saved-queries', { config: { permission: 'hunt' }, schema: { body: Body } }, async (req, reply) => {
      cx.auth.require(req, 'hunt');
      if (!req.body.query.trim()) throw new HttpError(400, 'invalid_request', 'query: is empty', 'query');
      const id = newId();
      const now = new Date().toISOString();
      await rows(`INSERT INTO app.saved_queries (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6::TIMESTAMP, $6::TIMESTAMP)`,
        [id, req.body.name, req.body.query, req.body.description ?? '', ownerOf(req), now]);
      return reply.status(201).send(toQuery((await rows(`SELECT ${COLUMNS} FROM app.saved_queries WHERE id = $1`, [id]))[0]));
    });

    r.put('/api/v1/saved-queries/:id', { config: { permission: 'hunt' }, schema: { params: Id, body: Body } }, async req => {
      cx.auth.require(req, 'hunt');
      if (!req.body.query.trim()) throw new HttpError(400, 'invalid_request', 'query: is empty', 'query');
      await editable(req, req.params.id);
      await rows('UPDATE app.saved_queries SET name = $2, query = $3, description = $4, updated_at = $5::TIMESTAMP WHERE id = $1',
        [req.params.id, req.body.name, req.body.query, req.body.description ?? '', new Date().toISOString()]);
      return toQuery((await rows(`SELECT ${COLUMNS} FROM app.saved_queries WHERE id = $1`, [req.params.id]))[0]);
    });

    r.delete('/api/v1/saved-queries/:id', { config: { permission: 'hunt' }, schema: { params: Id } }, async (req, reply) => {
      cx.auth.require(req, 'hunt');
      await editable(req, req.params.id);
      await rows('DELETE FROM app.saved_queries WHERE id = $1', [req.params.id]);
      return reply.status(204).send();
    });
  };
}
