import { useEffect, useState, type FormEvent } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage, fieldErrors, type FieldErrors } from '../api/api-errors';
import { FieldError, ErrorNotice } from '../components/field-error';
import { StatusSwitch } from '../components/status-switch';
import { TimeAgo } from '../components/time-ago';
import { follow, navigate, paths } from '../lib/router';
import { useEnvironments } from '../lib/use-environments';
import type { SectionProps } from './sections';
import { WorkflowPage } from './workflow-page';

type Workflow = Schemas['Workflow'];

/** Workflows at `/environments/{env}/workflows`, one at `…/workflows/{key}` (its triggers). */
export function WorkflowsSection({ env, rest }: SectionProps) {
  return rest[0] ? <WorkflowPage key={rest[0]} env={env} workflowKey={rest[0]} /> : <WorkflowsPage env={env} />;
}

/** Every registered workflow with its status in each environment, and a form to register one. */
function WorkflowsPage({ env }: { env: string }) {
  const [workflows, setWorkflows] = useState<Workflow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [adding, setAdding] = useState(false);
  const environments = useEnvironments();

  const load = () =>
    api.GET('/v1/workflows').then(({ data, error: failure }) => {
      if (data) setWorkflows(data.entries);
      else setError(errorMessage(failure));
    });
  useEffect(() => {
    load();
  }, []);

  async function toggle(workflow: Workflow, environment: string) {
    setBusy(`${workflow.key}/${environment}`);
    setError(null);
    const next = workflow.status[environment] === 'inactive' ? 'active' : 'inactive';
    const { data, error: failure } = await api.PATCH('/v1/workflows/{key}', { params: { path: { key: workflow.key } }, body: { status: { [environment]: next }, version: workflow.version } });
    setBusy(null);
    if (data) setWorkflows((list) => list?.map((w) => (w.key === data.key ? data : w)) ?? null);
    else {
      setError(errorMessage(failure));
      load();
    }
  }

  const now = Date.now();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Workflows</h1>
          <p className="muted">The workflows actions trigger. An inactive workflow is not run in that environment; a legacy HTTP source&apos;s events trigger one through its triggers.</p>
        </div>
        {workflows && workflows.length > 0 && !adding && (
          <button type="button" className="button primary" onClick={() => setAdding(true)}>
            Register workflow
          </button>
        )}
      </div>
      <ErrorNotice message={error} />
      {!workflows && !error && <p className="muted">Loading…</p>}
      {(adding || workflows?.length === 0) && (
        <RegisterWorkflowForm
          first={workflows?.length === 0}
          onCancel={workflows?.length ? () => setAdding(false) : undefined}
          onCreated={(w) => {
            setAdding(false);
            navigate(paths.workflow(env, w.key));
          }}
        />
      )}
      {workflows && workflows.length > 0 && (
        <div className="card flush">
          <table className="table responsive" data-testid="workflows">
            <thead>
              <tr>
                <th>Workflow</th>
                {environments.map((name) => (
                  <th key={name}>{name}</th>
                ))}
                <th>Changed</th>
              </tr>
            </thead>
            <tbody>
              {workflows.map((workflow) => (
                <tr key={workflow.key}>
                  <td data-label="Workflow">
                    <a href={paths.workflow(env, workflow.key)} onClick={follow(paths.workflow(env, workflow.key))}>
                      {workflow.name}
                    </a>{' '}
                    <code>{workflow.key}</code>
                  </td>
                  {environments.map((name) => (
                    <td key={name} data-label={name}>
                      <StatusSwitch label={`${workflow.name} in ${name}`} active={workflow.status[name] !== 'inactive'} busy={busy === `${workflow.key}/${name}`} onToggle={() => toggle(workflow, name)} />
                    </td>
                  ))}
                  <td data-label="Changed">
                    <TimeAgo at={workflow.updated_at} now={now} />
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

const WORKFLOW_FIELDS = ['key', 'name'] as const;

function RegisterWorkflowForm({ first, onCancel, onCreated }: { first?: boolean; onCancel?: () => void; onCreated: (w: Workflow) => void }) {
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const { data, error } = await api.POST('/v1/workflows', { body: { key, name } });
    setBusy(false);
    if (data) onCreated(data);
    else setErrors(fieldErrors(error, WORKFLOW_FIELDS));
  }

  return (
    <form className="card form section-gap" onSubmit={submit} noValidate aria-label="Register a workflow">
      <div>
        <h2>{first ? 'No workflows yet: register the first' : 'Register a workflow'}</h2>
        <p className="muted">Register each workflow your actions trigger, under the key they name it by; it starts active in every environment.</p>
      </div>
      <div className={`field${errors.name ? ' invalid' : ''}`}>
        <label htmlFor="workflow-name">Name</label>
        <input id="workflow-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Onboarding" aria-invalid={errors.name ? true : undefined} aria-describedby={errors.name ? 'workflow-name-error' : undefined} />
        <FieldError id="workflow-name-error" message={errors.name} />
      </div>
      <div className={`field${errors.key ? ' invalid' : ''}`}>
        <label htmlFor="workflow-key">Key</label>
        <input id="workflow-key" className="mono" value={key} onChange={(e) => setKey(e.target.value)} placeholder="onboarding" aria-invalid={errors.key ? true : undefined} aria-describedby={errors.key ? 'workflow-key-error' : 'workflow-key-hint'} />
        <p className="hint" id="workflow-key-hint">
          The key a trigger or a <code>trigger_workflow</code> mapping names: lower-case letters, digits, “-” and “_”.
        </p>
        <FieldError id="workflow-key-error" message={errors.key} />
      </div>
      <ErrorNotice message={errors.form} />
      <div className="actions">
        {onCancel && (
          <button type="button" className="button secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Registering…' : 'Register workflow'}
        </button>
      </div>
    </form>
  );
}
