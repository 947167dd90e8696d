import { useEffect, useState } from 'react';
import { api } from './api/client';
import { errorMessage } from './api/api-errors';
import { session } from './lib/session';
import { navigate, parseRoute, paths, usePath } from './lib/router';
import { LoginPage } from './pages/login-page';
import { SourcesPage } from './pages/sources-page';
import { CreateSourcePage } from './pages/create-source-page';
import { SourcePage } from './pages/source-page';
import { SECTIONS } from './pages/sections';
import { TopBar } from './components/top-bar';

export function App() {
  const path = usePath();
  const route = parseRoute(path);
  const [loggedIn, setLoggedIn] = useState(() => session.apiKey() !== null);
  const [environments, setEnvironments] = useState<string[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    const out = () => setLoggedIn(false);
    window.addEventListener('inlet:logged-out', out);
    return () => window.removeEventListener('inlet:logged-out', out);
  }, []);

  useEffect(() => {
    if (!loggedIn) return;
    let live = true;
    api.GET('/v1/environments').then(({ data, error }) => {
      if (!live) return;
      if (data) setEnvironments(data.entries.map((e) => e.name));
      else setLoadError(errorMessage(error));
    });
    return () => {
      live = false;
    };
  }, [loggedIn]);

  useEffect(() => {
    if (!loggedIn && route.page !== 'login') navigate('/login', { replace: true });
    if (loggedIn && environments && (route.page === 'home' || route.page === 'login')) {
      navigate(paths.sources(environments.includes('development') ? 'development' : environments[0]), { replace: true });
    }
  }, [loggedIn, environments, route.page]);

  if (!loggedIn || route.page === 'login') {
    return <LoginPage onLoggedIn={() => setLoggedIn(true)} />;
  }
  if (loadError) return <main className="page"><p className="notice error">{loadError}</p></main>;
  if (!environments || route.page === 'home') return <main className="page"><p className="muted">Loading…</p></main>;

  const env = route.env;
  const logOut = () => {
    session.logOut();
    setEnvironments(null);
    setLoggedIn(false);
  };
  return (
    <>
      <TopBar environments={environments} env={env} path={path} onLogOut={logOut} />
      <main className="page">
        {!environments.includes(env) ? (
          <div className="empty">
            <h2>No environment “{env}”</h2>
            <p>Pick one of your environments in the top bar.</p>
          </div>
        ) : route.page === 'sources' ? (
          <SourcesPage env={env} />
        ) : route.page === 'new-source' ? (
          <CreateSourcePage env={env} />
        ) : route.page === 'source' ? (
          <SourcePage env={env} sourceKey={route.source} tab={route.tab} rest={route.rest} />
        ) : (
          SECTIONS.find((s) => s.id === route.section)?.render({ env, rest: route.rest }) ?? (
            <div className="empty">
              <h2>No page here</h2>
              <p>Pick a page in the top bar.</p>
            </div>
          )
        )}
      </main>
    </>
  );
}
