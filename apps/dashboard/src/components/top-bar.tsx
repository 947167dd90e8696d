import { follow, navigate, parseRoute, paths } from '../lib/router';
import { SECTIONS } from '../pages/sections';

/** Product name, navigation, the environment every page shows, and log out. */
export function TopBar({ environments, env, path, onLogOut }: { environments: string[]; env: string; path: string; onLogOut: () => void }) {
  // Switching keeps the page: the same source's setup in the other environment.
  const route = parseRoute(path);
  const section = route.page === 'section' ? route.section : 'sources';
  const switchTo = (next: string) => navigate(path.replace(/^\/environments\/[^/]+/, `/environments/${encodeURIComponent(next)}`));
  return (
    <header className="top-bar">
      <a className="brand" href={paths.sources(env)} onClick={follow(paths.sources(env))}>
        <span className="brand-mark" aria-hidden="true" />
        Inlet
      </a>
      <nav className="top-nav">
        <a href={paths.sources(env)} className={section === 'sources' ? 'active' : undefined} onClick={follow(paths.sources(env))}>
          Sources
        </a>
        {SECTIONS.map((s) => (
          <a key={s.id} href={paths.section(env, s.id)} className={section === s.id ? 'active' : undefined} onClick={follow(paths.section(env, s.id))}>
            {s.label}
          </a>
        ))}
      </nav>
      <label className="env-switch">
        <span className="env-label">Environment</span>
        <select value={env} onChange={(e) => switchTo(e.target.value)} aria-label="Environment" data-testid="environment">
          {environments.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" className="button ghost small" onClick={onLogOut}>
        Log out
      </button>
    </header>
  );
}
