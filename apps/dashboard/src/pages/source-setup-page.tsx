import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage } from '../api/api-errors';
import { CopyButton } from '../components/copy-button';
import { ErrorNotice } from '../components/field-error';
import { PayloadTree } from '../components/payload-tree';
import { looksLikeEventType, valueAt } from '../lib/payload-paths';
import { follow, paths } from '../lib/router';
import { shellQuote, signBody } from '../lib/sign-body';

const POLL_MS = 1500;

const CUSTOM_EXAMPLE = { type: 'task.assigned', data: { task_id: 'task_42', title: 'Review the launch plan', assignee: { id: 'user_7', email: 'ada@example.com' } } };
const LEGACY_EXAMPLE = { type: 'track', event: 'task.assigned', userId: 'user_7', messageId: 'msg_0001', properties: { task_id: 'task_42' } };

type LoggedRequest = Schemas['Log']['request'];

/**
 * First-event setup of a source in one environment: its endpoint, a command that sends a (signed)
 * example, "waiting for your first event" until a log arrives, then the event type path chosen by
 * clicking a field of what arrived.
 */
export function SourceSetupPage({ env, sourceKey }: { env: string; sourceKey: string }) {
  const [source, setSource] = useState<Schemas['Source'] | null>(null);
  const [settings, setSettings] = useState<Schemas['SourceEnvironment'] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [signingKey, setSigningKey] = useState<string | null>(null);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [first, setFirst] = useState<{ id: string; received_at: string; event_type: string | null; status: string; request: LoggedRequest } | null>(null);
  const [pathState, setPathState] = useState<{ saving?: string; saved?: string; error?: string }>({});

  useEffect(() => {
    let live = true;
    Promise.all([
      api.GET('/v1/sources/{key}', { params: { path: { key: sourceKey } } }),
      api.GET('/v1/sources/{key}/environments/{env}', { params: { path: { key: sourceKey, env } } }),
    ]).then(([s, e]) => {
      if (!live) return;
      if (!s.data) return setLoadError(errorMessage(s.error));
      if (!e.data) return setLoadError(errorMessage(e.error));
      setSource(s.data);
      setSettings(e.data);
    });
    return () => {
      live = false;
    };
  }, [sourceKey, env]);

  // The newest log if there is one; else the api's live feed, polled from the cursor of each answer,
  // until a log arrives. Its full log then gives the body to pick a field from.
  useEffect(() => {
    if (first || !settings) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout>;
    let after: string | undefined;
    const poll = async () => {
      const query = after === undefined ? { limit: 1 } : { after, limit: 1 };
      const { data } = await api.GET('/v1/sources/{key}/environments/{env}/logs', { params: { path: { key: sourceKey, env }, query } });
      if (!live) return;
      if (data) after = data.page_info.feed_cursor;
      const arrived = data?.entries[0];
      if (arrived) {
        const full = await api.GET('/v1/sources/{key}/environments/{env}/logs/{id}', { params: { path: { key: sourceKey, env, id: arrived.id } } });
        if (!live) return;
        setFirst({ id: arrived.id, received_at: arrived.received_at, event_type: arrived.event_type, status: arrived.status, request: full.data?.request ?? null });
        return;
      }
      timer = setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [first, settings, sourceKey, env]);

  const legacy = source?.type === 'legacy_http';
  const body = JSON.stringify(legacy ? LEGACY_EXAMPLE : CUSTOM_EXAMPLE);
  const header = settings?.settings.verification?.header ?? 'X-Knock-Signature';
  const [signature, setSignature] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (signingKey && !legacy) void signBody(signingKey, body).then((s) => live && setSignature(s));
    else setSignature(null);
    return () => {
      live = false;
    };
  }, [signingKey, body, legacy]);

  const curl = useMemo(() => {
    if (!settings) return '';
    const lines = [`curl -X POST ${shellQuote(settings.endpoint)}`, `  -H 'Content-Type: application/json'`];
    if (signature) lines.push(`  -H ${shellQuote(`${header}: ${signature}`)}`);
    lines.push(`  -d ${shellQuote(body)}`);
    return lines.join(' \\\n');
  }, [settings, signature, header, body]);

  async function createKey() {
    setKeyError(null);
    const { data, error } = await api.POST('/v1/sources/{key}/environments/{env}/signing-keys', { params: { path: { key: sourceKey, env } }, body: {} });
    if (!data) return setKeyError(errorMessage(error));
    setSigningKey(data.secret);
  }

  const pick = useCallback(
    async (path: string) => {
      setPathState({ saving: path });
      const { data, error } = await api.PATCH('/v1/sources/{key}/environments/{env}', { params: { path: { key: sourceKey, env } }, body: { event_type_path: path } });
      if (!data) return setPathState({ error: errorMessage(error) });
      setSettings(data);
      setPathState({ saved: data.settings.event_type_path });
    },
    [sourceKey, env],
  );

  if (loadError) return <p className="notice error">{loadError}</p>;
  if (!source || !settings) return <p className="muted">Loading…</p>;

  const eventTypePath = settings.settings.event_type_path ?? 'type';
  const receivedBody = first?.request?.body;
  const resolved = receivedBody === undefined ? undefined : valueAt(receivedBody, eventTypePath);
  // The first mapping is offered once the saved path gives the first event a type (picked here, now or on an earlier visit, or the default).
  const firstType = !legacy && first && looksLikeEventType(resolved) ? String(resolved) : null;

  return (
    <>
      <ol className="steps">
        <li className={`step${first ? ' done' : ' current'}`}>
          <StepHead n={1} title="Send your first event" done={Boolean(first)} />
          <div className="step-body">
            <p>Point the service&apos;s webhooks at this endpoint URL{legacy ? ' (Segment track events; batches at …/batch)' : ''}.</p>
            <div className="copy-row">
              <code className="endpoint" data-testid="endpoint" title={settings.endpoint}>
                {settings.endpoint}
              </code>
              <CopyButton value={settings.endpoint} label="Copy URL" testId="copy-endpoint" />
            </div>
            {!legacy && (
              <div className="signing">
                {signingKey ? (
                  <>
                    <p>
                      <strong>Signing key</strong>, shown only now: keep it with the sender, which signs each body with it (hex HMAC-SHA256 in <code>{header}</code>).
                    </p>
                    <div className="copy-row">
                      <code className="endpoint" data-testid="signing-key">
                        {signingKey}
                      </code>
                      <CopyButton value={signingKey} label="Copy key" />
                    </div>
                  </>
                ) : (
                  <p className="muted">
                    Signatures are checked and logged but not enforced until you turn verification on.{' '}
                    <button type="button" className="link" onClick={createKey}>
                      Create a signing key
                    </button>{' '}
                    to get a signed command.
                  </p>
                )}
                {keyError && <p className="field-error">{keyError}</p>}
              </div>
            )}
            <p>Or send an example from a terminal:</p>
            <div className="code-block">
              <pre data-testid="curl">{curl}</pre>
              <CopyButton value={curl} label="Copy command" />
            </div>
            {signingKey && !signature && !legacy && <p className="hint">This browser cannot compute the signature here (it needs https or localhost): the command is unsigned.</p>}
            {first ? (
              <p className="status live" data-testid="first-event">
                <span className="dot ok" aria-hidden="true" /> First event received {new Date(first.received_at).toLocaleTimeString()}
                {first.event_type ? (
                  <>
                    {' '}
                    as <code>{first.event_type}</code>
                  </>
                ) : null}{' '}
                <span className="badge">{first.status}</span>
              </p>
            ) : null}
            {first?.status === 'invalid_path' && !legacy && !firstType ? (
              <p className="hint" data-testid="invalid-path-hint">
                Its type was not at <code>{settings.settings.event_type_path}</code>, so it went no further: choose the field that holds it below.
              </p>
            ) : null}
            {first ? null : (
              <p className="status waiting" data-testid="waiting">
                <span className="dot pulse" aria-hidden="true" /> Waiting for your first event…
              </p>
            )}
          </div>
        </li>

        {legacy ? (
          <li className="step note">
            <p className="muted">
              A legacy HTTP source takes its event type from <code>event</code>, its time from <code>timestamp</code> and deduplicates on <code>messageId</code>: there is
              nothing to choose. Its events reach workflows as triggers (<code>POST /v1/workflows/&#123;key&#125;/triggers</code>).
            </p>
          </li>
        ) : (
          <li className={`step${!first ? ' upcoming' : firstType ? ' done' : ' current'}`}>
            <StepHead n={2} title="Choose the field that holds the event type" done={Boolean(firstType)} />
            {first && (
              <div className="step-body">
                {receivedBody === undefined || receivedBody === null ? (
                  <p className="muted">This request kept no JSON body to choose from{first.request?.body_text ? ' (it was not valid JSON)' : ''}. Send a JSON event.</p>
                ) : (
                  <>
                    <p>
                      Click the field whose value names the event. Now: <code data-testid="event-type-path">{eventTypePath}</code>{' '}
                      {looksLikeEventType(resolved) ? (
                        <span className="ok-text">✓ resolves to <code>{String(resolved)}</code></span>
                      ) : (
                        <span className="bad-text">✕ resolves to no event type in this payload</span>
                      )}
                    </p>
                    <PayloadTree body={receivedBody} selected={eventTypePath} onPick={(path) => void pick(path)} />
                    {pathState.saving && <p className="muted">Saving…</p>}
                    {pathState.saved && (
                      <p className="notice success" data-testid="path-saved" role="status">
                        Saved: events in {env} take their type from <code>{pathState.saved}</code>.
                      </p>
                    )}
                    <ErrorNotice message={pathState.error} />
                  </>
                )}
              </div>
            )}
          </li>
        )}

        {legacy ? null : (
          <li className={`step${firstType ? ' current' : ' upcoming'}`} data-testid="first-mapping-step">
            <StepHead n={3} title="Create your first mapping" done={false} />
            {firstType && first && (
              <div className="step-body">
                <p>
                  Say what a <code>{firstType}</code> event does: trigger a workflow, identify a user, set an object… Each input is filled by clicking a field of a sample.
                </p>
                {first.event_type ? null : (
                  <p className="hint" data-testid="first-mapping-hint">
                    The first event went no further (its type was not read), so there is no sample of <code>{firstType}</code> yet: send it again and its fields are there to click.
                  </p>
                )}
                <p className="actions start">
                  <a className="button primary" href={paths.sourceTab(env, sourceKey, 'mappings', 'new', firstType)} onClick={follow(paths.sourceTab(env, sourceKey, 'mappings', 'new', firstType))}>
                    Create your first mapping
                  </a>
                  <a className="button ghost" href={paths.sourceTab(env, sourceKey, 'logs')} onClick={follow(paths.sourceTab(env, sourceKey, 'logs'))}>
                    Skip
                  </a>
                </p>
              </div>
            )}
          </li>
        )}
      </ol>
    </>
  );
}

function StepHead({ n, title, done }: { n: number; title: string; done: boolean }) {
  return (
    <h2 className="step-head">
      <span className={`ring${done ? ' done' : ''}`} aria-hidden="true">
        {done ? '✓' : n}
      </span>
      {title}
    </h2>
  );
}
