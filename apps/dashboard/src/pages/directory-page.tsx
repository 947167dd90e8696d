import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage } from '../api/api-errors';
import { ErrorNotice } from '../components/field-error';
import { PayloadTree } from '../components/payload-tree';
import { follow, navigate, paths } from '../lib/router';
import type { SectionProps } from './sections';

type Kind = 'users' | 'objects' | 'tenants' | 'audiences' | 'workflow-runs';
const KINDS: { id: Kind; label: string }[] = [
  { id: 'workflow-runs', label: 'Workflow runs' },
  { id: 'users', label: 'Users' },
  { id: 'objects', label: 'Objects' },
  { id: 'tenants', label: 'Tenants' },
  { id: 'audiences', label: 'Audiences' },
];

/**
 * The built-in directory of one environment, read-only: `…/directory/users/{id}`,
 * `…/objects/{collection}/{id}`, `…/tenants/{id}`, `…/audiences/{key}`, `…/workflow-runs[/{id}]`.
 * Each has its own URL so a log's action result can link to it (paths.user, paths.workflowRun…).
 */
export function DirectoryPage({ env, rest }: SectionProps) {
  const kind = (KINDS.find((k) => k.id === rest[0])?.id ?? 'workflow-runs') as Kind;
  const ids = rest.slice(1);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Directory</h1>
          <p className="muted">What the actions wrote in {env}: users, objects, tenants, audiences and workflow runs. Read-only.</p>
        </div>
      </div>
      <nav className="tabs" aria-label="Directory">
        {KINDS.map((k) => (
          <a key={k.id} href={paths.directory(env, k.id)} className={k.id === kind ? 'active' : undefined} aria-current={k.id === kind ? 'page' : undefined} onClick={follow(paths.directory(env, k.id))}>
            {k.label}
          </a>
        ))}
      </nav>
      {kind === 'workflow-runs' ? (
        ids[0] ? <WorkflowRunView key={ids[0]} env={env} id={ids[0]} /> : <WorkflowRuns env={env} />
      ) : (
        <Lookup key={`${kind}/${ids.join('/')}`} env={env} kind={kind} ids={ids} />
      )}
    </>
  );
}

const LOOKUP: Record<Exclude<Kind, 'workflow-runs'>, { noun: string; fields: string[]; example: string[] }> = {
  users: { noun: 'user', fields: ['User id'], example: ['user_123'] },
  objects: { noun: 'object', fields: ['Collection', 'Object id'], example: ['projects', 'project_1'] },
  tenants: { noun: 'tenant', fields: ['Tenant id'], example: ['acme'] },
  audiences: { noun: 'audience', fields: ['Audience key'], example: ['beta-testers'] },
};

/** A form to look one up by id, and the entry at the URL's ids when there are any. */
function Lookup({ env, kind, ids }: { env: string; kind: Exclude<Kind, 'workflow-runs'>; ids: string[] }) {
  const spec = LOOKUP[kind];
  const [values, setValues] = useState<string[]>(spec.fields.map((_, i) => ids[i] ?? ''));
  const complete = ids.length === spec.fields.length && ids.every(Boolean);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (values.every((v) => v.trim())) navigate(paths.section(env, 'directory', kind, ...values.map((v) => v.trim())));
  }

  return (
    <>
      <form className="card lookup section-gap" onSubmit={submit} aria-label={`Look up a ${spec.noun}`}>
        {spec.fields.map((label, i) => (
          <div className="field" key={label}>
            <label htmlFor={`lookup-${i}`}>{label}</label>
            <input id={`lookup-${i}`} className="mono" value={values[i]} placeholder={spec.example[i]} onChange={(e) => setValues((v) => v.map((x, j) => (j === i ? e.target.value : x)))} />
          </div>
        ))}
        <button type="submit" className="button primary" disabled={!values.every((v) => v.trim())}>
          Look up
        </button>
      </form>
      {complete ? (
        <Entry env={env} kind={kind} ids={ids} />
      ) : (
        <p className="muted">Enter a {spec.noun}&apos;s {spec.fields.join(' and ').toLowerCase()} to read it. A log&apos;s action results link here too.</p>
      )}
    </>
  );
}

