import { useEffect, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage } from '../api/api-errors';
import { TimeAgo } from '../components/time-ago';
import { navigate, paths } from '../lib/router';

type Activity = Schemas['SourceActivity'];

/** Every source with what it received in this environment, or what to do when there is none. */
export function SourcesPage({ env }: { env: string }) {
  const [sources, setSources] = useState<Schemas['Source'][] | null>(null);
  const [activity, setActivity] = useState<Map<string, Activity>>(new Map());
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    Promise.all([api.GET('/v1/sources'), api.GET('/v1/environments/{env}/source-activity', { params: { path: { env } } })]).then(([list, stats]) => {
      if (!live) return;
      if (!list.data) return setError(errorMessage(list.error));
      setSources(list.data.entries);
      setActivity(new Map((stats.data?.entries ?? []).map((a) => [a.source, a])));
    });
    return () => {
      live = false;
    };
  }, [env]);

  const now = Date.now();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Sources</h1>
          <p className="muted">Services that send webhooks to Inlet. Each has its own endpoint in every environment.</p>
        </div>
        {sources && sources.length > 0 && (
          <button type="button" className="button primary" onClick={() => navigate(paths.newSource(env))}>
            Add source
          </button>
        )}
      </div>
      {error && <p className="notice error">{error}</p>}
      {!sources && !error && <p className="muted">Loading…</p>}
      {sources && sources.length === 0 && (
        <div className="empty card" data-testid="sources-empty">
          <h2>No sources yet</h2>
          <p>Add a source to get an endpoint URL for a service&apos;s webhooks; the setup then walks you through sending the first event.</p>
          <button type="button" className="button primary" onClick={() => navigate(paths.newSource(env))}>
            Add your first source
          </button>
        </div>
      )}
      {sources && sources.length > 0 && (
        <div className="card flush">
          <table className="table responsive" data-testid="sources">
            <thead>
              <tr>
                <th>Name</th>
                <th>Key</th>
                <th>Type</th>
                <th>Last event received</th>
                <th className="num">Events, last 24 h</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((source) => {
                const stats = activity.get(source.key);
                return (
                  <tr key={source.key} className="clickable" onClick={() => navigate(paths.setup(env, source.key))}>
                    <td data-label="Name">
                      <a
                        href={paths.setup(env, source.key)}
                        onClick={(e) => {
                          e.preventDefault();
                          e.stopPropagation();
                          navigate(paths.setup(env, source.key));
                        }}
                      >
                        {source.name}
                      </a>
                    </td>
                    <td data-label="Key">
                      <code>{source.key}</code>
                    </td>
                    <td data-label="Type">{source.type === 'legacy_http' ? 'Legacy HTTP' : 'Custom HTTP'}</td>
                    <td data-label="Last event">{stats?.last_event_at ? <TimeAgo at={stats.last_event_at} now={now} /> : <span className="muted">None yet</span>}</td>
                    <td data-label="Events, 24 h" className="num">
                      {stats ? stats.events_last_24h.toLocaleString() : '–'}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
