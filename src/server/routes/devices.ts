/**
 * The fleet for the console and for scripts: the dashboard summary, the device list with filters, and one
 * device's state, history, events, detections and software. All reads; every one needs 'read'.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { Fleet, MODE_KEYS, SIGNATURE_BUCKETS, TIMELINE_CURSOR, parseTimelineCursor } from '../../devices/fleet.js';
import { agentHealth } from '../../agent/health.js';

const lit = (values: readonly string[]) => Type.Union(values.map(v => Type.Literal(v)));
const Tri = lit(['on', 'off', 'unknown']);
const DeviceParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

export function deviceRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    const conn = await cx.store.instance.connect();
    app.addHook('onClose', async () => conn.closeSync());
    const fleet = new Fleet(conn);
    // last-seen times are buffered in memory (registry.noteSeen): write them before reading
    const fresh = () => cx.writes.run(() => cx.registry.flushSeen());
    const device = async (id: string) => {
      const d = await fleet.device(id);
      if (!d) throw new HttpError(404, 'not_found', `No device ${id}.`, 'id');
      return d;
    };

    r.get('/api/v1/fleet/summary', { config: { permission: 'read' } }, async () => {
      await fresh();
      return fleet.summary();
    });

    r.get('/api/v1/devices', {
      config: { permission: 'read' },
      schema: { querystring: Type.Object({
        mode: Type.Optional(lit(Object.keys(MODE_KEYS))), rtp: Type.Optional(Tri), tamper: Type.Optional(Tri),
        sigAge: Type.Optional(lit(SIGNATURE_BUCKETS.map(b => b.bucket))), threat: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
        search: Type.Optional(Type.String({ maxLength: 200 })),
      }, { additionalProperties: false }) },
    }, async req => {
      await fresh();
      return { devices: await fleet.devices(req.query as never) };
    });

    r.get('/api/v1/devices/:id', { config: { permission: 'read' }, schema: { params: DeviceParams } }, async req => {
      await fresh();
      const d = await device(req.params.id);
      const { status, info } = await fleet.latest(d.deviceId);
      const history = await fleet.history(d.deviceId);
      const software = await fleet.software(d.deviceId);
      // what the agent said about itself: version, errors, cmdlets its Defender lacks, event-log gaps (null: never said)
      const agent = await agentHealth(conn, d.deviceId);
      return { device: d, status, info, history, software, agent };
    });

    r.get('/api/v1/devices/:id/timeline', {
      config: { permission: 'read' },
      schema: { params: DeviceParams, querystring: Type.Object({
        limit: Type.Optional(Type.String({ pattern: '^(1000|[1-9][0-9]{0,2})$' })), before: Type.Optional(Type.String({ format: 'date-time' })),
        cursor: Type.Optional(Type.String({ pattern: TIMELINE_CURSOR })),
      }, { additionalProperties: false }) },
    }, async req => {
      const cursor = req.query.cursor === undefined ? undefined : parseTimelineCursor(req.query.cursor);
      if (cursor === null) throw new HttpError(400, 'invalid_request', 'cursor is out of range: pass the `next` of the previous page.', 'cursor');
      const d = await device(req.params.id);
      return fleet.timeline(d.deviceId, req.query.limit ? Number(req.query.limit) : 200, { before: req.query.before ? new Date(req.query.before) : undefined, cursor });
    });

    r.get('/api/v1/devices/:id/detections', { config: { permission: 'read' }, schema: { params: DeviceParams } }, async req => {
      const d = await device(req.params.id);
      return { detections: await fleet.detections(d.deviceId) };
    });
  };
}
