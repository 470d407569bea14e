/**
 * Serves the web console's production build (dist/console) from the API's own port: hashed assets are cached
 * for a year, index.html never; any other path that is not an API path gets index.html, so a deep link such as
 * /devices/abc opens the console at that screen. Compressed copies made at build time (.gz) are sent to
 * clients that accept gzip. Paths are resolved inside the build folder only.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon',
  '.ttf': 'font/ttf', '.woff': 'font/woff', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};

/** dist/console beside the compiled server (dist/server/console-files.js), or from the source tree under tsx. */
export function defaultConsoleRoot(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return resolve(here, '..', '..', 'dist', 'console');
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Picket</title>
<body style="font-family:system-ui;padding:2em"><h1>The console is not built</h1>
<p>Run <code>npm run build</code> (or <code>npm ci</code>, which builds it), then reload. The API is running under <code>/api/v1</code>.</p>`;

export function installConsoleFiles(app: FastifyInstance, root = defaultConsoleRoot()): void {
  const base = resolve(root);
  const index = join(base, 'index.html');

  const send = (req: FastifyRequest, reply: FastifyReply, file: string, cache: string) => {
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const gz = `${file}.gz`;
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')) && existsSync(gz);
    const path = gzip ? gz : file;
    reply.header('content-type', type).header('cache-control', cache).header('vary', 'accept-encoding')
      .header('content-length', statSync(path).size);
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.send(req.method === 'HEAD' ? '' : createReadStream(path));
  };

  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    config: { access: 'public', audit: false },
    handler: async (req, reply) => {
      let path: string;
      try { path = decodeURIComponent(req.url.split('?')[0]); } catch {
        return reply.status(400).send({ error: { code: 'bad_path', message: 'The path is not valid percent-encoding.' } });
      }
      if (path === '/api' || path.startsWith('/api/')) {
        return reply.status(404).send({ error: { code: 'not_found', message: `No route ${req.method} ${path}` } });
      }
      if (!existsSync(index)) return reply.status(503).header('content-type', 'text/html; charset=utf-8').send(NOT_BUILT);
      const file = normalize(join(base, path));
      const inside = file.startsWith(base + sep);
      if (inside && !path.split('/').some(p => p.startsWith('.')) && existsSync(file) && statSync(file).isFile()) {
        return send(req, reply, file, path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      }
      // an asset that is not there is a 404, not the console (a stale tab asking for an old bundle must fail clearly)
      if (path.startsWith('/assets/') || extname(path)) return reply.status(404).send({ error: { code: 'not_found', message: `No file ${path}` } });
      return send(req, reply, index, 'no-cache');
    },
  });
}
