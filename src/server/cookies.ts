/**
 * Cookies, read and written by hand (RFC 6265). On TLS the session cookie takes the `__Host-` prefix, which
 * browsers accept only with Secure, Path=/ and no Domain, so a sibling host cannot plant or shadow it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export function readCookies(req: FastifyRequest): Map<string, string> {
  const out = new Map<string, string>();
  const header = req.headers.cookie;
  if (!header || header.length > 8192) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 1) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

export interface CookieOptions { httpOnly?: boolean; maxAgeSeconds?: number; path?: string; sameSite?: 'Strict' | 'Lax' }

export function isSecure(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

/** The cookie name for this request: `__Host-<name>` on TLS. */
export function cookieName(req: FastifyRequest, name: string): string {
  return isSecure(req) ? `__Host-${name}` : name;
}

export function setCookie(req: FastifyRequest, reply: FastifyReply, name: string, value: string, o: CookieOptions = {}): void {
  const secure = isSecure(req);
  const parts = [`${cookieName(req, name)}=${value}`, `Path=${secure ? '/' : (o.path ?? '/')}`, `SameSite=${o.sameSite ?? 'Lax'}`];
  if (o.httpOnly !== false) parts.push('HttpOnly');
  if (secure) parts.push('Secure');
  if (o.maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`);
  const prev = reply.getHeader('set-cookie');
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev.map(String) : [String(prev)];
  reply.header('set-cookie', [...list, parts.join('; ')]);
}

export function clearCookie(req: FastifyRequest, reply: FastifyReply, name: string, o: CookieOptions = {}): void {
  setCookie(req, reply, name, '', { ...o, maxAgeSeconds: 0 });
}

export function getCookie(req: FastifyRequest, name: string): string | undefined {
  return readCookies(req).get(cookieName(req, name));
}
