/**
 * A request with a JSON body that keeps the whole error body. api/client.ts turns errors into ApiError with code, message and field;
 * the query and rule endpoints add more that the screens need: the span to underline in the editor, and a rule's
 * full list of problems. DetailedApiError is still an ApiError, so ErrorBox shows it like any other.
 */
import { ApiError } from '../api/client';

export class DetailedApiError extends ApiError {
  constructor(status: number, code: string, message: string, field: string | undefined, readonly detail: Record<string, unknown>) {
    super(status, code, message, field);
  }
}

export interface DetailOptions { csrfToken?: string | null; signal?: AbortSignal; onUnauthorised?: () => void }

export const postDetailed = <T>(path: string, body: unknown, options: DetailOptions = {}) => sendDetailed<T>('POST', path, body, options);

export async function sendDetailed<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown, options: DetailOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json' };
  if (options.csrfToken) headers['x-csrf-token'] = options.csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: JSON.stringify(body), credentials: 'same-origin', signal: options.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server could not be reached. Is Picket running?');
  }
  if (res.status === 401) options.onUnauthorised?.();
  const text = await res.text();
  let data: unknown = null;
  try { data = text ? JSON.parse(text) : null; } catch { /* reported below */ }
  if (!res.ok) {
    const e = (data as { error?: Record<string, unknown> } | null)?.error ?? {};
    const str = (v: unknown) => typeof v === 'string' ? v : undefined;
    throw new DetailedApiError(res.status, str(e.code) ?? `http_${res.status}`, str(e.message) ?? `${res.status} ${res.statusText}`, str(e.field), e);
  }
  if (data === null && text) throw new ApiError(res.status, 'bad_response', 'The server answered with something that is not JSON.');
  return data as T;
}
