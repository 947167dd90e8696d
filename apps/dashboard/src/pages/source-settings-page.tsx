import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, type Schemas } from '../api/client';
import type { paths } from '../api/generated/api-types';
import { errorMessage, fieldErrors, type FieldErrors } from '../api/api-errors';
import { CopyButton } from '../components/copy-button';
import { FieldError, ErrorNotice } from '../components/field-error';
import { timeAgo } from '../lib/format-time';
import { eventTypeVerdict, formatBytes, resolveSamplePath, showValue, timestampVerdict, type Sample } from '../lib/source-settings';
import { SigningSettings } from './source-settings-signing';

/** How many of the newest requests the tab reads: for "last event received" and what enforcing would do. */
export const RECENT_REQUESTS = 100;
/** How many of the newest requests are read, newest first, for one that kept a body to resolve the key paths against. */
const SAMPLE_CANDIDATES = 5;

type Settings = Schemas['SourceEnvironment'];
type LogSummary = Schemas['LogSummary'];
type UpdateBody = NonNullable<paths['/v1/sources/{key}/environments/{env}']['patch']['requestBody']>['content']['application/json'];

/** What saving one section gave: the api's words per field, nothing on success. */
export type SaveResult = FieldErrors | null;

/** An input's id, and its error's, from the api's field name (`idempotency.key_path` → `idempotency-key-path`). */
export const fieldId = (field: string) => field.replace(/[._]/g, '-');

/** The api's error for a field, under the input `invalidProps` gave its id. */
export function SettingError({ field, errors }: { field: string; errors: FieldErrors }) {
  return <FieldError id={`${fieldId(field)}-error`} message={errors[field]} />;
}

export const invalidProps = (field: string, errors: FieldErrors) => ({
  id: fieldId(field),
  'aria-invalid': errors[field] ? true : undefined,
  'aria-describedby': errors[field] ? `${fieldId(field)}-error` : undefined,
});

export function Section({ title, id, intro, children }: { title: string; id: string; intro?: ReactNode; children: ReactNode }) {
  return (
    <section className="card settings-section" aria-labelledby={`${id}-title`} data-testid={`settings-${id}`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {intro ? <p className="muted">{intro}</p> : null}
      {children}
    </section>
  );
}

export function SaveRow({ busy, saved, errors, label = 'Save' }: { busy: boolean; saved: boolean; errors: FieldErrors; label?: string }) {
  return (
    <>
      <ErrorNotice message={errors.form} />
      <div className="actions">
        {saved && !busy ? (
          <span className="saved" role="status">
            Saved
          </span>
        ) : null}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : label}
        </button>
      </div>
    </>
  );
}

/** A form's saving state: busy, the api's errors per field, and "Saved" until the next edit. */
export function useSaving() {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const run = useCallback(
    async (save: () => Promise<SaveResult>) => {
      setBusy(true);
      setSaved(false);
      const result = await save();
      setBusy(false);
      setErrors(result ?? {});
      setSaved(result === null);
    },
    [],
  );
  const touched = useCallback(() => setSaved(false), []);
  return { busy, errors, saved, run, touched };
}

/**
 * The Settings tab of a source in one environment: general (name, description, endpoint URL, last
 * event), key paths resolved against the latest sample, verification with what enforcing would do,
 * signing keys, idempotency and the body size limit. Each section saves on its own through the
 * api's PATCH with the version it read; a 409 `conflict` says the settings changed elsewhere.
 */
