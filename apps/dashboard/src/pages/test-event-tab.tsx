import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { fieldErrors, type FieldErrors } from '../api/api-errors';
import { FieldError, ErrorNotice } from '../components/field-error';
import { headerLines, isSettled, parseBody, parseHeaderLines, runIdsOf } from '../lib/workflow-forms';
import { follow, paths } from '../lib/router';
import type { SourceTabProps } from './source-tabs';

type Log = Schemas['Log'];
type Sample = Schemas['EventTypeSample'];

/** The environments where the api refuses test events (rehearse_not_allowed). */
const PROTECTED = new Set(['production']);
const POLL_MS = 1000;

/** What a sender of this type would post: a start to edit. */
function starterBody(type: Schemas['Source']['type']): string {
  const body =
    type === 'legacy_http'
      ? { type: 'track', event: 'Signed Up', userId: 'user_1', properties: { plan: 'pro' }, messageId: `test-${Math.random().toString(36).slice(2, 10)}` }
      : { type: 'task.assigned', task: { id: 'task_42', assignee: 'user_7' } };
  return JSON.stringify(body, null, 2);
}

/**
 * Test event: compose a body and headers (or start from a recent sample), send it through the
 * real pipeline (`POST …/rehearse`), and watch its log until it is final, polling `GET /v1/logs/{id}`.
 */
export function TestEventTab({ env, source }: SourceTabProps) {
  const [body, setBody] = useState(() => starterBody(source.type));
  const [headers, setHeaders] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [sending, setSending] = useState(false);
  const [eventId, setEventId] = useState<string | null>(null);
  const [log, setLog] = useState<Log | null>(null);
  const refused = PROTECTED.has(env);

  useEffect(() => {
    if (!eventId) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const { data } = await api.GET('/v1/logs/{id}', { params: { path: { id: eventId } } });
      if (!live) return;
      if (data) setLog(data);
      if (!data || !isSettled(data)) timer = setTimeout(poll, POLL_MS);
    };
    poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [eventId]);

  async function send(event: FormEvent) {
    event.preventDefault();
    const parsedBody = parseBody(body);
    const parsedHeaders = parseHeaderLines(headers);
    if (parsedBody.error || parsedHeaders.error) return setErrors({ ...(parsedBody.error ? { body: parsedBody.error } : {}), ...(parsedHeaders.error ? { headers: parsedHeaders.error } : {}) });
    setErrors({});
    setSending(true);
    const { data, error } = await api.POST('/v1/sources/{key}/environments/{env}/rehearse', {
      params: { path: { key: source.key, env } },
      body: { body: parsedBody.body, headers: parsedHeaders.headers },
    });
    setSending(false);
    if (!data) return setErrors(fieldErrors(error, ['body', 'headers']));
    setLog(null);
    setEventId(data.id);
  }

  return (
    <div className="test-event">
      {refused && (
        <p className="notice error" role="alert" data-testid="rehearse-refused">
          Test events are not allowed in {env}: they would run real actions on real data. Switch to another environment in the top bar to rehearse.
        </p>
      )}
      <form className="card form test-event-form section-gap" onSubmit={send} noValidate aria-label="Compose a test event">
        <div>
          <h2>Compose a test event</h2>
          <p className="muted">It goes through the real pipeline of {env}, as if posted to the endpoint (no signature needed), and runs the actions its mappings plan.</p>
        </div>
        <SamplePicker env={env} sourceKey={source.key} onPick={(sample) => { setBody(JSON.stringify(sample.body, null, 2)); setHeaders(headerLines(sample.headers)); }} />
        <div className={`field${errors.body ? ' invalid' : ''}`}>
          <label htmlFor="test-body">Body (JSON)</label>
          <textarea id="test-body" className="mono" rows={10} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} aria-invalid={errors.body ? true : undefined} aria-describedby={errors.body ? 'test-body-error' : undefined} />
          <FieldError id="test-body-error" message={errors.body} />
        </div>
        <div className={`field${errors.headers ? ' invalid' : ''}`}>
          <label htmlFor="test-headers">
            Headers <span className="optional">optional</span>
          </label>
          <textarea id="test-headers" className="mono" rows={3} value={headers} onChange={(e) => setHeaders(e.target.value)} spellCheck={false} placeholder="X-Event-Type: task.assigned" aria-invalid={errors.headers ? true : undefined} aria-describedby={errors.headers ? 'test-headers-error' : 'test-headers-hint'} />
          <p className="hint" id="test-headers-hint">
            One <code>Name: value</code> per line, e.g. a header the event type path reads.
          </p>
          <FieldError id="test-headers-error" message={errors.headers} />
        </div>
        <ErrorNotice message={errors.form} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={refused || sending}>
            {sending ? 'Sending…' : 'Send test event'}
          </button>
        </div>
      </form>
      {eventId && <LiveLog env={env} sourceKey={source.key} id={eventId} log={log} />}
    </div>
  );
}

