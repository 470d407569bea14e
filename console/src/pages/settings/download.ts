/** Downloads a file the API serves (an onboarding package), turning an error answer into an ApiError to show. */
import { ApiError } from '../../api/client';

export interface Downloaded { filename: string; headers: Headers }

export async function downloadFromApi(path: string, fallbackName: string, options: { body?: unknown; csrfToken?: string | null } = {}): Promise<Downloaded> {
  const post = options.body !== undefined;
  const headers: Record<string, string> = { accept: 'application/zip, application/json' };
  if (post) headers['content-type'] = 'application/json';
  if (post && options.csrfToken) headers['x-csrf-token'] = options.csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: post ? 'POST' : 'GET', headers, body: post ? JSON.stringify(options.body) : undefined, credentials: 'same-origin' });
  } catch { throw new ApiError(0, 'network', 'The server could not be reached. Is Picket running?'); }
  if (!res.ok) {
    const body = await res.json().catch(() => null) as { error?: { code?: string; message?: string; field?: string } } | null;
    throw new ApiError(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? `${res.status} ${res.statusText}`, body?.error?.field);
  }
  const filename = /filename="?([^";]+)"?/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url; a.download = filename;
  document.body.appendChild(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  return { filename, headers: res.headers };
}
