import { useEffect, useState, type ComponentType } from 'react';
import { AuthProvider, useAuth } from './auth/AuthContext';
import { ANNOUNCER_ID } from './components/announce';
import { ErrorState, Loading } from './components/Async';
import { Page } from './components/Page';
import { href, match, navigate, useRoute } from './router';
import { SignIn } from './pages/SignIn';
import { Register } from './pages/Register';
import { Dashboard } from './pages/Dashboard';
import { Upload } from './pages/Upload';
import { AppDetail } from './pages/AppDetail';
import { Contract } from './pages/Contract';
import { Nodes } from './admin/Nodes';
import { AllApps } from './admin/AllApps';
import { Sensors } from './admin/Sensors';
import { SensorDetail } from './admin/SensorDetail';
import { Alerts } from './admin/Alerts';
import { Users } from './admin/Users';

type Access = 'public' | 'guest' | 'user' | 'admin';

interface RouteDef {
  readonly pattern: string;
  readonly access: Access;
  readonly component: ComponentType<{ params: Record<string, string> }>;
}

const ROUTES: readonly RouteDef[] = [
  { pattern: '/signin', access: 'guest', component: SignIn },
  { pattern: '/register', access: 'guest', component: Register },
  { pattern: '/contract', access: 'public', component: Contract },
  { pattern: '/', access: 'user', component: Dashboard },
  { pattern: '/upload', access: 'user', component: Upload },
  { pattern: '/apps/:name', access: 'user', component: AppDetail },
  { pattern: '/admin/nodes', access: 'admin', component: Nodes },
  { pattern: '/admin/apps', access: 'admin', component: AllApps },
  { pattern: '/admin/sensors', access: 'admin', component: Sensors },
  { pattern: '/admin/sensors/:id', access: 'admin', component: SensorDetail },
  { pattern: '/admin/alerts', access: 'admin', component: Alerts },
  { pattern: '/admin/users', access: 'admin', component: Users },
];

interface NavItem {
  readonly path: string;
  readonly label: string;
}

const DEVELOPER_NAV: readonly NavItem[] = [
  { path: '/', label: 'My apps' },
  { path: '/upload', label: 'Upload' },
  { path: '/contract', label: 'Contract' },
];

const ADMIN_NAV: readonly NavItem[] = [
  { path: '/admin/nodes', label: 'Nodes' },
  { path: '/admin/apps', label: 'All apps' },
  { path: '/admin/sensors', label: 'Sensors' },
  { path: '/admin/alerts', label: 'Alerts' },
  { path: '/admin/users', label: 'Users' },
];

function isCurrent(item: string, path: string): boolean {
  return item === '/' ? path === '/' || path.startsWith('/apps/') : path === item || path.startsWith(`${item}/`);
}

function Header({ path }: { readonly path: string }) {
  const { user, isAdmin, signOut } = useAuth();
  // The menu (on phones) is open for the page it was opened on: going to another page closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === path;
  return (
    <header className="site-header">
      <div className="container site-header__inner">
        <a className="brand" href={href(user ? '/' : '/signin')}>
          <span className="brand__mark" aria-hidden="true">▰</span> Plinth
        </a>
        {user && (
          <>
            <button
              type="button"
              className="menu-toggle"
              aria-expanded={open}
              aria-controls="site-nav"
              onClick={() => setOpenOn(open ? null : path)}
            >
              Menu
            </button>
            <nav id="site-nav" aria-label="Main" className={open ? 'site-nav site-nav--open' : 'site-nav'}>
              <ul>
                {DEVELOPER_NAV.map((item) => (
                  <li key={item.path}>
                    <a href={href(item.path)} aria-current={isCurrent(item.path, path) ? 'page' : undefined}>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
              {isAdmin && (
                <ul aria-label="Admin">
                  <li className="site-nav__group" aria-hidden="true">
                    Admin
                  </li>
                  {ADMIN_NAV.map((item) => (
                    <li key={item.path}>
                      <a href={href(item.path)} aria-current={isCurrent(item.path, path) ? 'page' : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              )}
              <div className="site-nav__user">
                <span>
                  Signed in as <strong>{user.username}</strong>
                  {isAdmin ? ' (admin)' : ''}
                </span>
                <button type="button" className="button button--secondary button--small" onClick={() => void signOut()}>
                  Sign out
                </button>
              </div>
            </nav>
          </>
        )}
      </div>
    </header>
  );
}

function NotFound() {
  return (
    <Page title="Page not found">
      <p>
        There is no page at this address. Go to <a href={href('/')}>your apps</a>.
      </p>
    </Page>
  );
}

function AdminsOnly() {
  return (
    <Page title="Admins only">
      <div className="state state--forbidden" role="alert">
        <p className="state__title">This page is for platform admins.</p>
        <p>
          Your account does not have the admin role. Go back to <a href={href('/')}>your apps</a>.
        </p>
      </div>
    </Page>
  );
}

function Routes() {
  const route = useRoute();
  const auth = useAuth();
  const { state } = auth;

  let found: { def: RouteDef; params: Record<string, string> } | null = null;
  for (const def of ROUTES) {
    const params = match(def.pattern, route.path);
    if (params) {
      found = { def, params };
      break;
    }
  }

  const signedIn = state.phase === 'signed-in';
  const needsSignIn = !!found && (found.def.access === 'user' || found.def.access === 'admin') && state.phase === 'signed-out';
  const leaveGuestPage = !!found && found.def.access === 'guest' && signedIn;

  useEffect(() => {
    if (needsSignIn) {
      const next = route.path === '/' ? '' : `?next=${encodeURIComponent(route.path)}`;
      const expired = state.phase === 'signed-out' && state.expired ? `${next ? '&' : '?'}expired=1` : '';
      navigate(`/signin${next}${expired}`, { replace: true });
    } else if (leaveGuestPage) {
      const next = route.params.get('next');
      navigate(next && next.startsWith('/') ? next : '/', { replace: true });
    }
  }, [needsSignIn, leaveGuestPage, route.path, route.params, state]);

  if (!found) return <NotFound />;
  const { def, params } = found;
  if (def.access !== 'public') {
    if (state.phase === 'checking') return <Loading label="Checking your session…" />;
    if (state.phase === 'error' && def.access !== 'guest') {
      return (
        <Page title="Plinth is not reachable">
          <ErrorState error={new Error(state.message)} what="your session" onRetry={auth.recheck} />
        </Page>
      );
    }
    if (needsSignIn || leaveGuestPage) return <Loading label="Redirecting…" />;
    if (def.access === 'admin' && !auth.isAdmin) return <AdminsOnly />;
  }
  const Component = def.component;
  return <Component key={route.path} params={params} />;
}

function Shell() {
  const route = useRoute();
  return (
    <>
      <a className="skip-link" href="#main" onClick={(e) => {
        // The hash is the router's: move focus to the content without changing the page.
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        Skip to content
      </a>
      <Header path={route.path} />
      <main id="main" className="container" tabIndex={-1}>
        <Routes />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>
            Plinth platform console · <a href={href('/contract')}>App developer contract</a> ·{' '}
            <a href="/health">Platform health (JSON)</a>
          </p>
        </div>
      </footer>
      <div id={ANNOUNCER_ID} className="visually-hidden" aria-live="polite" aria-atomic="true" />
    </>
  );
}

export function App() {
  return (
    <AuthProvider>
      <Shell />
    </AuthProvider>
  );
}
