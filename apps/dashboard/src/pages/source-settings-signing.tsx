import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage, fieldErrors, type FieldErrors } from '../api/api-errors';
import { CopyButton } from '../components/copy-button';
import { InlineConfirm } from '../components/inline-confirm';
import { FieldError, ErrorNotice } from '../components/field-error';
import { enforcementPreview, keyValidity, overlapUntil } from '../lib/source-settings';
import { invalidProps, SaveRow, Section, SettingError, useSaving, type SaveResult } from './source-settings-page';

type Settings = Schemas['SourceEnvironment'];
type SigningKey = Schemas['SigningKey'];
type Patch = (body: { verification?: { enabled?: boolean; header?: string } }, fields: readonly string[]) => Promise<SaveResult>;

const when = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Verification (with what enforcing would do to the recent requests) and the signing keys of one environment. */
export function SigningSettings({
  env,
  sourceKey,
  settings,
  recent,
  patch,
  onKeysChanged,
}: {
  env: string;
  sourceKey: string;
  settings: Settings;
  recent: { verification: string | null }[];
  patch: Patch;
  onKeysChanged(): Promise<void>;
}) {
  const [keys, setKeys] = useState<SigningKey[] | null>(null);
  const [keysError, setKeysError] = useState<string | null>(null);

  const loadKeys = useCallback(async () => {
    const { data, error } = await api.GET('/v1/sources/{key}/environments/{env}/signing-keys', { params: { path: { key: sourceKey, env } } });
    if (data) setKeys(data.entries);
    else setKeysError(errorMessage(error));
  }, [sourceKey, env]);

  useEffect(() => {
    void loadKeys();
  }, [loadKeys]);

  const changed = useCallback(async () => {
    await Promise.all([loadKeys(), onKeysChanged()]);
  }, [loadKeys, onKeysChanged]);

  return (
    <>
      <VerificationSection env={env} settings={settings} recent={recent} patch={patch} />
      <Section title="Signing keys" id="keys" intro="The sender signs each body with a key: a hex HMAC-SHA256 of the raw body, in the verification header.">
        {keysError ? <p className="notice error">{keysError}</p> : keys === null ? <p className="muted">Loading…</p> : <SigningKeys env={env} sourceKey={sourceKey} keys={keys} header={settings.settings.verification.header} onChanged={changed} />}
      </Section>
    </>
  );
}

function VerificationSection({ env, settings, recent, patch }: { env: string; settings: Settings; recent: { verification: string | null }[]; patch: Patch }) {
  const fields = ['verification.enabled', 'verification.header'];
  const [enabled, setEnabled] = useState(settings.settings.verification.enabled);
  const [header, setHeader] = useState(settings.settings.verification.header);
  const saving = useSaving();
  const enforced = settings.settings.verification.enabled;
  const preview = enforcementPreview(recent);

  function save(e: FormEvent) {
    e.preventDefault();
    void saving.run(() => patch({ verification: { enabled, header: header.trim() } }, fields));
  }

  return (
    <Section title="Verification" id="verification">
      <form className="form" onSubmit={save} noValidate>
        <label className="toggle">
          <input
            type="checkbox"
            checked={enabled}
            onChange={(e) => {
              setEnabled(e.target.checked);
              saving.touched();
            }}
            {...invalidProps('verification.enabled', saving.errors)}
          />
          <span>Enforce signature verification: refuse requests without a valid signature (401)</span>
        </label>
        <SettingError field="verification.enabled" errors={saving.errors} />
        {enforced ? (
          <p className="notice success" data-testid="verification-state">
            Enforced in {env}: a request without a valid signature is refused with 401 and logged as <code>signature_missing</code> or <code>signature_invalid</code>.
          </p>
        ) : (
          <div className="preview" data-testid="enforcement-preview">
            <p>
              <strong>Off:</strong> signatures are checked and logged, and every request is let through.
            </p>
            {preview.total === 0 ? (
              <p className="muted">No requests received in {env} yet, so nothing tells what enforcing would do. Send a signed one first.</p>
            ) : (
              <p data-testid="would-refuse">
                If it had been enforced, <strong>{preview.refused}</strong> of the last {preview.total} request{preview.total === 1 ? '' : 's'} would have been refused
                {preview.refused > 0 ? `: ${preview.failed} with a wrong signature, ${preview.missing} without one.` : '.'}
                {preview.refused > 0 ? ' Give those senders a key before enforcing.' : ''}
              </p>
            )}
          </div>
        )}
        <div className={`field narrow${saving.errors['verification.header'] ? ' invalid' : ''}`}>
          <label htmlFor="verification-header">Signature header</label>
          <input
            className="mono"
            value={header}
            onChange={(e) => {
              setHeader(e.target.value);
              saving.touched();
            }}
            {...invalidProps('verification.header', saving.errors)}
          />
          <SettingError field="verification.header" errors={saving.errors} />
        </div>
        <SaveRow busy={saving.busy} saved={saving.saved} errors={saving.errors} />
      </form>
    </Section>
  );
}

