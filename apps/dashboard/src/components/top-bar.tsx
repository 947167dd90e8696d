import { navigate, paths } from '../lib/router';

/** Product name, navigation, the environment every page shows, and log out. */
export function TopBar({ environments, env, path, onLogOut }: { environments: string[]; env: string; path: string; onLogOut: () => void }) {
  // Switching keeps the page: the same source's setup in the other environment.
  const switchTo = (next: string) => navigate(path.replace(/^\/environments\/[^/]+/, `/environments/${encodeURIComponent(next)}`));
  return (
    <header className="top-bar">
      <a className="brand" href={paths.sources(env)} onClick={(e) => { e.preventDefault(); navigate(paths.sources(env)); }}>
        <span className="brand-mark" aria-hidden="true" />
        Inlet
      </a>
      <nav className="top-nav">
        <a href={paths.sources(env)} className="active" onClick={(e) => { e.preventDefault(); navigate(paths.sources(env)); }}>
          Sources
        </a>
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
