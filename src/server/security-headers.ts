/**
 * Security headers on every response. The Content-Security-Policy lets the React console run from its own
 * files only: no inline or remote scripts, no eval (the hunting editor and its Kusto analyser worker run without
 * it); workers load from the console's own files; Monaco sets inline styles, so style-src allows them (styles
 * cannot run code).
 */
import type { FastifyInstance } from 'fastify';
import { isSecure } from './cookies.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "worker-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

export function installSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    reply.headers(HEADERS);
    // HSTS only over TLS (RFC 6797 §7.2: a UA ignores it on plain HTTP anyway)
    if (isSecure(req)) reply.header('strict-transport-security', 'max-age=31536000');
    // API answers carry security telemetry: no cache, shared or private, keeps them
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
