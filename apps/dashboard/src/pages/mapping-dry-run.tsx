import { useEffect, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage } from '../api/api-errors';

/**
 * The dry run of an event type's whole plan for one sample: what the mapping-engine would do with
 * the environment's saved mappings (active and inactive), in order, each action's payload, and
 * what it would skip and why. Nothing runs.
 */
export function MappingDryRun({ env, sourceKey, eventType, sample }: { env: string; sourceKey: string; eventType: string; sample: Schemas['EventTypeSample'] | null }) {
  const [plan, setPlan] = useState<Schemas['DryRun'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // A plan belongs to its sample: another one, or another type, clears it.
  useEffect(() => {
    setPlan(null);
    setError(null);
  }, [eventType, sample?.event_id]);

  async function run() {
    if (!sample) return;
    setBusy(true);
    const { data, error: failure } = await api.POST('/v1/sources/{key}/environments/{env}/dry-run', {
      params: { path: { key: sourceKey, env } },
      body: { event_type: eventType, sample: { event_id: sample.event_id } },
    });
    setBusy(false);
    if (data) {
      setPlan(data);
      setError(null);
    } else setError(errorMessage(failure));
  }

  return (
    <section className="card dry-run" aria-label="Dry run" data-testid="dry-run">
      <div className="pane-head">
        <h2>Dry run</h2>
        <button type="button" className="button secondary small" onClick={() => void run()} disabled={!sample || busy}>
          {busy ? 'Planning…' : 'Dry run this sample'}
        </button>
      </div>
      <p className="hint">
        {sample ? (
          <>
            What the pipeline would do with sample <code>{sample.event_id}</code> of <code>{eventType}</code> and the mappings saved in {env}, active or not. Save your changes first; nothing runs.
          </>
        ) : (
          'A dry run needs a sample of this event type: send one first.'
        )}
      </p>
      {error && <p className="notice error">{error}</p>}
      {plan && (
        <>
          {plan.planned.length === 0 && plan.skipped.length === 0 && <p className="muted">No mapping of {plan.event_type} is saved in {env}: nothing would happen.</p>}
          {plan.planned.length > 0 && (
            <ol className="plan" data-testid="planned">
              {plan.planned.map((step) => (
                <li key={step.mapping_id}>
                  <p>
                    <strong>{step.action_type}</strong> <span className="muted">· mapping <code>{step.mapping_id}</code></span>
                  </p>
                  <pre className="payload">{JSON.stringify(step.resolved, null, 2)}</pre>
                </li>
              ))}
            </ol>
          )}
          {plan.skipped.length > 0 && (
            <ul className="plan skipped" data-testid="skipped">
              {plan.skipped.map((step) => (
                <li key={step.mapping_id}>
                  <p>
                    <span className="bad-text">Skipped</span> <strong>{step.action_type}</strong> <span className="muted">· mapping <code>{step.mapping_id}</code></span>
                  </p>
                  <p>
                    <span className="badge">{step.reason}</span> {step.message}
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