export function SourceSettingsPage({ env, source: initialSource }: { env: string; source: Schemas['Source'] }) {
  const sourceKey = initialSource.key;
  const [source, setSource] = useState(initialSource);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [recent, setRecent] = useState<LogSummary[] | null>(null);
  const [sample, setSample] = useState<(Sample & { id: string; received_at: string }) | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [loads, setLoads] = useState(0);

  useEffect(() => {
    let live = true;
    const path = { key: sourceKey, env };
    Promise.all([
      api.GET('/v1/sources/{key}/environments/{env}', { params: { path } }),
      api.GET('/v1/sources/{key}/environments/{env}/logs', { params: { path, query: { limit: RECENT_REQUESTS } } }),
    ]).then(async ([s, l]) => {
      if (!live) return;
      if (!s.data) return setLoadError(errorMessage(s.error));
      setSettings(s.data);
      setConflict(false);
      setRecent(l.data?.entries ?? []);
      // The latest sample: the newest of the last few requests that kept a body (a refused one may not have).
      for (const entry of (l.data?.entries ?? []).slice(0, SAMPLE_CANDIDATES)) {
        const full = await api.GET('/v1/sources/{key}/environments/{env}/logs/{id}', { params: { path: { ...path, id: entry.id } } });
        if (!live) return;
        const request = full.data?.request;
        if (request && request.body !== null && request.body !== undefined) return setSample({ id: entry.id, received_at: entry.received_at, body: request.body, headers: request.headers });
      }
      setSample(null);
    });
    return () => {
      live = false;
    };
  }, [sourceKey, env, loads]);

  /** After a signing key is created or revoked: the environment's new version, so the next save is not refused. */
  const refreshSettings = useCallback(async () => {
    const { data } = await api.GET('/v1/sources/{key}/environments/{env}', { params: { path: { key: sourceKey, env } } });
    if (data) setSettings(data);
  }, [sourceKey, env]);

  const reload = () => {
    setSettings(null);
    setLoads((n) => n + 1);
  };

  /** PATCH the environment's settings with the version read; the api's refusal per field. */
  const patch = useCallback(
    async (body: Omit<UpdateBody, 'version'>, fields: readonly string[]): Promise<SaveResult> => {
      if (!settings) return { form: 'Still loading.' };
      const { data, error, response } = await api.PATCH('/v1/sources/{key}/environments/{env}', {
        params: { path: { key: sourceKey, env } },
        body: { ...body, version: settings.version },
      });
      if (data) {
        setSettings(data);
        return null;
      }
      if (response.status === 409 && (error as { error?: { code?: string } } | undefined)?.error?.code === 'conflict') {
        setConflict(true);
        return { form: 'Not saved: these settings changed elsewhere since this page read them. Reload, then save again.' };
      }
      return fieldErrors(error, fields);
    },
    [settings, sourceKey, env],
  );

  if (loadError) return <p className="notice error">{loadError}</p>;
  if (!settings || recent === null) return <p className="muted">Loading…</p>;
  const legacy = source.type === 'legacy_http';

  return (
    <div className="settings">
      {conflict && (
        <div className="notice error conflict" role="alert" data-testid="settings-conflict">
          <span>These settings were changed elsewhere (another tab or person) since this page read them: reload to see them before saving.</span>
          <button type="button" className="button secondary small" onClick={reload}>
            Reload
          </button>
        </div>
      )}
      <GeneralSection key={`general-${loads}`} env={env} source={source} onSource={setSource} settings={settings} onSettings={setSettings} newest={recent[0] ?? null} />
      {legacy ? (
        <Section title="Key paths" id="paths">
          <p className="muted">
            A legacy HTTP source reads Segment track events: the type at <code>event</code>, the time at <code>timestamp</code>, deduplicated on <code>messageId</code>, and unsigned (no verification, no signing keys). These are fixed.
          </p>
        </Section>
      ) : (
        <KeyPathsSection key={`paths-${loads}`} settings={settings} sample={sample} patch={patch} />
      )}
      {legacy ? null : <SigningSettings key={`signing-${loads}`} env={env} sourceKey={sourceKey} settings={settings} recent={recent} patch={patch} onKeysChanged={refreshSettings} />}
      <IdempotencySection key={`idem-${loads}`} settings={settings} legacy={legacy} patch={patch} />
      <BodyLimitSection key={`body-${loads}`} settings={settings} patch={patch} />
    </div>
  );
}