function SigningKeys({ env, sourceKey, keys, header, onChanged }: { env: string; sourceKey: string; keys: SigningKey[]; header: string; onChanged(): Promise<void> }) {
  const [overlapDays, setOverlapDays] = useState('1');
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [secret, setSecret] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<string | null>(null);
  const rotating = keys.length > 0;

  async function create(e: FormEvent) {
    e.preventDefault();
    setErrors({});
    let body: { previous_valid_until?: string } = {};
    if (rotating) {
      const days = Number(overlapDays);
      if (overlapDays.trim() === '' || !Number.isFinite(days) || days < 0) return setErrors({ previous_valid_until: 'expected a number of days (0: the current key stops at once)' });
      const until = overlapUntil(days * 24, Date.now());
      body = until ? { previous_valid_until: until } : {};
    }
    setBusy(true);
    const { data, error } = await api.POST('/v1/sources/{key}/environments/{env}/signing-keys', { params: { path: { key: sourceKey, env } }, body });
    setBusy(false);
    if (!data) return setErrors(fieldErrors(error, ['previous_valid_until']));
    setSecret(data.secret);
    await onChanged();
  }

  async function revoke(id: string) {
    setRevokeError(null);
    const { response, error } = await api.DELETE('/v1/sources/{key}/environments/{env}/signing-keys/{id}', { params: { path: { key: sourceKey, env, id } } });
    if (!response.ok) return setRevokeError(errorMessage(error));
    setRevoking(null);
    await onChanged();
  }

  return (
    <>
      {secret ? (
        <div className="notice secret" role="status" data-testid="new-signing-key">
          <p>
            <strong>New signing key: copy it now, you won&apos;t see it again.</strong> Only its prefix is kept in view. Give it to the sender, which signs each body with it in{' '}
            <code>{header}</code>.
          </p>
          <div className="copy-row">
            <code className="endpoint" data-testid="signing-key-secret">
              {secret}
            </code>
            <CopyButton value={secret} label="Copy key" testId="copy-signing-key" />
          </div>
          <button type="button" className="button secondary small" onClick={() => setSecret(null)}>
            I have copied it
          </button>
        </div>
      ) : null}

      {keys.length === 0 ? (
        <p className="muted" data-testid="no-keys">
          No signing key in {env}: create one, give it to the sender, then enforce verification.
        </p>
      ) : (
        <table className="table responsive keys" data-testid="signing-keys">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Created</th>
              <th scope="col">Validity</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>
                  <code>{k.prefix}…</code>
                </td>
                <td data-label="Created">{when(k.created_at)}</td>
                <td data-label="Validity" className={k.valid_until ? 'expiring' : undefined} data-testid="key-validity">
                  {keyValidity(k.valid_until, when)}
                </td>
                <td data-label="" className="row-actions">
                  {revoking === k.id ? (
                    <InlineConfirm
                      label={`Revoke ${k.prefix}?`}
                      question="Revoke it? Requests signed with it fail verification at once."
                      confirm="Revoke key"
                      onConfirm={() => void revoke(k.id)}
                      onCancel={() => setRevoking(null)}
                    />
                  ) : (
                    <button type="button" className="button secondary small" aria-label={`Revoke ${k.prefix}`} onClick={() => setRevoking(k.id)}>
                      Revoke…
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <FieldError message={revokeError} testId="revoke-error" />

      <form className="form rotate" onSubmit={create} noValidate>
        {rotating ? (
          <div className={`field narrow${errors.previous_valid_until ? ' invalid' : ''}`}>
            <label htmlFor="previous-valid-until">Keep the current key valid for (days)</label>
            <input type="number" min={0} step="any" value={overlapDays} onChange={(e) => setOverlapDays(e.target.value)} {...invalidProps('previous_valid_until', errors)} />
            <p className="hint">Rotating creates a new key; the current one keeps verifying for this overlap (at most 7 days) while the sender switches. 0: it stops at once.</p>
            <SettingError field="previous_valid_until" errors={errors} />
          </div>
        ) : null}
        <ErrorNotice message={errors.form} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Creating…' : rotating ? 'Rotate key' : 'Create a signing key'}
          </button>
        </div>
      </form>
    </>
  );
}
