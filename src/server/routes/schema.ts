/**
 * The hunting schema for editors: every table the analyser binds queries to, with KQL column types (the console's
 * Monaco completion and the schema browser use it; scripts can too). Saved functions join it when they exist.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context.js';
import { huntingTables } from '../../kql/analyzer/schema.js';

export function schemaRoutes(_cx: ServerContext): FastifyPluginAsync {
  return async app => {
    app.get('/api/v1/schema', { config: { permission: 'read' } }, async () => ({
      database: 'Picket',
      tables: huntingTables().map(t => ({ name: t.name, columns: t.columns.map(c => ({ name: c.name, type: c.type })) })),
      functions: [] as { name: string; parameters: string; body: string; docString: string }[],
    }));
  };
}