function GeneralSection({
  env,
  source,
  onSource,
  settings,
  onSettings,
  newest,
}: {
  env: string;
  source: Schemas['Source'];
  onSource(source: Schemas['Source']): void;
  settings: Settings;
  onSettings(settings: Settings): void;
  newest: LogSummary | null;
}) {
  const [name, setName] = useState(source.name);
  const [description, setDescription] = useState(source.description);
  const saving = useSaving();
  const [confirming, setConfirming] = useState(false);
  const [regenerating, setRegenerating] = useState(false);
  const [regenerateError, setRegenerateError] = useState<string | null>(null);
  const [regenerated, setRegenerated] = useState(false);

  function save(e: FormEvent) {
    e.preventDefault();
    void saving.run(async () => {
      const { data, error } = await api.PATCH('/v1/sources/{key}', { params: { path: { key: source.key } }, body: { name, description } });
      if (!data) return fieldErrors(error, ['name', 'description']);
      onSource(data);
      window.dispatchEvent(new CustomEvent('inlet:source-changed', { detail: data }));
      return null;
    });
  }

  async function regenerate() {
    setRegenerating(true);
    setRegenerateError(null);
    const { data, error } = await api.POST('/v1/sources/{key}/environments/{env}/endpoint/regenerate', { params: { path: { key: source.key, env } } });
    setRegenerating(false);
    if (!data) return setRegenerateError(errorMessage(error));
    onSettings(data);
    setConfirming(false);
    setRegenerated(true);
  }

  return (
    <Section title="General" id="general">
      <form className="form" onSubmit={save} noValidate>
        <div className={`field${saving.errors.name ? ' invalid' : ''}`}>
          <label htmlFor="name">Name</label>
          <input
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              saving.touched();
            }}
            {...invalidProps('name', saving.errors)}
          />
          <SettingError field="name" errors={saving.errors} />
        </div>
        <div className={`field${saving.errors.description ? ' invalid' : ''}`}>
          <label htmlFor="description">
            Description <span className="optional">optional</span>
          </label>
          <textarea
            rows={2}
            value={description}
            onChange={(e) => {
              setDescription(e.target.value);
              saving.touched();
            }}
            {...invalidProps('description', saving.errors)}
          />
          <SettingError field="description" errors={saving.errors} />
        </div>
        <p className="hint">The name and description are the source&apos;s, the same in every environment.</p>
        <SaveRow busy={saving.busy} saved={saving.saved} errors={saving.errors} />
      </form>

      <h3>Endpoint URL in {env}</h3>
      <div className="copy-row">
        <code className="endpoint" data-testid="settings-endpoint" title={settings.endpoint}>
          {settings.endpoint}
        </code>
        <CopyButton value={settings.endpoint} label="Copy URL" testId="settings-copy-endpoint" />
        {confirming ? null : (
          <button type="button" className="button secondary small" onClick={() => setConfirming(true)}>
            Regenerate…
          </button>
        )}
      </div>
      {regenerated && !confirming ? (
        <p className="notice success" role="status" data-testid="endpoint-regenerated">
          New endpoint URL: give it to the sender. The old one now answers 404.
        </p>
      ) : null}
      {confirming ? (
        <div className="confirm" role="alertdialog" aria-labelledby="regenerate-title" aria-describedby="regenerate-text" data-testid="confirm-regenerate">
          <p id="regenerate-title">
            <strong>Regenerate the endpoint URL?</strong>
          </p>
          <p id="regenerate-text">
            The current URL stops working at once: every request sent to it is answered 404 and lost, until the sender uses the new one.
          </p>
          <FieldError message={regenerateError} />
          <div className="actions">
            <button type="button" className="button secondary" onClick={() => setConfirming(false)} autoFocus>
              Cancel
            </button>
            <button type="button" className="button danger" onClick={() => void regenerate()} disabled={regenerating}>
              {regenerating ? 'Regenerating…' : 'Regenerate URL'}
            </button>
          </div>
        </div>
      ) : null}

      <h3>Last event received</h3>
      {newest ? (
        <p data-testid="last-event">
          {timeAgo(newest.received_at, Date.now())} · {new Date(newest.received_at).toLocaleString()}
          {newest.event_type ? (
            <>
              {' '}
              · <code>{newest.event_type}</code>
            </>
          ) : null}{' '}
          <span className="badge">{newest.status}</span>
        </p>
      ) : (
        <p className="muted" data-testid="last-event">
          No events received in {env} yet: send one to the endpoint URL above.
        </p>
      )}
    </Section>
  );
}