/** Recent samples of each event type received here, to start from. */
function SamplePicker({ env, sourceKey, onPick }: { env: string; sourceKey: string; onPick: (sample: Sample) => void }) {
  const [types, setTypes] = useState<string[] | null>(null);
  const [type, setType] = useState('');
  const [samples, setSamples] = useState<Sample[]>([]);
  useEffect(() => {
    api.GET('/v1/sources/{key}/environments/{env}/event-types', { params: { path: { key: sourceKey, env } } }).then(({ data }) => setTypes((data?.entries ?? []).map((t) => t.event_type)));
  }, [env, sourceKey]);

  async function chooseType(next: string) {
    setType(next);
    setSamples([]);
    if (!next) return;
    const { data } = await api.GET('/v1/sources/{key}/environments/{env}/event-types/{type}/samples', { params: { path: { key: sourceKey, env, type: next } } });
    setSamples(data?.entries ?? []);
    if (data?.entries[0]) onPick(data.entries[0]);
  }

  if (types && types.length === 0) return <p className="hint">No events received here yet: compose one below, or send one to the endpoint to reuse it as a sample.</p>;
  return (
    <div className="sample-picker">
      <div className="field">
        <label htmlFor="test-sample-type">Start from a recent sample</label>
        <select id="test-sample-type" className="picker" value={type} onChange={(e) => chooseType(e.target.value)} disabled={!types}>
          <option value="">Compose my own</option>
          {(types ?? []).map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      {samples.length > 1 && (
        <div className="field">
          <label htmlFor="test-sample">Sample</label>
          <select id="test-sample" className="picker" onChange={(e) => onPick(samples[Number(e.target.value)])}>
            {samples.map((s, i) => (
              <option key={s.event_id} value={i}>
                {new Date(s.received_at).toLocaleString()}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}

/** The test event's log as it completes: status, stages with times, each action's outcome and what it made. */
function LiveLog({ env, sourceKey, id, log }: { env: string; sourceKey: string; id: string; log: Log | null }) {
  const settled = log !== null && isSettled(log);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (settled) heading.current?.focus();
  }, [settled]);
  const logTo = paths.sourceTab(env, sourceKey, 'logs', id);
  return (
    <section className="card section-gap" aria-live="polite" data-testid="test-event-log">
      <h2 ref={heading} tabIndex={-1}>
        {settled ? 'Test event done' : 'Following the test event…'}
      </h2>
      <p className={`status ${settled ? 'live' : 'waiting'}`} data-testid="test-event-status">
        <span className={`dot${settled ? ' ok' : ' pulse'}`} aria-hidden="true" />
        {log ? log.status : 'pending'}
        {log?.event_type && <span className="muted">· {log.event_type}</span>}
      </p>
      {log?.rejection && <p className="notice error">{log.rejection.message}</p>}
      {log && log.timeline.length > 0 && (
        <ol className="test-timeline">
          {log.timeline.map((entry, i) => (
            <li key={`${entry.stage}-${i}`}>
              <strong>{entry.stage}</strong> <span className="muted">{new Date(entry.at).toLocaleTimeString()} · {entry.service}</span>
              {entry.detail && <span className="muted"> · {entry.detail}</span>}
            </li>
          ))}
        </ol>
      )}
      {log && settled && log.actions.length === 0 && !log.rejection && <p className="muted">No action ran: no active mapping or trigger for this event type here. Add one, then send it again.</p>}
      {log && log.actions.length > 0 && (
        <ul className="plain-list actions-list">
          {log.actions.map((action) => (
            <li key={action.action_id}>
              <code>{action.action_type}</code> <span className={action.status === 'success' ? 'ok-text' : action.status === 'failed' ? 'bad-text' : 'muted'}>{action.status}</span>
              {action.reason && <span className="muted"> · {action.reason}</span>}
              <ResultLinks env={env} result={action.result} />
            </li>
          ))}
        </ul>
      )}
      <p className="actions start">
        <a href={logTo} onClick={follow(logTo)}>
          Open its log
        </a>
        <span className="muted mono">{id}</span>
      </p>
    </section>
  );
}

/** Links from an action's result to what it made in the directory. */
function ResultLinks({ env, result }: { env: string; result: Record<string, unknown> | null }) {
  if (!result) return null;
  const links: { to: string; label: string }[] = runIdsOf(result).map((run) => ({ to: paths.workflowRun(env, run), label: `run ${run}` }));
  if (typeof result.user_id === 'string') links.push({ to: paths.user(env, result.user_id), label: `user ${result.user_id}` });
  if (typeof result.tenant_id === 'string') links.push({ to: paths.tenant(env, result.tenant_id), label: `tenant ${result.tenant_id}` });
  if (typeof result.object_id === 'string' && typeof result.collection === 'string') links.push({ to: paths.object(env, result.collection, result.object_id), label: `object ${result.collection}/${result.object_id}` });
  return (
    <>
      {links.map((link) => (
        <span key={link.to}>
          {' · '}
          <a href={link.to} onClick={follow(link.to)}>
            {link.label}
          </a>
        </span>
      ))}
    </>
  );
}
