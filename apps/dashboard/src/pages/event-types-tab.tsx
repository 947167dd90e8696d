import { useCallback, useEffect, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage } from '../api/api-errors';
import { PayloadTree } from '../components/payload-tree';
import { timeAgo } from '../lib/format-time';
import { follow, paths } from '../lib/router';
import type { SourceTabProps } from './source-tabs';

/**
 * Every event type this source received in this environment (first and last seen, count); one
 * opened (`…/event-types/<type>`) pages through its recent samples, and offers a mapping from it.
 */
export function EventTypesTab({ env, source, rest }: SourceTabProps) {
  const [types, setTypes] = useState<Schemas['EventType'][] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = rest[0];

  useEffect(() => {
    let live = true;
    setTypes(null);
    api.GET('/v1/sources/{key}/environments/{env}/event-types', { params: { path: { key: source.key, env } } }).then(({ data, error: failure }) => {
      if (!live) return;
      if (data) setTypes(data.entries);
      else setError(errorMessage(failure));
    });
    return () => {
      live = false;
    };
  }, [source.key, env]);

  if (error) return <p className="notice error">{error}</p>;
  if (!types) return <p className="muted">Loading event types…</p>;
  if (open) return <EventTypeSamples env={env} sourceKey={source.key} type={open} known={types.find((t) => t.event_type === open)} />;
  if (types.length === 0)
    return (
      <div className="card empty" data-testid="event-types-empty">
        <h2>No events received in {env} yet</h2>
        <p>Each event type appears here once this source receives one. Send an event to its endpoint URL (the Setup tab has a command to paste), or a test event.</p>
        <a className="button primary" href={paths.setup(env, source.key)} onClick={follow(paths.setup(env, source.key))}>
          Go to setup
        </a>
      </div>
    );

  const now = Date.now();
  return (
    <div className="card flush">
      <table className="table responsive" data-testid="event-types">
        <thead>
          <tr>
            <th>Event type</th>
            <th>First seen</th>
            <th>Last seen</th>
            <th className="num">Count</th>
            <th>
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {types.map((t) => {
            const to = paths.sourceTab(env, source.key, 'event-types', t.event_type);
            const map = paths.sourceTab(env, source.key, 'mappings', 'new', t.event_type);
            return (
              <tr key={t.event_type}>
                <td data-label="Event type">
                  <a href={to} onClick={follow(to)}>
                    <code>{t.event_type}</code>
                  </a>
                </td>
                <td data-label="First seen" title={t.first_seen_at}>
                  {timeAgo(t.first_seen_at, now)}
                </td>
                <td data-label="Last seen" title={t.last_seen_at}>
                  {timeAgo(t.last_seen_at, now)}
                </td>
                <td data-label="Count" className="num">
                  {t.count}
                </td>
                <td data-label="">
                  <a className="button secondary small" href={map} onClick={follow(map)}>
                    Create action mapping
                  </a>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function EventTypeSamples({ env, sourceKey, type, known }: { env: string; sourceKey: string; type: string; known?: Schemas['EventType'] }) {
  const [samples, setSamples] = useState<Schemas['EventTypeSample'][] | null>(null);
  const [index, setIndex] = useState(0);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    setError(null);
    const { data, error: failure } = await api.GET('/v1/sources/{key}/environments/{env}/event-types/{type}/samples', { params: { path: { key: sourceKey, env, type } } });
    if (data) {
      setSamples(data.entries);
      setIndex(0);
    } else setError(errorMessage(failure));
  }, [sourceKey, env, type]);

  useEffect(() => {
    void load();
  }, [load]);

  const back = paths.sourceTab(env, sourceKey, 'event-types');
  const map = paths.sourceTab(env, sourceKey, 'mappings', 'new', type);
  const sample = samples?.[index];
  return (
    <div className="card" data-testid="event-type-samples">
      <div className="samples-head">
        <div>
          <a className="back" href={back} onClick={follow(back)}>
            ← Event types
          </a>
          <h2>
            <code>{type}</code>
          </h2>
          {known && (
            <p className="muted">
              {known.count} received · first {new Date(known.first_seen_at).toLocaleString()} · last {new Date(known.last_seen_at).toLocaleString()}
            </p>
          )}
        </div>
        <a className="button primary" href={map} onClick={follow(map)}>
          Create action mapping
        </a>
      </div>
      {error && <p className="notice error">{error}</p>}
      {!samples && !error && <p className="muted">Loading samples…</p>}
      {samples && samples.length === 0 && <p className="muted">No sample was kept for this type (it was last seen before samples were kept). The next event of this type will be one.</p>}
      {sample && (
        <>
          <SampleStepper index={index} count={samples.length} onStep={setIndex} onRefresh={() => void load()} receivedAt={sample.received_at} />
          <h3 className="pane-title">Body</h3>
          <PayloadTree body={sample.body} />
          <h3 className="pane-title">Headers</h3>
          <PayloadTree body={sample.headers} />
        </>
      )}
    </div>
  );
}

/** Up and down through a type's samples (newest first), and a refresh. */
export function SampleStepper({ index, count, onStep, onRefresh, receivedAt }: { index: number; count: number; onStep(i: number): void; onRefresh(): void; receivedAt: string }) {
  return (
    <div className="sample-stepper" role="group" aria-label="Samples">
      <button type="button" className="button secondary small" aria-label="Newer sample" disabled={index === 0} onClick={() => onStep(index - 1)}>
        ↑
      </button>
      <button type="button" className="button secondary small" aria-label="Older sample" disabled={index >= count - 1} onClick={() => onStep(index + 1)}>
        ↓
      </button>
      <span className="muted" data-testid="sample-position">
        Sample {index + 1} of {count} · {new Date(receivedAt).toLocaleString()}
      </span>
      <button type="button" className="button ghost small" onClick={onRefresh}>
        Refresh
      </button>
    </div>
  );
}
