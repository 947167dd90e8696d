import { useEffect, useState } from 'react';

// A few routes do not need a router library: the path is the state, history does the rest.
const listeners = new Set<() => void>();
window.addEventListener('popstate', () => listeners.forEach((listener) => listener()));

export function navigate(path: string, opts: { replace?: boolean } = {}): void {
  if (path === window.location.pathname + window.location.search) return;
  if (opts.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  listeners.forEach((listener) => listener());
  window.scrollTo(0, 0);
}

export function usePath(): string {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return path;
}

export type Route =
  | { page: 'login' }
  | { page: 'sources'; env: string }
  | { page: 'new-source'; env: string }
  | { page: 'setup'; env: string; source: string }
  | { page: 'home' };

/** `/environments/{env}/sources[/new | /{key}/setup]`; anything else goes home. */
export function parseRoute(path: string): Route {
  if (path === '/login') return { page: 'login' };
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'environments' && parts[1] && parts[2] === 'sources') {
    const env = parts[1];
    if (parts.length === 3) return { page: 'sources', env };
    if (parts.length === 4 && parts[3] === 'new') return { page: 'new-source', env };
    if (parts.length === 5 && parts[4] === 'setup') return { page: 'setup', env, source: parts[3] };
  }
  return { page: 'home' };
}

export const paths = {
  sources: (env: string) => `/environments/${encodeURIComponent(env)}/sources`,
  newSource: (env: string) => `/environments/${encodeURIComponent(env)}/sources/new`,
  setup: (env: string, source: string) => `/environments/${encodeURIComponent(env)}/sources/${encodeURIComponent(source)}/setup`,
};
