/**
 * Running a query: POST /api/v1/query, the elapsed time while it runs, and Cancel (the request is aborted; the
 * screen stops waiting at once).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../api/client';
import { DetailedApiError, postDetailed } from '../../components/api-detail';
import type { ChartSpec } from '../../components/render-chart-options';
import { useSession } from '../../session';
import type { Column } from './results-grid';
import type { QueryError } from './kusto-editor';

export interface QueryResult { columns: Column[]; rows: unknown[][]; truncated?: boolean; chart?: ChartSpec }

export type RunState =
  | { kind: 'idle' }
  | { kind: 'running'; query: string; started: number }
  | { kind: 'done'; query: string; result: QueryResult; ms: number; finished: number }
  | { kind: 'failed'; query: string; error: ApiError; queryError: QueryError | null; ms: number }
  | { kind: 'cancelled'; query: string; ms: number };

export function useQueryRun(onFinished: (s: RunState) => void) {
  const { me, refresh } = useSession();
  const [state, setState] = useState<RunState>({ kind: 'idle' });
  const ctl = useRef<AbortController | null>(null);
  const done = useRef(onFinished);
  done.current = onFinished;

  useEffect(() => () => ctl.current?.abort(), []);

  const finish = (s: RunState) => { setState(s); done.current(s); };

  const run = useCallback(async (query: string) => {
    ctl.current?.abort();
    const c = new AbortController();
    ctl.current = c;
    const started = performance.now();
    setState({ kind: 'running', query, started });
    const ms = () => Math.round(performance.now() - started);
    try {
      const result = await postDetailed<QueryResult>('/api/v1/query', { query }, { csrfToken: me?.csrfToken, signal: c.signal, onUnauthorised: () => void refresh() });
      if (ctl.current === c) finish({ kind: 'done', query, result, ms: ms(), finished: Date.now() });
    } catch (err) {
      if (ctl.current !== c) return;
      if ((err as Error).name === 'AbortError') { finish({ kind: 'cancelled', query, ms: ms() }); return; }
      const error = err instanceof ApiError ? err : new ApiError(0, 'client', String(err));
      const d = err instanceof DetailedApiError ? err.detail : null;
      const span = d?.span as QueryError['span'] | undefined;
      const queryError = d && error.field === 'query' ? { code: error.code, message: error.message, span } : null;
      finish({ kind: 'failed', query, error, queryError, ms: ms() });
    }
  }, [me?.csrfToken, refresh]);

  const cancel = useCallback(() => ctl.current?.abort(), []);
  return { state, run, cancel };
}

/** Milliseconds since `since`, ticking while `on`. */
export function useElapsed(on: boolean, since: number): number {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (!on) return;
    const t = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(t);
  }, [on]);
  return on ? Math.max(0, Math.round(now - since)) : 0;
}

export function fmtMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : ms < 60_000 ? `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
