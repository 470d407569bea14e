/** Loads an API resource for a screen: data, the error to show, a loading flag and reload(). */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './client';

export interface Resource<T> { data: T | null; error: ApiError | null; loading: boolean; reload(): void }

export function useApi<T>(path: string | null, options: { refreshMs?: number } = {}): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const shown = useRef<string | null>(null);
  useEffect(() => {
    if (path === null) { setLoading(false); return; }
    const ctl = new AbortController();
    // a new path clears the old data; a reload of the same path keeps it on screen while it loads
    if (shown.current !== path) setData(null);
    setLoading(true);
    api.get<T>(path, { signal: ctl.signal }).then(
      d => { shown.current = path; setData(d); setError(null); setLoading(false); },
      (e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        setError(e instanceof ApiError ? e : new ApiError(0, 'client', String(e)));
        setLoading(false);
      });
    return () => ctl.abort();
  }, [path, tick]);
  useEffect(() => {
    if (!options.refreshMs || path === null) return;
    const t = setInterval(() => setTick(x => x + 1), options.refreshMs);
    return () => clearInterval(t);
  }, [options.refreshMs, path]);
  const reload = useCallback(() => setTick(x => x + 1), []);
  return { data, error, loading, reload };
}