/** What a path gives in the latest sample, in the normalizer's terms: ✓ and the value, or ✕ and why. */
function PathValue({ sample, path, kind }: { sample: Sample | null; path: string; kind: 'type' | 'time' }) {
  if (!path.trim()) return kind === 'time' ? <p className="hint">None: events are timed when the gateway received them.</p> : null;
  if (!sample) return <p className="hint">No sample yet: once an event arrives, the value this path resolves to shows here.</p>;
  const resolved = resolveSamplePath(sample, path);
  const verdict = kind === 'type' ? eventTypeVerdict(resolved) : timestampVerdict(resolved);
  return verdict.ok ? (
    <p className="hint resolved" data-testid={`resolved-${kind}`}>
      <span className="ok-text">✓</span> in the latest sample: <code>{showValue(verdict.value)}</code>
    </p>
  ) : (
    <p className="hint resolved" data-testid={`resolved-${kind}`}>
      <span className="bad-text">✕ in the latest sample: {verdict.reason}</span>
    </p>
  );
}

function KeyPathsSection({ settings, sample, patch }: { settings: Settings; sample: (Sample & { id: string; received_at: string }) | null; patch(body: Omit<UpdateBody, 'version'>, fields: readonly string[]): Promise<SaveResult> }) {
  const fields = ['event_type_path', 'timestamp_path'];
  const [eventTypePath, setEventTypePath] = useState(settings.settings.event_type_path);
  const [timestampPath, setTimestampPath] = useState(settings.settings.timestamp_path ?? '');
  const saving = useSaving();
  function save(e: FormEvent) {
    e.preventDefault();
    void saving.run(() => patch({ event_type_path: eventTypePath.trim(), timestamp_path: timestampPath.trim() ? timestampPath.trim() : null }, fields));
  }
  return (
    <Section
      title="Key paths"
      id="paths"
      intro={
        <>
          Where each event&apos;s type and time are: a dot path over the body (<code>data.kind</code>), <code>headers.&lt;name&gt;</code> or <code>body.&lt;path&gt;</code>.
        </>
      }
    >
      {sample ? (
        <p className="hint" data-testid="sample-used">
          Checked as you type against the latest sample: the request received {timeAgo(sample.received_at, Date.now())} (log <code>{sample.id}</code>).
        </p>
      ) : null}
      <form className="form" onSubmit={save} noValidate>
        <div className={`field${saving.errors.event_type_path ? ' invalid' : ''}`}>
          <label htmlFor="event-type-path">Event type path</label>
          <input
            className="mono"
            value={eventTypePath}
            onChange={(e) => {
              setEventTypePath(e.target.value);
              saving.touched();
            }}
            placeholder="type"
            {...invalidProps('event_type_path', saving.errors)}
          />
          <PathValue sample={sample} path={eventTypePath} kind="type" />
          <SettingError field="event_type_path" errors={saving.errors} />
        </div>
        <div className={`field${saving.errors.timestamp_path ? ' invalid' : ''}`}>
          <label htmlFor="timestamp-path">
            Timestamp path <span className="optional">optional</span>
          </label>
          <input
            className="mono"
            value={timestampPath}
            onChange={(e) => {
              setTimestampPath(e.target.value);
              saving.touched();
            }}
            placeholder="created_at"
            {...invalidProps('timestamp_path', saving.errors)}
          />
          <PathValue sample={sample} path={timestampPath} kind="time" />
          <SettingError field="timestamp_path" errors={saving.errors} />
        </div>
        <SaveRow busy={saving.busy} saved={saving.saved} errors={saving.errors} />
      </form>
    </Section>
  );
}

