/** The shell: sign-in gate, sidebar, header, and the screen for the current path. */
import { Component, Suspense, useEffect, type ReactNode } from 'react';
import { Link, match, RouterProvider, useLocation } from './router';
import { SessionProvider, useSession } from './session';
import { ROUTES, NAV } from './routes';
import { Loading, ErrorBox, Empty } from './components/status';
import { SignInPage } from './pages/sign-in-page';

export function App() {
  return (
    <RouterProvider>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </RouterProvider>
  );
}

function Gate() {
  const { me, ready } = useSession();
  if (!ready) return <div className="boot"><Loading label="Starting Picket…" /></div>;
  if (!me) return <SignInPage />;
  return <Shell />;
}

function Shell() {
  const { me, can, signOut } = useSession();
  const loc = useLocation();
  let found: { route: (typeof ROUTES)[number]; params: Record<string, string> } | null = null;
  for (const route of ROUTES) {
    const params = match(route.path, loc.path);
    if (params) { found = { route, params }; break; }
  }
  useEffect(() => { document.title = found ? `${found.route.title} · Picket` : 'Picket'; }, [found?.route.title]);
  const active = (path: string) => path === '/' ? loc.path === '/' : loc.path === path || loc.path.startsWith(path + '/');
  return (
    <div className="shell">
      <a className="skip" href="#main">Skip to content</a>
      <nav className="sidebar" aria-label="Main">
        <Link to="/" className="brand"><span className="brand-mark" aria-hidden="true">▲</span> Picket</Link>
        <ul>
          {NAV.filter(n => !n.permission || can(n.permission)).map(n => (
            <li key={n.path}><Link to={n.path} aria-current={active(n.path) ? 'page' : undefined}>{n.label}</Link></li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <div className="who" title={me?.role ?? ''}>{me?.name}<small>{me?.role}</small></div>
          <button type="button" className="link" onClick={() => void signOut()}>Sign out</button>
        </div>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        <ScreenBoundary key={loc.path}>
          <Suspense fallback={<Loading />}>
            {!found ? <Empty title="No such page">Nothing lives at {loc.path}. <Link to="/">Back to the dashboard</Link></Empty>
              : found.route.permission && !can(found.route.permission) ? <Empty title="Not allowed">Your role ({me?.role}) cannot open this page.</Empty>
              : <found.route.screen params={found.params} />}
          </Suspense>
        </ScreenBoundary>
      </main>
    </div>
  );
}

/** A screen that throws shows what went wrong instead of a blank page. */
class ScreenBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) { return { error }; }
  render() {
    return this.state.error ? <ErrorBox error={this.state.error} retry={() => this.setState({ error: null })} /> : this.props.children;
  }
}
