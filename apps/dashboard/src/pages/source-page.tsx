import { useEffect, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage } from '../api/api-errors';
import { follow, paths } from '../lib/router';
import { SOURCE_TABS } from './source-tabs';

/**
 * One source in one environment: its name, key and type, the tabs its type has (SOURCE_TABS), and
 * the open tab, which gets what follows it in the path (e.g. a log id).
 */
export function SourcePage({ env, sourceKey, tab, rest }: { env: string; sourceKey: string; tab: string; rest: string[] }) {
  const [source, setSource] = useState<Schemas['Source'] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setSource(null);
    setError(null);
    api.GET('/v1/sources/{key}', { params: { path: { key: sourceKey } } }).then(({ data, error: failure }) => {
      if (!live) return;
      if (data) setSource(data);
      else setError(errorMessage(failure));
    });
    return () => {
      live = false;
    };
  }, [sourceKey]);

  // A tab that renames the source (Settings) says so, so the header shows the new name.
  useEffect(() => {
    const changed = (e: Event) => {
      const next = (e as CustomEvent<Schemas['Source']>).detail;
      if (next?.key === sourceKey) setSource(next);
    };
    window.addEventListener('inlet:source-changed', changed);
    return () => window.removeEventListener('inlet:source-changed', changed);
  }, [sourceKey]);

  if (error) return <p className="notice error">{error}</p>;
  if (!source) return <p className="muted">Loading…</p>;
  const tabs = SOURCE_TABS.filter((t) => !t.types || t.types.includes(source.type));
  const open = tabs.find((t) => t.id === tab);

  return (
    <>
      <div className="page-header">
        <div>
          <a className="back" href={paths.sources(env)} onClick={follow(paths.sources(env))}>
            ← Sources
          </a>
          <h1>{source.name}</h1>
          <p className="muted">
            <code>{source.key}</code> · {source.type === 'legacy_http' ? 'Legacy HTTP' : 'Custom HTTP'} · {env}
          </p>
        </div>
      </div>
      <nav className="tabs" aria-label="Source">
        {tabs.map((t) => {
          const to = paths.sourceTab(env, source.key, t.id);
          return (
            <a key={t.id} href={to} className={t.id === tab ? 'active' : undefined} aria-current={t.id === tab ? 'page' : undefined} onClick={follow(to)}>
              {t.label}
            </a>
          );
        })}
      </nav>
      {open ? open.render({ env, source, rest }) : <p className="notice error">This source has no “{tab}” tab.</p>}
    </>
  );
}
