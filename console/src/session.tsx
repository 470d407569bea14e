/** Who is signed in, what they may do, and signing in and out. */
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorisedHandler } from './api/client';

export type Permission = 'read' | 'hunt' | 'triage' | 'rules' | 'admin';
export interface Me { kind: string; id: string; name: string; role: string | null; permissions: Permission[]; csrfToken?: string }

interface SessionState {
  me: Me | null;
  /** null while the first /auth/me is under way */
  ready: boolean;
  can(p: Permission): boolean;
  signIn(username: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [ready, setReady] = useState(false);
  const refresh = useCallback(async () => {
    try {
      const m = await api.get<Me>('/api/v1/auth/me');
      setCsrfToken(m.csrfToken ?? null);
      setMe(m);
    } catch (e) {
      if (!(e instanceof ApiError) || e.status !== 401) console.error(e);
      setMe(null);
    } finally { setReady(true); }
  }, []);
  useEffect(() => { void refresh(); }, [refresh]);
  useEffect(() => { setUnauthorisedHandler(() => { setCsrfToken(null); setMe(null); }); return () => setUnauthorisedHandler(null); }, []);
  const signIn = useCallback(async (username: string, password: string) => {
    await api.post('/api/v1/auth/login', { username, password });
    await refresh();
  }, [refresh]);
  const signOut = useCallback(async () => {
    try { await api.post('/api/v1/auth/logout'); } finally { setCsrfToken(null); setMe(null); }
  }, []);
  const can = useCallback((p: Permission) => !!me?.permissions.includes(p), [me]);
  return <SessionContext.Provider value={{ me, ready, can, signIn, signOut, refresh }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
