/**
 * The hunting schema for editors: every table the analyser binds queries to, with KQL column types, and the saved
 * functions any query can call (the console's Monaco completion and schema browser use it; scripts can too).
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context.js';
import { huntingTables } from '../../kql/analyzer/schema.js';
import { parameterList } from '../../kql/analyzer/functions.js';
import { loadSavedFunctions } from '../../kql/saved-functions.js';

export function schemaRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    const conn = await cx.store.instance.connect();
    app.addHook('onClose', async () => conn.closeSync());
    app.get('/api/v1/schema', { config: { permission: 'read' } }, async () => ({
      database: 'Picket',
      tables: huntingTables().map(t => ({ name: t.name, columns: t.columns.map(c => ({ name: c.name, type: c.type })) })),
      functions: (await loadSavedFunctions(conn)).map(f => ({ name: f.name, parameters: parameterList(f), body: f.body, docString: f.description ?? '' })),
    }));
  };
}
