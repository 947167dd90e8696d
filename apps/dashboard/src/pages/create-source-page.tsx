import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { fieldErrors, type FieldErrors } from '../api/api-errors';
import { FieldError, ErrorNotice } from '../components/field-error';
import { follow, navigate, paths } from '../lib/router';

const FIELDS = ['name', 'key', 'description', 'type'] as const;
type SourceType = 'custom' | 'legacy_http';

/** A lower-case key from a name, until the key is typed by hand: "Task Tracker" → `task-tracker`. */
const keyFrom = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);

/** Create a source; the api's refusals appear under the field they name. */
export function CreateSourcePage({ env }: { env: string }) {
  const [name, setName] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [description, setDescription] = useState('');
  const [type, setType] = useState<SourceType>('custom');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const { data, error } = await api.POST('/v1/sources', { body: { name, key, description, type } });
    setBusy(false);
    if (!data) return setErrors(fieldErrors(error, FIELDS));
    navigate(paths.setup(env, data.key));
  }

  const fieldProps = (field: string) => ({
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby': errors[field] ? `${field}-error` : `${field}-hint`,
  });

  return (
    <>
      <div className="page-header">
        <div>
          <a className="back" href={paths.sources(env)} onClick={follow(paths.sources(env))}>
            ← Sources
          </a>
          <h1>Add a source</h1>
          <p className="muted">A source exists in every environment, each with its own endpoint URL and settings.</p>
        </div>
      </div>
      <form className="card form" onSubmit={submit} noValidate>
        <div className={`field${errors.name ? ' invalid' : ''}`}>
          <label htmlFor="name">Name</label>
          <input id="name" value={name} onChange={(e) => { setName(e.target.value); if (!keyTouched) setKey(keyFrom(e.target.value)); }} placeholder="Task tracker" autoFocus {...fieldProps('name')} />
          <FieldError id="name-error" message={errors.name} />
        </div>
        <div className={`field${errors.key ? ' invalid' : ''}`}>
          <label htmlFor="key">Key</label>
          <input id="key" className="mono" value={key} onChange={(e) => { setKey(e.target.value); setKeyTouched(true); }} placeholder="task-tracker" {...fieldProps('key')} />
          <p className="hint" id="key-hint">Unique and permanent: lower-case letters, digits, “-” and “_”.</p>
          <FieldError id="key-error" message={errors.key} />
        </div>
        <div className={`field${errors.description ? ' invalid' : ''}`}>
          <label htmlFor="description">
            Description <span className="optional">optional</span>
          </label>
          <textarea id="description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} {...fieldProps('description')} />
          <FieldError id="description-error" message={errors.description} />
        </div>
        <fieldset className={`field${errors.type ? ' invalid' : ''}`}>
          <legend>Type</legend>
          <div className="choices">
            <label className={`choice${type === 'custom' ? ' checked' : ''}`}>
              <input type="radio" name="type" value="custom" checked={type === 'custom'} onChange={() => setType('custom')} />
              <span>
                <strong>Custom HTTP</strong>
                <span className="muted">Any JSON webhook, optionally signed. You choose where the event type is.</span>
              </span>
            </label>
            <label className={`choice${type === 'legacy_http' ? ' checked' : ''}`}>
              <input type="radio" name="type" value="legacy_http" checked={type === 'legacy_http'} onChange={() => setType('legacy_http')} />
              <span>
                <strong>Legacy HTTP</strong>
                <span className="muted">Segment-style track events, single or batched, to trigger workflows.</span>
              </span>
            </label>
          </div>
          <FieldError id="type-error" message={errors.type} />
        </fieldset>
        <ErrorNotice message={errors.form} />
        <div className="actions">
          <button type="button" className="button secondary" onClick={() => navigate(paths.sources(env))}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create source'}
          </button>
        </div>
      </form>
    </>
  );
}