function IdempotencySection({ settings, legacy, patch }: { settings: Settings; legacy: boolean; patch(body: Omit<UpdateBody, 'version'>, fields: readonly string[]): Promise<SaveResult> }) {
  const fields = ['idempotency.enabled', 'idempotency.key_path', 'idempotency.window_seconds'];
  const current = settings.settings.idempotency;
  const [enabled, setEnabled] = useState(current.enabled);
  const [keyPath, setKeyPath] = useState(current.key_path ?? '');
  const [windowHours, setWindowHours] = useState(String(current.window_seconds / 3600));
  const saving = useSaving();
  function save(e: FormEvent) {
    e.preventDefault();
    const hours = Number(windowHours);
    const windowSeconds = windowHours.trim() === '' || !Number.isFinite(hours) ? Number.NaN : Math.round(hours * 3600);
    if (Number.isNaN(windowSeconds)) return void saving.run(async () => ({ 'idempotency.window_seconds': 'expected a number of hours' }));
    const body = legacy
      ? { idempotency: { enabled, window_seconds: windowSeconds } }
      : { idempotency: { enabled, key_path: keyPath.trim() ? keyPath.trim() : null, window_seconds: windowSeconds } };
    void saving.run(() => patch(body, fields));
  }
  const edit = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    saving.touched();
  };
  return (
    <Section
      title="Idempotency"
      id="idempotency"
      intro="Drop repeats: an event whose key, type and environment were already seen inside the window is logged as a duplicate and runs no action."
    >
      <form className="form" onSubmit={save} noValidate>
        <label className="toggle">
          <input type="checkbox" checked={enabled} onChange={(e) => edit(setEnabled)(e.target.checked)} {...invalidProps('idempotency.enabled', saving.errors)} />
          <span>Deduplicate events by an idempotency key</span>
        </label>
        <SettingError field="idempotency.enabled" errors={saving.errors} />
        <div className={`field${saving.errors['idempotency.key_path'] ? ' invalid' : ''}`}>
          <label htmlFor="idempotency-key-path">Key path {enabled ? null : <span className="optional">required when on</span>}</label>
          <input
            className="mono"
            value={legacy ? 'messageId' : keyPath}
            disabled={legacy}
            onChange={(e) => edit(setKeyPath)(e.target.value)}
            placeholder="event_id or headers.idempotency-key"
            {...invalidProps('idempotency.key_path', saving.errors)}
          />
          {legacy ? <p className="hint">Fixed for legacy HTTP sources.</p> : null}
          <SettingError field="idempotency.key_path" errors={saving.errors} />
        </div>
        <div className={`field narrow${saving.errors['idempotency.window_seconds'] ? ' invalid' : ''}`}>
          <label htmlFor="idempotency-window-seconds">Window (hours)</label>
          <input type="number" min={1 / 60} max={720} step="any" value={windowHours} onChange={(e) => edit(setWindowHours)(e.target.value)} {...invalidProps('idempotency.window_seconds', saving.errors)} />
          <p className="hint">From 1 minute to 30 days.</p>
          <SettingError field="idempotency.window_seconds" errors={saving.errors} />
        </div>
        <SaveRow busy={saving.busy} saved={saving.saved} errors={saving.errors} />
      </form>
    </Section>
  );
}

function BodyLimitSection({ settings, patch }: { settings: Settings; patch(body: Omit<UpdateBody, 'version'>, fields: readonly string[]): Promise<SaveResult> }) {
  const fields = ['max_body_bytes'];
  const [bytes, setBytes] = useState(String(settings.settings.max_body_bytes));
  const saving = useSaving();
  function save(e: FormEvent) {
    e.preventDefault();
    void saving.run(() => (bytes.trim() === '' || !Number.isFinite(Number(bytes)) ? Promise.resolve({ max_body_bytes: 'expected a number of bytes' }) : patch({ max_body_bytes: Number(bytes) }, fields)));
  }
  return (
    <Section title="Body size limit" id="body-limit" intro="A larger request is refused at the gateway with 413 and logged as too_large.">
      <form className="form" onSubmit={save} noValidate>
        <div className={`field narrow${saving.errors.max_body_bytes ? ' invalid' : ''}`}>
          <label htmlFor="max-body-bytes">Largest body (bytes)</label>
          <input
            type="number"
            min={1}
            max={16 * 1024 * 1024}
            value={bytes}
            onChange={(e) => {
              setBytes(e.target.value);
              saving.touched();
            }}
            {...invalidProps('max_body_bytes', saving.errors)}
          />
          <p className="hint">{formatBytes(Number(bytes)) ? `${formatBytes(Number(bytes))}; ` : ''}at most 16 MiB.</p>
          <SettingError field="max_body_bytes" errors={saving.errors} />
        </div>
        <SaveRow busy={saving.busy} saved={saving.saved} errors={saving.errors} />
      </form>
    </Section>
  );
}