type Loaded = { entity?: Record<string, unknown>; list?: { title: string; rows: ReactNode[] }; error?: string };

function Entry({ env, kind, ids }: { env: string; kind: Exclude<Kind, 'workflow-runs'>; ids: string[] }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  useEffect(() => {
    let live = true;
    const query = { environment: env };
    const done = (value: Loaded) => live && setLoaded(value);
    if (kind === 'users')
      api.GET('/v1/users/{id}', { params: { path: { id: ids[0] }, query } }).then(({ data, error }) => done(data ? { entity: data } : { error: errorMessage(error) }));
    if (kind === 'tenants')
      api.GET('/v1/tenants/{id}', { params: { path: { id: ids[0] }, query } }).then(({ data, error }) => done(data ? { entity: data } : { error: errorMessage(error) }));
    if (kind === 'objects') {
      const path = { collection: ids[0], id: ids[1] };
      Promise.all([api.GET('/v1/objects/{collection}/{id}', { params: { path, query } }), api.GET('/v1/objects/{collection}/{id}/subscriptions', { params: { path, query } })]).then(([object, subs]) =>
        done(
          object.data
            ? {
                entity: object.data,
                list: {
                  title: 'Subscribers',
                  rows: (subs.data?.entries ?? []).map((s) => <RecipientLink key={`${s.recipient.kind}/${s.recipient.id}`} env={env} recipient={s.recipient} />),
                },
              }
            : { error: errorMessage(object.error) },
        ),
      );
    }
    if (kind === 'audiences')
      api.GET('/v1/audiences/{key}/members', { params: { path: { key: ids[0] }, query } }).then(({ data, error }) =>
        done(
          data
            ? {
                list: {
                  title: 'Members',
                  rows: data.entries.map((m) => (
                    <span key={`${m.user_id}/${m.tenant}`}>
                      <a href={paths.user(env, m.user_id)} onClick={follow(paths.user(env, m.user_id))}>
                        {m.user_id}
                      </a>
                      {m.tenant && <span className="muted"> · tenant {m.tenant}</span>}
                    </span>
                  )),
                },
              }
            : { error: errorMessage(error) },
        ),
      );
    return () => {
      live = false;
    };
  }, [env, kind, ids.join('/')]);

  if (!loaded) return <p className="muted">Loading…</p>;
  if (loaded.error)
    return (
      <>
        <p className="notice error" role="alert">
          {loaded.error}
        </p>
        {kind === 'users' && <p className="muted">A workflow run&apos;s recipient is here only once identified: by an identify_user action, or when the trigger sends it with a profile.</p>}
      </>
    );
  return (
    <article className="card section-gap" data-testid="directory-entry">
      <h2>
        <code>{ids.join(' / ')}</code>
      </h2>
      {loaded.entity && <EntityFields entity={loaded.entity} />}
      {loaded.list && (
        <>
          <h3>{loaded.list.title}</h3>
          {loaded.list.rows.length ? <ul className="plain-list">{loaded.list.rows.map((row, i) => <li key={i}>{row}</li>)}</ul> : <p className="muted">None.</p>}
        </>
      )}
      {kind === 'users' && (
        <p>
          <a href={`${paths.directory(env, 'workflow-runs')}?recipient=${encodeURIComponent(ids[0])}`} onClick={follow(`${paths.directory(env, 'workflow-runs')}?recipient=${encodeURIComponent(ids[0])}`)}>
            Workflow runs for this user
          </a>
        </p>
      )}
    </article>
  );
}

/** Scalar fields as a list, objects (properties, settings…) as JSON. */
function EntityFields({ entity }: { entity: Record<string, unknown> }) {
  const scalars = Object.entries(entity).filter(([, v]) => v === null || typeof v !== 'object');
  const nested = Object.entries(entity).filter(([, v]) => v !== null && typeof v === 'object');
  return (
    <>
      <dl className="entity-fields">
        {scalars.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd className="mono">{value === null ? 'null' : String(value)}</dd>
          </div>
        ))}
      </dl>
      {nested.map(([name, value]) => (
        <div key={name}>
          <h3>{name}</h3>
          <PayloadTree body={value} />
        </div>
      ))}
    </>
  );
}

