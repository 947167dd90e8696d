import { useEffect, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage } from '../api/api-errors';
import { CopyButton } from '../components/copy-button';
import { FieldError } from '../components/field-error';
import { LogStatusBadge } from '../components/log-status-badge';
import { PayloadTree } from '../components/payload-tree';
import { follow, navigate, paths } from '../lib/router';
import {
  actionReasonWords,
  formatDuration,
  idempotencyWords,
  isFinal,
  isRedrivable,
  resendableHeaders,
  resultRefs,
  stageWords,
  statusWords,
  verificationWords,
  withDurations,
  type ResultRef,
} from '../lib/log-words';
import { SECTIONS } from './sections';

type Log = Schemas['Log'];
type Action = Log['actions'][number];

/** How often an open log still pending is read again. */
const POLL_MS = 1000;
/** A log just sent (a test event) is stored a moment after the api answers: how long to wait for it. */
const APPEAR_WITHIN_MS = 20_000;

/**
 * One log: why it ended as it did, first (status, refusal or failure, buttons), then the request,
 * verification, idempotency, the stage timeline and each action. Read again every second while
 * pending, so a test event or a re-drive is followed to its final status.
 */
export function LogPage({ env, sourceKey, id }: { env: string; sourceKey: string; id: string }) {
  const [log, setLog] = useState<Log | null>(null);
  const [error, setError] = useState<string | null>(null);
  /** The re-drive attempt asked for: until the log shows it, what it shows is from before. */
  const [awaitedAttempt, setAwaitedAttempt] = useState(0);
  const [redrive, setRedrive] = useState<{ busy?: boolean; error?: string; attempt?: number }>({});
  const [resend, setResend] = useState<{ busy?: boolean; error?: string }>({});

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    const started = Date.now();
    const read = async () => {
      const { data, error: failure, response } = await api.GET('/v1/sources/{key}/environments/{env}/logs/{id}', { params: { path: { key: sourceKey, env, id } } });
      if (!live) return;
      if (data) {
        const stale = (data.redrive?.attempt ?? 0) < awaitedAttempt;
        if (stale && Date.now() - started < APPEAR_WITHIN_MS) {
          timer = setTimeout(read, POLL_MS);
          return;
        }
        setLog(data);
        setError(null);
        if (!isFinal(data.status)) timer = setTimeout(read, POLL_MS);
        return;
      }
      // Just sent: the pipeline has not stored it yet.
      if (response.status === 404 && Date.now() - started < APPEAR_WITHIN_MS) {
        timer = setTimeout(read, POLL_MS);
        return;
      }
      setError(errorMessage(failure));
    };
    void read();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [env, sourceKey, id, awaitedAttempt]);

  async function redriveIt() {
    setRedrive({ busy: true });
    const { data, error: failure } = await api.POST('/v1/sources/{key}/environments/{env}/logs/{id}/redrive', { params: { path: { key: sourceKey, env, id } } });
    if (!data) return setRedrive({ error: errorMessage(failure) });
    setRedrive({ attempt: data.attempt });
    // The event-log resets the log when the re-drive reaches it: read it until it shows this attempt, final.
    setLog((l) => (l ? { ...l, status: 'pending' } : l));
    setAwaitedAttempt(data.attempt);
  }

  async function sendAgain(request: NonNullable<Log['request']>) {
    setResend({ busy: true });
    const { data, error: failure } = await api.POST('/v1/sources/{key}/environments/{env}/rehearse', {
      params: { path: { key: sourceKey, env } },
      body: { body: request.body, headers: resendableHeaders(request.headers) },
    });
    if (!data) return setResend({ error: errorMessage(failure) });
    setResend({});
    navigate(paths.sourceTab(env, sourceKey, 'logs', data.id));
  }

  const back = paths.sourceTab(env, sourceKey, 'logs');
  const backLink = (
    <a className="back" href={back} onClick={follow(back)}>
      ← All logs
    </a>
  );
  if (error) {
    return (
      <>
        {backLink}
        <p className="notice error" role="alert">
          {error}
        </p>
      </>
    );
  }
  if (!log) {
    return (
      <>
        {backLink}
        <p className="status waiting" data-testid="log-waiting">
          <span className="dot pulse" aria-hidden="true" /> Loading log <code>{id}</code>…
        </p>
      </>
    );
  }

  const words = statusWords(log.status);
  const verification = verificationWords(log.verification);
  const canResend = env !== 'production' && log.request !== null && log.request.body !== null && log.request.body !== undefined;
  return (
    <div className="log" data-testid="log">
      {backLink}
      <section className={`card log-head ${words.tone}`}>
        <div className="log-head-main">
          <h2>
            {log.event_type ? <code>{log.event_type}</code> : <span className="muted">No event type</span>} <LogStatusBadge status={log.status} />
          </h2>
          <p className="log-why" data-testid="log-why">
            {log.status === 'pending' ? (
              <>
                <span className="dot pulse" aria-hidden="true" /> {words.reason} This page follows it live.
              </>
            ) : log.status === 'failed' ? (
              log.failure ? 'A stage gave up on the event: below, where and why.' : 'No action succeeded: below, each action and why.'
            ) : (
              words.reason
            )}
          </p>
          {log.rejection && (
            <p className="notice error" data-testid="rejection">
              {log.rejection.message}
              {log.rejection.field ? (
                <>
                  {' '}
                  (field <code>{log.rejection.field}</code>)
                </>
              ) : null}
            </p>
          )}
          {log.failure && <FailureInfo failure={log.failure} />}
          {log.redrive && (
            <p className="muted" data-testid="redrive-info">
              Re-driven: attempt {log.redrive.attempt}, {new Date(log.redrive.requested_at).toLocaleString()}, by {log.redrive.requested_by === 'bootstrap' ? 'the bootstrap API key' : `API key ${log.redrive.requested_by}`}.
            </p>
          )}
          <dl className="log-facts">
            <dt>Received</dt>
            <dd>
              <time dateTime={log.received_at}>{new Date(log.received_at).toLocaleString()}</time>
            </dd>
            {log.event_time && (
              <>
                <dt>Event time</dt>
                <dd>
                  {new Date(log.event_time).toLocaleString()} <span className="muted">({log.time_source === 'payload' ? 'from the payload' : 'time of receipt'})</span>
                  {log.timestamp_issue && <span className="hint"> {log.timestamp_issue}</span>}
                </dd>
              </>
            )}
            <dt>Log id</dt>
            <dd className="log-id">
              <code>{log.id}</code> <CopyButton value={log.id} label="Copy id" />
            </dd>
            {log.trace_id && (
              <>
                {/* To find the event's trace across the five services in the tracing backend. */}
                <dt>Trace id</dt>
                <dd className="log-id" data-testid="trace-id">
                  {log.trace_url ? (
                    <a href={log.trace_url} target="_blank" rel="noreferrer" title="Open the trace in the tracing UI">
                      <code>{log.trace_id}</code>
                    </a>
                  ) : (
                    <code>{log.trace_id}</code>
                  )}{' '}
                  <CopyButton value={log.trace_id} label="Copy trace id" />
                </dd>
              </>
            )}
          </dl>
        </div>
        <div className="log-buttons">
          {isRedrivable(log.status) && (
            <button type="button" className="button primary" onClick={redriveIt} disabled={redrive.busy} aria-describedby={redrive.error ? 'redrive-error' : undefined}>
              {redrive.busy ? 'Re-driving…' : 'Re-drive'}
            </button>
          )}
          {canResend && log.request && (
            <button type="button" className="button secondary" onClick={() => void sendAgain(log.request as NonNullable<Log['request']>)} disabled={resend.busy}>
              {resend.busy ? 'Sending…' : 'Send again as a test event'}
            </button>
          )}
          {env === 'production' && log.request?.body != null && <p className="hint">Test events are not allowed in production: send this body again from development.</p>}
          {redrive.attempt !== undefined && !redrive.error && (
            <p className="hint" role="status">
              Re-drive attempt {redrive.attempt} sent through the current configuration.
            </p>
          )}
          <FieldError id="redrive-error" message={redrive.error} />
          <FieldError message={resend.error} />
        </div>
      </section>

      <section className="card">
        <h2>Verification</h2>
        <p className={`log-verdict ${verification.tone}`} data-testid="verification">
          {verification.text}
          {log.verified_key_id ? (
            <>
              {' '}
              with key <code>{log.verified_key_id}</code>
            </>
          ) : null}
        </p>
        <h2>Idempotency</h2>
        {log.idempotency ? (
          <p data-testid="idempotency">
            {idempotencyWords(log.idempotency.outcome)}
            {log.idempotency.key ? (
              <>
                {' '}
                Key <code>{log.idempotency.key}</code>.
              </>
            ) : null}
            {log.idempotency.detail ? <span className="muted"> {log.idempotency.detail}</span> : null}
            {log.idempotency.original_event_id ? (
              <>
                {' '}
                The event holding it:{' '}
                <a href={paths.sourceTab(env, sourceKey, 'logs', log.idempotency.original_event_id)} onClick={follow(paths.sourceTab(env, sourceKey, 'logs', log.idempotency.original_event_id))}>
                  {log.idempotency.original_event_id}
                </a>
                .
              </>
            ) : null}
          </p>
        ) : (
          <p className="muted">Not checked: the event did not reach the verifier.</p>
        )}
      </section>

      <section className="card">
        <h2>Timeline</h2>
        <ol className="log-timeline" data-testid="timeline">
          {withDurations(log.timeline).map((entry, i) => (
            <li key={i} className={`stage-${entry.stage}`}>
              <span className="log-stage">{stageWords(entry.stage)}</span>
              <span className="muted">
                {' '}
                by {entry.service} at <time dateTime={entry.at}>{new Date(entry.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3 } as Intl.DateTimeFormatOptions)}</time>
              </span>
              {entry.sincePrevious !== null && <span className="log-duration"> +{formatDuration(entry.sincePrevious)}</span>}
              {entry.detail && <div className="hint">{entry.detail}</div>}
            </li>
          ))}
        </ol>
      </section>

      <section className="card">
        <h2>Actions</h2>
        {log.actions.length === 0 ? (
          <p className="muted" data-testid="no-actions">
            {log.status === 'pending' ? 'None planned yet.' : log.status === 'no_mappings' ? 'No active mapping for this event type: add one in the Mappings tab.' : 'No actions ran.'}
          </p>
        ) : (
          <ol className="log-actions">
            {log.actions.map((action) => (
              <ActionCard key={action.action_id} action={action} env={env} />
            ))}
          </ol>
        )}
      </section>

      <section className="card">
        <h2>Request</h2>
        {log.request ? (
          <>
            <h3>Headers</h3>
            <p className="hint">Credentials (signatures, tokens, authorization) are redacted before the log is stored.</p>
            <table className="table log-headers" data-testid="request-headers">
              <tbody>
                {Object.entries(log.request.headers).map(([name, value]) => (
                  <tr key={name}>
                    <th scope="row">{name}</th>
                    <td>
                      <code>{value}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>Body</h3>
            {log.request.body !== null && log.request.body !== undefined ? (
              <PayloadTree body={log.request.body} />
            ) : log.request.body_text !== null ? (
              <>
                <p className="hint">Not JSON within the input limits: kept as text.</p>
                <pre className="payload">{log.request.body_text}</pre>
              </>
            ) : (
              <p className="muted">{log.request.body_omitted ?? 'No body was kept.'}</p>
            )}
          </>
        ) : (
          <p className="muted">The request itself was not logged (its intake stage has not been stored).</p>
        )}
      </section>
    </div>
  );
}

function FailureInfo({ failure }: { failure: NonNullable<Log['failure']> }) {
  return (
    <div className="notice error" data-testid="failure">
      {failure.reason === 'dead_lettered' ? (
        <p>
          <strong>Dead-lettered</strong> {new Date(failure.at).toLocaleString()}: a stage could not handle it
          {failure.stage ? (
            <>
              {' '}
              (<code>{failure.stage.topic}</code>
              {failure.stage.consumer_group ? (
                <>
                  , group <code>{failure.stage.consumer_group}</code>
                </>
              ) : null}
              )
            </>
          ) : null}
          : <code>{failure.code}</code> {failure.message}
        </p>
      ) : (
        <p>
          <strong>Stalled</strong> {new Date(failure.at).toLocaleString()}: still pending{failure.last_stage ? <> after {stageWords(failure.last_stage).toLowerCase()}</> : null}
          {failure.waiting_for ? <>, waiting for {failure.waiting_for}</> : null}. {failure.message}
        </p>
      )}
      <p>Fix the cause, then re-drive it.</p>
    </div>
  );
}

function ActionCard({ action, env }: { action: Action; env: string }) {
  const tone = action.status === 'success' ? 'ok' : action.status === 'failed' ? 'bad' : action.status === 'skipped' ? 'warn' : 'neutral';
  const refs = resultRefs(action.result as Record<string, unknown> | null);
  return (
    <li className={`log-action ${tone}`} data-testid="action" data-action-type={action.action_type}>
      <h3>
        <code>{action.action_type}</code>{' '}
        <span className={`badge log-status ${tone}`} data-status={action.status}>
          {action.status === 'success' ? 'Succeeded' : action.status === 'failed' ? 'Failed' : action.status === 'skipped' ? 'Skipped' : 'Pending'}
        </span>
        {action.at && <span className="muted log-action-at"> {new Date(action.at).toLocaleTimeString()}</span>}
      </h3>
      {(action.status === 'skipped' || action.status === 'failed') && (
        <p className="notice error" data-testid="action-reason">
          {actionReasonWords(action.reason) ?? 'No reason given.'}
          {action.field ? (
            <>
              {' '}
              Field <code>{action.field}</code>.
            </>
          ) : null}
        </p>
      )}
      <p className="muted log-mapping">
        Mapping <code>{action.mapping_id}</code>
        {action.trigger_id ? (
          <>
            {' '}
            from workflow trigger <code>{action.trigger_id}</code>
          </>
        ) : null}
      </p>
      <div className="log-params">
        <div>
          <h4>Configured</h4>
          <table className="table log-configured">
            <tbody>
              {Object.entries(action.configured).map(([name, source]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{describeSource(source)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h4>Resolved</h4>
          {action.resolved === null || action.resolved === undefined ? <p className="muted">Not resolved.</p> : <PayloadTree body={action.resolved} />}
        </div>
      </div>
      {action.result && (
        <div className="log-result" data-testid="action-result">
          <h4>Result</h4>
          {refs.length > 0 ? (
            <ul>
              {refs.map((ref) => (
                <li key={`${ref.kind}:${ref.id}`}>
                  <ResultLink refTo={ref} env={env} />
                </li>
              ))}
            </ul>
          ) : (
            <PayloadTree body={action.result} />
          )}
        </div>
      )}
    </li>
  );
}

function describeSource(source: unknown) {
  const s = source as { path?: string; literal?: unknown };
  if (typeof s?.path === 'string') {
    return (
      <>
        path <code>{s.path}</code>
      </>
    );
  }
  if (s && 'literal' in s) {
    return (
      <>
        literal <code>{JSON.stringify(s.literal)}</code>
      </>
    );
  }
  return <code>{JSON.stringify(source)}</code>;
}

const KIND_WORDS: Record<ResultRef['kind'], string> = { user: 'User', object: 'Object', tenant: 'Tenant', workflow_run: 'Workflow run' };

/** A link to the directory's page of what the action produced, when the dashboard has a directory; else the plain id. */
function ResultLink({ refTo, env }: { refTo: ResultRef; env: string }) {
  const label = refTo.kind === 'object' ? `${refTo.collection}/${refTo.id}` : refTo.id;
  const to = directoryPath(env, refTo);
  return (
    <>
      {KIND_WORDS[refTo.kind]}{' '}
      {to ? (
        <a href={to} onClick={follow(to)} data-testid={`result-${refTo.kind}`}>
          <code>{label}</code>
        </a>
      ) : (
        <code data-testid={`result-${refTo.kind}`}>{label}</code>
      )}
      {refTo.kind === 'workflow_run' && refTo.workflow ? <span className="muted"> of workflow {refTo.workflow}</span> : null}
    </>
  );
}

/** The directory screen's paths (apps/dashboard/README.md), only once that screen is in the top bar. */
function directoryPath(env: string, ref: ResultRef): string | null {
  if (!SECTIONS.some((s) => s.id === 'directory')) return null;
  switch (ref.kind) {
    case 'user':
      return paths.section(env, 'directory', 'users', ref.id);
    case 'object':
      return paths.section(env, 'directory', 'objects', ref.collection, ref.id);
    case 'tenant':
      return paths.section(env, 'directory', 'tenants', ref.id);
    case 'workflow_run':
      return paths.section(env, 'directory', 'workflow-runs', ref.id);
  }
}
