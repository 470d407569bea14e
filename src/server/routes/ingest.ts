/**
 * The ingest API: a device posts batches of its telemetry with its device token. The response comes after the
 * batch is committed; records that cannot be used are listed back, without failing the good ones.
 * Bodies may be gzip-compressed (Content-Encoding: gzip); the size limit applies to the decompressed body.
 */
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { createGunzip } from 'node:zlib';
import type { ServerContext } from '../context.js';
import { HttpError } from '../errors.js';
import { AgentSection } from '../../agent/protocol.js';
import { recordAgentReport } from '../../agent/health.js';

const Obj = Type.Object({}, { additionalProperties: true });
export const IngestBody = Type.Object({
  agentVersion: Type.Optional(Type.String({ maxLength: 50 })),
  events: Type.Optional(Type.Array(Type.String({ maxLength: 1_000_000 }), { maxItems: 20_000 })),
  winEvents: Type.Optional(Type.Array(Obj, { maxItems: 20_000 })),
  status: Type.Optional(Obj),
  threatDetections: Type.Optional(Type.Array(Obj, { maxItems: 10_000 })),
  threats: Type.Optional(Type.Array(Obj, { maxItems: 10_000 })),
  /** True when the device sends no Defender event log, so its threat detections stand for the events. */
  threatsAsEvents: Type.Optional(Type.Boolean()),
  software: Type.Optional(Type.Array(Obj, { maxItems: 50_000 })),
  os: Type.Optional(Obj),
  /** How the agent's run went (version, errors, missing cmdlets, log gaps): src/agent/health.ts. */
  agent: Type.Optional(AgentSection),
}, { additionalProperties: false });

export function ingestRoutes(cx: ServerContext): FastifyPluginAsync {
  return async app => {
    app.addHook('preParsing', async (req, _reply, payload) => {
      const encoding = String(req.headers['content-encoding'] ?? 'identity').toLowerCase();
      if (encoding === 'identity') return payload;
      if (encoding !== 'gzip') throw new HttpError(415, 'unsupported_encoding', `Content-Encoding ${encoding} is not accepted; use gzip or none.`);
      // fastify counts the returned stream against bodyLimit as it is read (a gzip bomb stops at the limit: 413),
      // and checks Content-Length against receivedEncodedLength, the compressed bytes actually received.
      const gunzip = Object.assign(createGunzip(), { receivedEncodedLength: 0 });
      payload.on('data', (chunk: Buffer) => { gunzip.receivedEncodedLength += chunk.length; });
      payload.on('error', e => gunzip.destroy(e));
      payload.pipe(gunzip);
      return gunzip;
    });

    app.withTypeProvider<TypeBoxTypeProvider>().post('/api/v1/ingest', { schema: { body: IngestBody } }, async req => {
      const device = await cx.auth.requireDevice(req);
      const result = await cx.ingestGate.run(() => cx.ingest.ingest(device, req.body, new Date().toISOString()));
      const agent = req.body.agent;
      if (agent) result.rejected.push(...(await cx.writes.run(() => recordAgentReport(cx.writeConn, device.deviceId, agent))).map(r => ({ ...r, section: 'agent' })));
      return result;
    });
  };
}
