import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { fieldErrors, type FieldErrors } from '../api/api-errors';
import { follow, navigate, paths } from '../lib/router';
import { localInputToIso, statusWords, STATUS_OPTIONS, type LogStatus } from '../lib/log-words';
import type { SourceTabProps } from './source-tabs';
import { LogPage } from './logs-detail';
import { LogStatusBadge } from '../components/log-status-badge';

/** How often the list asks the live feed for new logs, and re-reads the pending ones it shows. */
const POLL_MS = 2000;
/** Pending rows re-read per poll: a burst of new events must not turn into a burst of requests. */
const PENDING_REFRESH_MAX = 10;
const PAGE_SIZE = 50;

type Summary = Schemas['LogSummary'];
type Filters = { status: LogStatus | ''; event_type: string; id: string; from: string; to: string };
const NO_FILTERS: Filters = { status: '', event_type: '', id: '', from: '', to: '' };
const FILTER_FIELDS = ['status', 'event_type', 'id', 'from', 'to'] as const;
/** The filters last applied per source environment, so going back from a log keeps them (until the tab is reloaded). */
const lastFilters = new Map<string, Filters>();

/** The Logs tab: the list, or one log when its id follows in the path. */
export function LogsTab({ env, source, rest }: SourceTabProps) {
  if (rest[0]) return <LogPage key={`${env}/${source.key}/${rest[0]}`} env={env} sourceKey={source.key} id={rest[0]} />;
  return <LogList key={`${env}/${source.key}`} env={env} sourceKey={source.key} />;
}

function toQuery(f: Filters) {
  return {
    ...(f.status ? { status: f.status } : {}),
    ...(f.event_type.trim() ? { event_type: f.event_type.trim() } : {}),
    ...(f.id.trim() ? { id: f.id.trim() } : {}),
    ...(localInputToIso(f.from) ? { from: localInputToIso(f.from) } : {}),
    ...(localInputToIso(f.to) ? { to: localInputToIso(f.to) } : {}),
  };
}

/**
 * A source environment's logs, newest first, live: the api's feed (`after=feed_cursor`) is polled
 * with the same filters and what it gives is put on top; rows still pending are re-read, since the
 * feed gives each log once.
 */
