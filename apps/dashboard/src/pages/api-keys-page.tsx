import { useEffect, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage, fieldErrors, type FieldErrors } from '../api/api-errors';
import { CopyButton } from '../components/copy-button';
import { InlineConfirm } from '../components/inline-confirm';
import { FieldError, ErrorNotice } from '../components/field-error';
import { TimeAgo } from '../components/time-ago';
import { timeAgo } from '../lib/format-time';
import type { SectionProps } from './sections';

type ApiKey = Schemas['ApiKey'];

/** API keys: create one (its key shown this once), list them by prefix, revoke one after a confirmation. */
export function ApiKeysPage(_: SectionProps) {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [created, setCreated] = useState<Schemas['CreatedApiKey'] | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.GET('/v1/api-keys').then(({ data, error: failure }) => (data ? setKeys(data.entries) : setError(errorMessage(failure))));
  }, []);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const { data, error: failure } = await api.POST('/v1/api-keys', { body: { name } });
    setBusy(false);
    if (!data) return setErrors(fieldErrors(failure, ['name']));
    setErrors({});
    setName('');
    setCreated(data);
    const { key: _secret, ...shown } = data;
    setKeys((list) => [shown, ...(list ?? [])]);
  }

  async function revoke(key: ApiKey) {
    setBusy(true);
    const { response, error: failure } = await api.DELETE('/v1/api-keys/{id}', { params: { path: { id: key.id } } });
    setBusy(false);
    setConfirming(null);
    if (!response.ok) return setError(errorMessage(failure));
    if (created?.id === key.id) setCreated(null);
    setKeys((list) => list?.map((k) => (k.id === key.id ? { ...k, revoked_at: new Date().toISOString() } : k)) ?? null);
  }

  const now = Date.now();
  const active = keys?.filter((k) => !k.revoked_at) ?? [];
  const revoked = keys?.filter((k) => k.revoked_at) ?? [];
  return (
    <>
      <div className="page-header">
        <div>
          <h1>API keys</h1>
          <p className="muted">Keys for the management API and this dashboard, valid in every environment. Inlet keeps only a digest: a key is shown once, when created.</p>
        </div>
      </div>
      <form className="card form section-gap" onSubmit={create} noValidate aria-label="Create an API key">
        <div className={`field${errors.name ? ' invalid' : ''}`}>
          <label htmlFor="api-key-name">New key&apos;s name</label>
          <div className="inline-form">
            <input id="api-key-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="CI deploys" aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? 'api-key-name-error' : 'api-key-name-hint'} />
            <button type="submit" className="button primary" disabled={busy}>
              Create key
            </button>
          </div>
          <p className="hint" id="api-key-name-hint">
            Say who or what uses it, to know what you revoke.
          </p>
          <FieldError id="api-key-name-error" message={errors.name} />
        </div>
        <ErrorNotice message={errors.form} />
      </form>
      {created && (
        <div className="card created-key section-gap" role="status" data-testid="created-key">
          <h2>Copy “{created.name}” now</h2>
          <p className="muted">This is the only time the key is shown. Send it as <code>Authorization: Bearer …</code>.</p>
          <div className="copy-row">
            <code className="endpoint" data-testid="api-key-secret">
              {created.key}
            </code>
            <CopyButton value={created.key} testId="copy-api-key" />
          </div>
          <button type="button" className="button secondary small" onClick={() => setCreated(null)}>
            I have copied it
          </button>
        </div>
      )}
      <ErrorNotice message={error} />
      {!keys && !error && <p className="muted">Loading…</p>}
      {keys && keys.length === 0 && (
        <div className="empty card">
          <h2>No API keys yet</h2>
          <p>You are logged in with the bootstrap key (INLET_API_KEY). Create a key per person or system, so each can be revoked alone.</p>
        </div>
      )}
      {keys && keys.length > 0 && (
        <div className="card flush">
          <table className="table responsive" data-testid="api-keys">
            <thead>
              <tr>
                <th>Name</th>
                <th>Prefix</th>
                <th>Created</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {[...active, ...revoked].map((key) => (
                <tr key={key.id} data-testid={`api-key-${key.prefix}`}>
                  <td data-label="Name">{key.name}</td>
                  <td data-label="Prefix">
                    <code>{key.prefix}…</code>
                  </td>
                  <td data-label="Created">
                    <TimeAgo at={key.created_at} now={now} />
                  </td>
                  <td data-label="Status">
                    {key.revoked_at ? (
                      <span className="muted">Revoked {timeAgo(key.revoked_at, now)}</span>
                    ) : confirming === key.id ? (
                      <InlineConfirm
                        label={`Revoke ${key.name}?`}
                        question="Revoke? Requests with it get 401 at once."
                        confirm="Revoke"
                        cancel="Keep"
                        busy={busy}
                        onConfirm={() => revoke(key)}
                        onCancel={() => setConfirming(null)}
                      />
                    ) : (
                      <button type="button" className="button secondary small" aria-label={`Revoke ${key.name}`} onClick={() => setConfirming(key.id)}>
                        Revoke…
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
