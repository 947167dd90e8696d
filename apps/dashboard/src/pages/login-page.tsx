import { useState, type FormEvent } from 'react';
import { api } from '../api/client';
import { errorMessage } from '../api/api-errors';
import { FieldError } from '../components/field-error';
import { session } from '../lib/session';

/** Log in with an api key: the bootstrap key (`.data/api-key` after `npm start`) or one created through the api. */
export function LoginPage({ onLoggedIn }: { onLoggedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!key.trim()) return setError('Enter an API key.');
    setBusy(true);
    setError(null);
    // Any authenticated read tells whether the key is good; the api words the refusal.
    const { data, error: failure } = await api.GET('/v1/environments', { headers: { Authorization: `Bearer ${key.trim()}` } });
    setBusy(false);
    if (!data) return setError(errorMessage(failure));
    session.logIn(key.trim());
    onLoggedIn();
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={submit} noValidate>
        <div className="brand large">
          <span className="brand-mark" aria-hidden="true" />
          Inlet
        </div>
        <h1>Log in</h1>
        <p className="muted">Use an API key of this Inlet. <code>npm start</code> keeps one in <code>.data/api-key</code>.</p>
        <div className={`field${error ? ' invalid' : ''}`}>
          <label htmlFor="api-key">API key</label>
          <input
            id="api-key"
            name="api-key"
            type="password"
            autoComplete="current-password"
            value={key}
            onChange={(e) => setKey(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'api-key-error' : undefined}
            autoFocus
          />
          <FieldError id="api-key-error" message={error} />
        </div>
        <button className="button primary wide" type="submit" disabled={busy}>
          {busy ? 'Checking…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