function LogList({ env, sourceKey }: { env: string; sourceKey: string }) {
  const remembered = lastFilters.get(`${env}/${sourceKey}`) ?? NO_FILTERS;
  const [draft, setDraft] = useState<Filters>(remembered);
  const [applied, setApplied] = useState<Filters>(remembered);
  const [entries, setEntries] = useState<Summary[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  const entriesRef = useRef<Summary[]>([]);
  entriesRef.current = entries ?? [];

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    let after: string | undefined;
    const query = toQuery(applied);
    lastFilters.set(`${env}/${sourceKey}`, applied);
    setEntries(null);
    setErrors({});
    setFresh(new Set());
    const path = { key: sourceKey, env };

    const poll = async () => {
      const { data } = await api.GET('/v1/sources/{key}/environments/{env}/logs', { params: { path, query: { ...query, after, limit: 100 } } });
      if (!live) return;
      const pending = entriesRef.current.filter((e) => e.status === 'pending').slice(0, PENDING_REFRESH_MAX);
      const updated = await Promise.all(pending.map((e) => api.GET('/v1/sources/{key}/environments/{env}/logs/{id}', { params: { path: { ...path, id: e.id } } })));
      if (!live) return;
      const byId = new Map(updated.flatMap((u) => (u.data ? [[u.data.id, u.data] as const] : [])));
      if (data) after = data.page_info.feed_cursor;
      const arrived = [...(data?.entries ?? [])].reverse();
      setEntries((current) => {
        const known = new Set((current ?? []).map((e) => e.id));
        const kept = (current ?? []).map((e) => {
          const now = byId.get(e.id);
          return now ? { ...e, status: now.status, event_type: now.event_type, verification: now.verification, idempotency: now.idempotency } : e;
        });
        return [...arrived.filter((e) => !known.has(e.id)), ...kept];
      });
      if (arrived.length) setFresh((f) => new Set([...f, ...arrived.map((e) => e.id)]));
      timer = setTimeout(poll, POLL_MS);
    };

    api.GET('/v1/sources/{key}/environments/{env}/logs', { params: { path, query: { ...query, limit: PAGE_SIZE } } }).then(({ data, error }) => {
      if (!live) return;
      if (!data) {
        setEntries([]);
        setErrors(fieldErrors(error, FILTER_FIELDS));
        return;
      }
      setEntries(data.entries);
      setNextCursor(data.page_info.next_cursor);
      after = data.page_info.feed_cursor;
      timer = setTimeout(poll, POLL_MS);
    });
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [applied, sourceKey, env]);

  async function older() {
    if (!nextCursor) return;
    setLoadingOlder(true);
    const { data, error } = await api.GET('/v1/sources/{key}/environments/{env}/logs', {
      params: { path: { key: sourceKey, env }, query: { ...toQuery(applied), limit: PAGE_SIZE, cursor: nextCursor } },
    });
    setLoadingOlder(false);
    if (!data) return setErrors(fieldErrors(error, FILTER_FIELDS));
    setEntries((current) => {
      const known = new Set((current ?? []).map((e) => e.id));
      return [...(current ?? []), ...data.entries.filter((e) => !known.has(e.id))];
    });
    setNextCursor(data.page_info.next_cursor);
  }

  function apply(e: FormEvent) {
    e.preventDefault();
    setApplied({ ...draft });
  }

  const filtered = Object.values(applied).some(Boolean);
  const set = (field: keyof Filters) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [field]: e.target.value }));
  const invalid = (field: string) => (errors[field] ? { 'aria-invalid': true, 'aria-describedby': `log-filter-${field}-error` } : {});

  return (
    <>
      <form className="card log-filters" onSubmit={apply} aria-label="Filter logs">
        <div className={`field${errors.status ? ' invalid' : ''}`}>
          <label htmlFor="log-filter-status">Status</label>
          <select id="log-filter-status" value={draft.status} onChange={set('status')} {...invalid('status')}>
            <option value="">Any status</option>
            {STATUS_OPTIONS.map((s) => (
              <option key={s} value={s}>
                {statusWords(s).label}
              </option>
            ))}
          </select>
          <FieldError field="status" errors={errors} />
        </div>
        <div className={`field${errors.event_type ? ' invalid' : ''}`}>
          <label htmlFor="log-filter-event_type">Event type</label>
          <input id="log-filter-event_type" value={draft.event_type} onChange={set('event_type')} placeholder="task.assigned" {...invalid('event_type')} />
          <FieldError field="event_type" errors={errors} />
        </div>
        <div className={`field log-filter-wide${errors.id ? ' invalid' : ''}`}>
          <label htmlFor="log-filter-id">Log id</label>
          <input id="log-filter-id" value={draft.id} onChange={set('id')} placeholder="Event id" {...invalid('id')} />
          <FieldError field="id" errors={errors} />
        </div>
        <div className={`field log-filter-wide${errors.from ? ' invalid' : ''}`}>
          <label htmlFor="log-filter-from">Received from</label>
          <input id="log-filter-from" type="datetime-local" step="1" value={draft.from} onChange={set('from')} {...invalid('from')} />
          <FieldError field="from" errors={errors} />
        </div>
        <div className={`field log-filter-wide${errors.to ? ' invalid' : ''}`}>
          <label htmlFor="log-filter-to">Received until</label>
          <input id="log-filter-to" type="datetime-local" step="1" value={draft.to} onChange={set('to')} {...invalid('to')} />
          <FieldError field="to" errors={errors} />
        </div>
        <div className="log-filter-actions">
          <button type="submit" className="button primary">
            Apply filters
          </button>
          {filtered && (
            <button
              type="button"
              className="button secondary"
              onClick={() => {
                setDraft(NO_FILTERS);
                setApplied(NO_FILTERS);
              }}
            >
              Clear
            </button>
          )}
        </div>
      </form>
      {errors.form && <p className="notice error" role="alert">{errors.form}</p>}

      <p className="status live log-live" data-testid="logs-live">
        <span className="dot ok pulse" aria-hidden="true" /> Live: new requests appear here as they arrive{filtered ? ' (if they match the filters)' : ''}.
      </p>

      {entries === null && <p className="muted">Loading…</p>}
      {entries !== null && entries.length === 0 && !errors.form && Object.keys(errors).length === 0 && (
        <div className="empty card" data-testid="logs-empty">
          {filtered ? (
            <>
              <h2>No logs match these filters</h2>
              <p>Widen the time range or clear the filters. Matching requests that arrive now still appear here.</p>
            </>
          ) : (
            <>
              <h2>No requests received in {env} yet</h2>
              <p>
                Every request sent to this source&apos;s endpoint appears here, accepted or refused, the moment it arrives. The{' '}
                <a href={paths.setup(env, sourceKey)} onClick={follow(paths.setup(env, sourceKey))}>
                  Setup
                </a>{' '}
                tab has the endpoint URL and a command that sends one.
              </p>
            </>
          )}
        </div>
      )}
      {entries !== null && entries.length > 0 && (
        <div className="card flush">
          <table className="table responsive log-table" data-testid="logs">
            <thead>
              <tr>
                <th>Received</th>
                <th>Event type</th>
                <th>Status</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((log) => {
                const to = paths.sourceTab(env, sourceKey, 'logs', log.id);
                const words = statusWords(log.status);
                return (
                  <tr key={log.id} className={`clickable${fresh.has(log.id) ? ' fresh' : ''}`} onClick={() => navigate(to)} data-log-id={log.id}>
                    <td data-label="Received">
                      <a href={to} onClick={(e) => { e.stopPropagation(); follow(to)(e); }} title={`Open log ${log.id}`}>
                        <time dateTime={log.received_at}>{new Date(log.received_at).toLocaleString()}</time>
                      </a>
                    </td>
                    <td data-label="Event type">{log.event_type ? <code>{log.event_type}</code> : <span className="muted" title="Refused, or not yet verified, before its event type was read">not read</span>}</td>
                    <td data-label="Status">
                      <LogStatusBadge status={log.status} />
                    </td>
                    <td data-label="Why" className="log-why">
                      {words.tone === 'ok' ? <span className="muted">—</span> : words.reason}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {entries !== null && entries.length > 0 && (
        <div className="log-more">
          {nextCursor ? (
            <button type="button" className="button secondary" onClick={older} disabled={loadingOlder}>
              {loadingOlder ? 'Loading…' : 'Older logs'}
            </button>
          ) : (
            <p className="muted">That is every log{filtered ? ' matching the filters' : ''}.</p>
          )}
        </div>
      )}
    </>
  );
}

function FieldError({ field, errors }: { field: string; errors: FieldErrors }) {
  return errors[field] ? (
    <p className="field-error" id={`log-filter-${field}-error`}>
      {errors[field]}
    </p>
  ) : null;
}
