/**
 * The console's only way to the server: the same HTTP API scripts use. Errors arrive as
 * { error: { code, message, field? } } and become ApiError, which screens show as they are.
 */
export class ApiError extends Error {
  /** The error object as the server sent it: query errors carry a span, rule validation its problems. */
  constructor(readonly status: number, readonly code: string, message: string, readonly field?: string, readonly detail?: Record<string, unknown>) { super(message); }
}

let csrfToken: string | null = null;
let onUnauthorised: (() => void) | null = null;

/** The session's CSRF token, sent with every request that changes something. */
export function setCsrfToken(token: string | null): void { csrfToken = token; }
/** Called when a request finds the session gone (401), so the shell can show the sign-in page. */
export function setUnauthorisedHandler(fn: (() => void) | null): void { onUnauthorised = fn; }

export interface RequestOptions { signal?: AbortSignal; raw?: boolean }

export async function request<T>(method: string, path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin', signal: options.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server could not be reached. Is Picket running?');
  }
  if (res.status === 401 && !path.startsWith('/api/v1/auth/')) onUnauthorised?.();
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown = null;
  try { data = text ? JSON.parse(text) : null; } catch { /* not JSON: reported below */ }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; field?: string } & Record<string, unknown> } | null)?.error;
    throw new ApiError(res.status, e?.code ?? 'http_' + res.status, e?.message ?? `${res.status} ${res.statusText}`, e?.field, e ?? undefined);
  }
  if (data === null && text) throw new ApiError(res.status, 'bad_response', 'The server answered with something that is not JSON.');
  return data as T;
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
};

/** A query string from the defined, non-empty values of an object. */
export function qs(params: Record<string, string | number | boolean | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
}
