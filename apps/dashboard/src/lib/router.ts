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
  /** A source's tab (`setup`, and the others of SOURCE_TABS), with whatever follows it, e.g. a log id. */
  | { page: 'source'; env: string; source: string; tab: string; rest: string[] }
  /** A page of the top bar other than Sources (SECTIONS), with whatever follows it. */
  | { page: 'section'; env: string; section: string; rest: string[] }
  | { page: 'home' };

/** `/environments/{env}/sources[/new | /{key}/{tab}[/…]]` or `/environments/{env}/{section}[/…]`; anything else goes home. */
export function parseRoute(path: string): Route {
  if (path === '/login') return { page: 'login' };
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] !== 'environments' || !parts[1] || !parts[2]) return { page: 'home' };
  const env = parts[1];
  if (parts[2] !== 'sources') return { page: 'section', env, section: parts[2], rest: parts.slice(3) };
  if (parts.length === 3) return { page: 'sources', env };
  if (parts.length === 4 && parts[3] === 'new') return { page: 'new-source', env };
  if (parts.length >= 5) return { page: 'source', env, source: parts[3], tab: parts[4], rest: parts.slice(5) };
  return { page: 'home' };
}

const segments = (...parts: string[]) => parts.map(encodeURIComponent).join('/');

export const paths = {
  sources: (env: string) => `/environments/${segments(env)}/sources`,
  newSource: (env: string) => `/environments/${segments(env)}/sources/new`,
  /** A tab of a source, and what follows it (e.g. a log id). */
  sourceTab: (env: string, source: string, tab: string, ...rest: string[]) => `/environments/${segments(env, 'sources', source, tab, ...rest)}`,
  setup: (env: string, source: string) => paths.sourceTab(env, source, 'setup'),
  section: (env: string, section: string, ...rest: string[]) => `/environments/${segments(env, section, ...rest)}`,
  /** Workflows, API keys and the directory's entries (pages/sections.tsx), for other screens to link to. */
  workflows: (env: string) => paths.section(env, 'workflows'),
  workflow: (env: string, key: string) => paths.section(env, 'workflows', key),
  apiKeys: (env: string) => paths.section(env, 'api-keys'),
  directory: (env: string, kind?: 'users' | 'objects' | 'tenants' | 'audiences' | 'workflow-runs') => (kind ? paths.section(env, 'directory', kind) : paths.section(env, 'directory')),
  user: (env: string, id: string) => paths.section(env, 'directory', 'users', id),
  object: (env: string, collection: string, id: string) => paths.section(env, 'directory', 'objects', collection, id),
  tenant: (env: string, id: string) => paths.section(env, 'directory', 'tenants', id),
  audience: (env: string, key: string) => paths.section(env, 'directory', 'audiences', key),
  workflowRun: (env: string, id: string) => paths.section(env, 'directory', 'workflow-runs', id),
};

/** A link that navigates in place: for `<a href>` with an onClick. */
export function follow(path: string) {
  return (e: { preventDefault(): void; metaKey?: boolean; ctrlKey?: boolean }) => {
    if (e.metaKey || e.ctrlKey) return;
    e.preventDefault();
    navigate(path);
  };
}
