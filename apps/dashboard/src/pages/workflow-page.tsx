import { useEffect, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage, fieldErrors, type FieldErrors } from '../api/api-errors';
import { FieldError, ErrorNotice } from '../components/field-error';
import { StatusSwitch } from '../components/status-switch';
import { dataLines, parseDataLines, TRIGGER_DEFAULTS, triggerMappingFrom } from '../lib/workflow-forms';
import { follow, paths } from '../lib/router';
import { useEnvironments } from '../lib/use-environments';

type Workflow = Schemas['Workflow'];
type Trigger = Schemas['Trigger'];

/** One workflow: its status per environment and its triggers (a legacy HTTP source's event, with the schema mapping). */
export function WorkflowPage({ env, workflowKey }: { env: string; workflowKey: string }) {
  const [workflow, setWorkflow] = useState<Workflow | null>(null);
  const [triggers, setTriggers] = useState<Trigger[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const environments = useEnvironments();

  const load = () => {
    const path = { path: { key: workflowKey } };
    return Promise.all([api.GET('/v1/workflows/{key}', { params: path }), api.GET('/v1/workflows/{key}/triggers', { params: path })]).then(([w, t]) => {
      if (!w.data) return setError(errorMessage(w.error));
      setWorkflow(w.data);
      setTriggers(t.data?.entries ?? []);
    });
  };
  useEffect(() => {
    load();
  }, [workflowKey]);

  async function toggleWorkflow(environment: string) {
    if (!workflow) return;
    setBusy(`workflow/${environment}`);
    const next = workflow.status[environment] === 'inactive' ? 'active' : 'inactive';
    const { data, error: failure } = await api.PATCH('/v1/workflows/{key}', { params: { path: { key: workflow.key } }, body: { status: { [environment]: next }, version: workflow.version } });
    setBusy(null);
    if (data) setWorkflow(data);
    else {
      setError(errorMessage(failure));
      load();
    }
  }

  async function toggleTrigger(trigger: Trigger, environment: string) {
    setBusy(`${trigger.id}/${environment}`);
    setError(null);
    const next = trigger.status[environment] === 'inactive' ? 'active' : 'inactive';
    const { data, error: failure } = await api.PATCH('/v1/workflows/{key}/triggers/{id}', {
      params: { path: { key: workflowKey, id: trigger.id } },
      body: { status: { [environment]: next }, version: trigger.version },
    });
    setBusy(null);
    if (data) setTriggers((list) => list?.map((t) => (t.id === data.id ? data : t)) ?? null);
    else {
      setError(errorMessage(failure));
      load();
    }
  }

  async function remove(trigger: Trigger) {
    if (!window.confirm(`Delete the trigger on “${trigger.event}” from ${trigger.source}? Its events stop triggering ${workflowKey} in every environment.`)) return;
    const { error: failure, response } = await api.DELETE('/v1/workflows/{key}/triggers/{id}', { params: { path: { key: workflowKey, id: trigger.id } } });
    if (response.ok) setTriggers((list) => list?.filter((t) => t.id !== trigger.id) ?? null);
    else setError(errorMessage(failure));
  }

  const back = (
    <a className="back" href={paths.workflows(env)} onClick={follow(paths.workflows(env))}>
      ← Workflows
    </a>
  );
  if (!workflow)
    return error ? (
      <>
        {back}
        <p className="notice error">{error}</p>
      </>
    ) : (
      <p className="muted">Loading…</p>
    );

  return (
    <>
      <div className="page-header">
        <div>
          {back}
          <h1>{workflow.name}</h1>
          <p className="muted">
            <code>{workflow.key}</code> ·{' '}
            <a href={`${paths.directory(env, 'workflow-runs')}?workflow=${encodeURIComponent(workflow.key)}`} onClick={follow(`${paths.directory(env, 'workflow-runs')}?workflow=${encodeURIComponent(workflow.key)}`)}>
              its runs in {env}
            </a>
          </p>
        </div>
      </div>
      <ErrorNotice message={error} />
      <section className="card section-gap" aria-labelledby="wf-status">
        <h2 id="wf-status">Status per environment</h2>
        <p className="muted">An inactive workflow is not run there, whatever triggers it.</p>
        <div className="switch-row">
          {environments.map((name) => (
            <div key={name} className="switch-cell">
              <span className="muted">{name}</span>
              <StatusSwitch label={`Workflow in ${name}`} active={workflow.status[name] !== 'inactive'} busy={busy === `workflow/${name}`} onToggle={() => toggleWorkflow(name)} />
            </div>
          ))}
        </div>
      </section>

      <h2 className="section-title">Triggers</h2>
      <p className="muted">A legacy HTTP source&apos;s track event, by name, runs this workflow; each trigger is active or inactive per environment.</p>
      {triggers && triggers.length === 0 && !editing && (
        <div className="empty card section-gap" data-testid="triggers-empty">
          <h2>No triggers yet</h2>
          <p>Attach a legacy HTTP source&apos;s event: each track event of that name then runs this workflow for its <code>userId</code>, with its <code>properties</code> as data.</p>
        </div>
      )}
      {triggers?.map((trigger) =>
        editing === trigger.id ? (
          <TriggerForm key={trigger.id} workflowKey={workflowKey} trigger={trigger} onCancel={() => setEditing(null)} onSaved={(t) => { setTriggers((list) => list?.map((x) => (x.id === t.id ? t : x)) ?? null); setEditing(null); }} />
        ) : (
          <article key={trigger.id} className="card trigger section-gap" data-testid={`trigger-${trigger.event}`}>
            <div className="trigger-head">
              <div>
                <h3>
                  When <code>{trigger.source}</code> receives <strong>“{trigger.event}”</strong>
                </h3>
                <p className="muted">
                  <a href={paths.sourceTab(env, trigger.source, 'setup')} onClick={follow(paths.sourceTab(env, trigger.source, 'setup'))}>
                    Open the source
                  </a>
                </p>
              </div>
              <div className="trigger-actions">
                <button type="button" className="button secondary small" onClick={() => setEditing(trigger.id)}>
                  Edit
                </button>
                <button type="button" className="button ghost small" onClick={() => remove(trigger)}>
                  Delete
                </button>
              </div>
            </div>
            <MappingTable mapping={trigger.mapping} />
            <div className="switch-row">
              {environments.map((name) => (
                <div key={name} className="switch-cell">
                  <span className="muted">{name}</span>
                  <StatusSwitch label={`Trigger ${trigger.event} in ${name}`} active={trigger.status[name] !== 'inactive'} busy={busy === `${trigger.id}/${name}`} onToggle={() => toggleTrigger(trigger, name)} />
                </div>
              ))}
            </div>
          </article>
        ),
      )}
      {editing === 'new' ? (
        <TriggerForm workflowKey={workflowKey} onCancel={() => setEditing(null)} onSaved={(t) => { setTriggers((list) => [...(list ?? []), t]); setEditing(null); }} />
      ) : (
        triggers &&
        !editing && (
          <button type="button" className="button primary" onClick={() => setEditing('new')}>
            Add a trigger
          </button>
        )
      )}
    </>
  );
}

/** The schema mapping as the pipeline will apply it: each field's path, or the default it falls back to. */
function MappingTable({ mapping }: { mapping: Trigger['mapping'] }) {
  const data = mapping.data && Object.keys(mapping.data).length ? mapping.data : null;
  return (
    <dl className="trigger-mapping" data-testid="trigger-mapping">
      <dt>Recipient</dt>
      <dd>{mapping.recipients ? <code>{mapping.recipients}</code> : <><code>{TRIGGER_DEFAULTS.recipients}</code> <span className="muted">(default)</span></>}</dd>
      <dt>Data</dt>
      <dd>
        {data ? (
          Object.entries(data).map(([field, path]) => (
            <span key={field} className="mapping-pair">
              <code>{field}</code> ← <code>{path}</code>
            </span>
          ))
        ) : (
          <>
            all of <code>properties</code> <span className="muted">(default)</span>
          </>
        )}
      </dd>
      {mapping.actor && (
        <>
          <dt>Actor</dt>
          <dd>
            <code>{mapping.actor}</code>
          </dd>
        </>
      )}
      {mapping.tenant && (
        <>
          <dt>Tenant</dt>
          <dd>
            <code>{mapping.tenant}</code>
          </dd>
        </>
      )}
    </dl>
  );
}

const TRIGGER_FIELDS = ['source', 'event', 'mapping.recipients', 'mapping.actor', 'mapping.tenant', 'mapping.data', 'mapping', 'status'] as const;

/** Create a trigger, or edit one's event and mapping (the source is fixed once created). */
function TriggerForm({ workflowKey, trigger, onCancel, onSaved }: { workflowKey: string; trigger?: Trigger; onCancel: () => void; onSaved: (t: Trigger) => void }) {
  const [sources, setSources] = useState<Schemas['Source'][] | null>(null);
  const [source, setSource] = useState(trigger?.source ?? '');
  const [event, setEvent] = useState(trigger?.event ?? '');
  const [recipients, setRecipients] = useState(trigger?.mapping.recipients ?? '');
  const [actor, setActor] = useState(trigger?.mapping.actor ?? '');
  const [tenant, setTenant] = useState(trigger?.mapping.tenant ?? '');
  const [data, setData] = useState(dataLines(trigger?.mapping.data));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (trigger) return;
    api.GET('/v1/sources').then(({ data: list }) => {
      const legacy = (list?.entries ?? []).filter((s) => s.type === 'legacy_http');
      setSources(legacy);
      setSource((current) => current || legacy[0]?.key || '');
    });
  }, [trigger]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = parseDataLines(data);
    if (parsed.error) return setErrors({ 'mapping.data': parsed.error });
    const mapping = triggerMappingFrom({ recipients, actor, tenant, data: parsed.data });
    setBusy(true);
    const answer = trigger
      ? await api.PATCH('/v1/workflows/{key}/triggers/{id}', { params: { path: { key: workflowKey, id: trigger.id } }, body: { event, mapping, version: trigger.version } })
      : await api.POST('/v1/workflows/{key}/triggers', { params: { path: { key: workflowKey } }, body: { source, event, mapping } });
    setBusy(false);
    if (answer.data) onSaved(answer.data);
    else setErrors(fieldErrors(answer.error, TRIGGER_FIELDS));
  }

  const field = (id: string, name: string, label: string, value: string, set: (v: string) => void, hint: string, placeholder: string) => (
    <div className={`field${errors[name] ? ' invalid' : ''}`}>
      <label htmlFor={id}>
        {label} <span className="optional">optional</span>
      </label>
      <input id={id} className="mono" value={value} onChange={(e) => set(e.target.value)} placeholder={placeholder} aria-invalid={errors[name] ? true : undefined} aria-describedby={`${id}-hint${errors[name] ? ` ${id}-error` : ''}`} />
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <FieldError id={`${id}-error`} message={errors[name]} />
    </div>
  );

  return (
    <form className="card form trigger-form section-gap" onSubmit={submit} noValidate aria-label={trigger ? 'Edit the trigger' : 'Add a trigger'}>
      <h2>{trigger ? `Edit the trigger on “${trigger.event}”` : 'Add a trigger'}</h2>
      {!trigger && (
        <div className={`field${errors.source ? ' invalid' : ''}`}>
          <label htmlFor="trigger-source">Legacy HTTP source</label>
          {sources && sources.length === 0 ? (
            <p className="notice" id="trigger-source">
              No legacy HTTP source yet: add one from Sources (type Legacy HTTP), then attach its events here.
            </p>
          ) : (
            <select id="trigger-source" className="picker" value={source} onChange={(e) => setSource(e.target.value)} aria-invalid={errors.source ? true : undefined}>
              {(sources ?? []).map((s) => (
                <option key={s.key} value={s.key}>
                  {s.name} ({s.key})
                </option>
              ))}
            </select>
          )}
          <FieldError message={errors.source} />
        </div>
      )}
      <div className={`field${errors.event ? ' invalid' : ''}`}>
        <label htmlFor="trigger-event">Event name</label>
        <input id="trigger-event" value={event} onChange={(e) => setEvent(e.target.value)} placeholder="Signed Up" aria-invalid={errors.event ? true : undefined} aria-describedby="trigger-event-hint" />
        <p className="hint" id="trigger-event-hint">
          The track event&apos;s <code>event</code>, exactly as sent.
        </p>
        <FieldError message={errors.event} />
      </div>
      <fieldset className="field">
        <legend>Schema mapping</legend>
        <p className="hint">Paths into the track event. Left empty, the recipient is its userId and the data all of its properties.</p>
      </fieldset>
      {field('trigger-recipients', 'mapping.recipients', 'Recipient', recipients, setRecipients, 'Default: userId.', 'userId')}
      <div className={`field${errors['mapping.data'] ? ' invalid' : ''}`}>
        <label htmlFor="trigger-data">
          Data <span className="optional">optional</span>
        </label>
        <textarea id="trigger-data" className="mono" rows={3} value={data} onChange={(e) => setData(e.target.value)} placeholder={'plan = properties.plan'} aria-invalid={errors['mapping.data'] ? true : undefined} aria-describedby="trigger-data-hint" />
        <p className="hint" id="trigger-data-hint">
          One <code>field = path</code> per line; then the data is these fields only (<code>data.x</code> stands for <code>properties.x</code>). Default: all of properties.
        </p>
        <FieldError message={errors['mapping.data']} />
      </div>
      {field('trigger-actor', 'mapping.actor', 'Actor', actor, setActor, 'Who did it, e.g. properties.actorId.', 'properties.actorId')}
      {field('trigger-tenant', 'mapping.tenant', 'Tenant', tenant, setTenant, 'e.g. context.groupId.', 'context.groupId')}
      {(errors.form || errors.mapping || errors.status) && (
        <p className="notice error" role="alert">
          {[errors.form, errors.mapping, errors.status].filter(Boolean).join('; ')}
        </p>
      )}
      <div className="actions">
        <button type="button" className="button secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button primary" disabled={busy || (!trigger && !source)}>
          {busy ? 'Saving…' : trigger ? 'Save trigger' : 'Add trigger'}
        </button>
      </div>
    </form>
  );
}