function RecipientLink({ env, recipient }: { env: string; recipient: Schemas['Recipient'] }) {
  const to = recipient.kind === 'user' ? paths.user(env, recipient.id) : paths.object(env, recipient.collection, recipient.id);
  return (
    <a href={to} onClick={follow(to)}>
      {recipient.kind === 'user' ? recipient.id : `${recipient.collection}/${recipient.id}`}
    </a>
  );
}

const RUN_FILTERS = ['workflow', 'recipient', 'recipient_collection', 'event_id', 'status'] as const;
type RunFilters = Partial<Record<(typeof RUN_FILTERS)[number], string>>;

/** Workflow runs, newest first, with the api's filters (kept in the URL's query) and cursor paging. */
function WorkflowRuns({ env }: { env: string }) {
  const initial = (): RunFilters => Object.fromEntries(RUN_FILTERS.map((f) => [f, new URLSearchParams(window.location.search).get(f) ?? '']));
  const [form, setForm] = useState<RunFilters>(initial);
  const [filters, setFilters] = useState<RunFilters>(initial);
  const [pages, setPages] = useState<string[]>([]);
  const [runs, setRuns] = useState<Schemas['WorkflowRun'][] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setRuns(null);
    const set = Object.fromEntries(Object.entries(filters).filter(([, v]) => v));
    const cursor = pages[pages.length - 1];
    api
      .GET('/v1/workflow-runs', { params: { query: { environment: env, ...set, ...(cursor ? { cursor } : {}) } as { environment: string } } })
      .then(({ data, error: failure }) => {
        if (!live) return;
        if (!data) return setError(errorMessage(failure));
        setError(null);
        setRuns(data.entries);
        setNext(data.page_info.next_cursor);
      });
    return () => {
      live = false;
    };
  }, [env, filters, pages]);

  function apply(event: FormEvent) {
    event.preventDefault();
    const query = new URLSearchParams(Object.entries(form).filter(([, v]) => v) as [string, string][]).toString();
    window.history.replaceState(null, '', `${paths.directory(env, 'workflow-runs')}${query ? `?${query}` : ''}`);
    setPages([]);
    setFilters({ ...form });
  }

  const input = (name: (typeof RUN_FILTERS)[number], label: string, placeholder: string) => (
    <div className="field">
      <label htmlFor={`run-${name}`}>{label}</label>
      <input id={`run-${name}`} className="mono" value={form[name] ?? ''} placeholder={placeholder} onChange={(e) => setForm((f) => ({ ...f, [name]: e.target.value }))} />
    </div>
  );

  return (
    <>
      <form className="card filters section-gap" onSubmit={apply} aria-label="Filter workflow runs">
        {input('workflow', 'Workflow', 'onboarding')}
        {input('recipient', 'Recipient id', 'user_123')}
        {input('recipient_collection', 'Recipient collection', 'for an object')}
        {input('event_id', 'Event id', 'the log id')}
        <div className="field">
          <label htmlFor="run-status">Status</label>
          <select id="run-status" className="picker" value={form.status ?? ''} onChange={(e) => setForm((f) => ({ ...f, status: e.target.value }))}>
            <option value="">Any</option>
            <option value="pending">pending</option>
            <option value="canceled">canceled</option>
          </select>
        </div>
        <button type="submit" className="button primary">
          Filter
        </button>
      </form>
      <ErrorNotice message={error} />
      {!runs && !error && <p className="muted">Loading…</p>}
      {runs && runs.length === 0 && (
        <div className="empty card">
          <h2>No workflow runs{Object.values(filters).some(Boolean) ? ' match these filters' : ` in ${env} yet`}</h2>
          <p>A run is made for each recipient when a trigger_workflow mapping or a legacy trigger fires. Send an event, then look again.</p>
        </div>
      )}
      {runs && runs.length > 0 && (
        <div className="card flush">
          <table className="table responsive" data-testid="workflow-runs">
            <thead>
              <tr>
                <th>Run</th>
                <th>Workflow</th>
                <th>Recipient</th>
                <th>Status</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td data-label="Run">
                    <a href={paths.workflowRun(env, run.id)} onClick={follow(paths.workflowRun(env, run.id))} className="mono">
                      {run.id}
                    </a>
                  </td>
                  <td data-label="Workflow">
                    <code>{run.workflow}</code>
                  </td>
                  <td data-label="Recipient">
                    <RecipientLink env={env} recipient={run.recipient} />
                  </td>
                  <td data-label="Status">{run.status}</td>
                  <td data-label="Created">{new Date(run.created_at).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {(pages.length > 0 || next) && (
        <div className="actions pager">
          <button type="button" className="button secondary" disabled={pages.length === 0} onClick={() => setPages((p) => p.slice(0, -1))}>
            Newer
          </button>
          <button type="button" className="button secondary" disabled={!next} onClick={() => next && setPages((p) => [...p, next])}>
            Older
          </button>
        </div>
      )}
    </>
  );
}

/** One run: who it was for, its data, and the event that made it. */
function WorkflowRunView({ env, id }: { env: string; id: string }) {
  const [run, setRun] = useState<Schemas['WorkflowRun'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.GET('/v1/workflow-runs/{id}', { params: { path: { id }, query: { environment: env } } }).then(({ data, error: failure }) => (data ? setRun(data) : setError(errorMessage(failure))));
  }, [env, id]);

  const back = (
    <a className="back" href={paths.directory(env, 'workflow-runs')} onClick={follow(paths.directory(env, 'workflow-runs'))}>
      ← All workflow runs
    </a>
  );
  if (error)
    return (
      <>
        {back}
        <p className="notice error" role="alert">
          {error}
        </p>
      </>
    );
  if (!run) return <p className="muted">Loading…</p>;
  const logTo = paths.sourceTab(env, run.source, 'logs', run.event_id);
  return (
    <>
      {back}
      <article className="card section-gap" data-testid="workflow-run">
        <h2>
          Run <code>{run.id}</code>
        </h2>
        <dl className="entity-fields">
          <div>
            <dt>Workflow</dt>
            <dd>
              <a href={paths.workflow(env, run.workflow)} onClick={follow(paths.workflow(env, run.workflow))}>
                {run.workflow}
              </a>
            </dd>
          </div>
          <div>
            <dt>Recipient</dt>
            <dd>
              <RecipientLink env={env} recipient={run.recipient} />
            </dd>
          </div>
          {run.actor && (
            <div>
              <dt>Actor</dt>
              <dd>
                <RecipientLink env={env} recipient={run.actor} />
              </dd>
            </div>
          )}
          <div>
            <dt>Status</dt>
            <dd>
              {run.status}
              {run.canceled_at && ` (${new Date(run.canceled_at).toLocaleString()})`}
            </dd>
          </div>
          <div>
            <dt>Created</dt>
            <dd>{new Date(run.created_at).toLocaleString()}</dd>
          </div>
          {run.tenant && (
            <div>
              <dt>Tenant</dt>
              <dd>
                <a href={paths.tenant(env, run.tenant)} onClick={follow(paths.tenant(env, run.tenant))}>
                  {run.tenant}
                </a>
              </dd>
            </div>
          )}
          {run.cancellation_key && (
            <div>
              <dt>Cancellation key</dt>
              <dd className="mono">{run.cancellation_key}</dd>
            </div>
          )}
          <div>
            <dt>Event</dt>
            <dd>
              <a href={logTo} onClick={follow(logTo)} className="mono">
                {run.event_id}
              </a>{' '}
              <span className="muted">from {run.source}</span>
            </dd>
          </div>
        </dl>
        <h3>Data</h3>
        <PayloadTree body={run.data} />
      </article>
    </>
  );
}
