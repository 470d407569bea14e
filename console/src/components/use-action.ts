/** Runs a change (a POST, PATCH, DELETE) for a form or a button: busy while it runs, the ApiError if it fails. */
import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';

export function toApiError(e: unknown): ApiError {
  return e instanceof ApiError ? e : new ApiError(0, 'client', e instanceof Error ? e.message : String(e));
}

export interface Action {
  busy: boolean;
  error: ApiError | null;
  setError(e: ApiError | null): void;
  /** `{ value }` with the function's result, or null when it failed (the error is then in `error`). */
  run<T>(fn: () => Promise<T>): Promise<{ value: T } | null>;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<{ value: T } | null> => {
    setBusy(true); setError(null);
    try { return { value: await fn() }; } catch (e) { setError(toApiError(e)); return null; } finally { setBusy(false); }
  }, []);
  return { busy, error, setError, run };
}
