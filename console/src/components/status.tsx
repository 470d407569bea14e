/** The three states every screen has besides its data: loading, an error (shown as the API said it), empty. */
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client';

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return <div className="state state-loading" role="status" aria-live="polite"><span className="spinner" aria-hidden="true" />{label}</div>;
}

export function ErrorBox({ error, retry }: { error: ApiError | Error; retry?: () => void }) {
  const e = error as ApiError;
  return (
    <div className="state state-error" role="alert">
      <strong>{e.status ? `Error ${e.status}` : 'Error'}{e.code ? ` · ${e.code}` : ''}</strong>
      <p>{error.message}{e.field ? ` (field: ${e.field})` : ''}</p>
      {retry && <button type="button" onClick={retry}>Try again</button>}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return <div className="state state-empty"><strong>{title}</strong>{children && <div>{children}</div>}</div>;
}

/** Renders loading / error / children for a Resource. */
export function Guard<T>({ r, children }: { r: { data: T | null; error: ApiError | null; loading: boolean; reload(): void }; children: (data: T) => ReactNode }) {
  if (r.error && !r.data) return <ErrorBox error={r.error} retry={r.reload} />;
  if (!r.data) return <Loading />;
  return <>{r.error && <ErrorBox error={r.error} retry={r.reload} />}{children(r.data)}</>;
}
