import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, type Schemas } from '../api/client';
import { errorMessage, fieldErrors, type FieldErrors } from '../api/api-errors';
import { ErrorNotice } from '../components/field-error';
import { InlineConfirm } from '../components/inline-confirm';
import { PayloadTree } from '../components/payload-tree';
import { timeAgo } from '../lib/format-time';
import { inputOf, inputsFor, mappingFields, paramsOf, verdictOf, type CheckedParam, type ParamInput } from '../lib/mapping-form';
import { follow, navigate, paths } from '../lib/router';
import { MappingDryRun } from './mapping-dry-run';
import { SampleStepper } from './event-types-tab';
import type { SourceTabProps } from './source-tabs';

type Mapping = Schemas['Mapping'];
type ActionType = Mapping['action_type'];
type Sample = Schemas['EventTypeSample'];

/** Every action a mapping can take, as the editor names it (a Record: a new action type breaks the type check until it is named here). */
const ACTION_LABELS: Record<ActionType, string> = {
  trigger_workflow: 'Trigger workflow',
  cancel_workflow: 'Cancel workflow',
  identify_user: 'Identify user',
  delete_user: 'Delete user',
  set_object: 'Set object',
  delete_object: 'Delete object',
  set_tenant: 'Set tenant',
  delete_tenant: 'Delete tenant',
  subscribe: 'Subscribe to object',
  unsubscribe: 'Unsubscribe from object',
  add_audience_members: 'Add audience members',
  remove_audience_members: 'Remove audience members',
};
const ACTION_TYPES = Object.keys(ACTION_LABELS) as ActionType[];
const WORKFLOW_ACTIONS: ActionType[] = ['trigger_workflow', 'cancel_workflow'];
const CHECK_DEBOUNCE_MS = 200;

/**
 * The Mappings tab of a custom source: the environment's mappings (left), the editor of the one
 * open (`…/mappings/<id>`, or `…/mappings/new/<event type>`), its inputs checked live against a
 * sample (middle), the sample whose fields fill the focused input (right), and a dry run below.
 */
export function MappingsTab({ env, source, rest }: SourceTabProps) {
  const [mappings, setMappings] = useState<Mapping[] | null>(null);
  const [eventTypes, setEventTypes] = useState<Schemas['EventType'][]>([]);
  const [workflows, setWorkflows] = useState<Schemas['Workflow'][]>([]);
  const [environments, setEnvironments] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  // What the last save said, kept here: a saved mapping's editor is a new one (its id and version).
  const [flash, setFlash] = useState<{ id: string; text: string } | null>(null);
  const where = useMemo(() => ({ key: source.key, env }), [source.key, env]);

  const reload = useCallback(async () => {
    const { data, error: failure } = await api.GET('/v1/sources/{key}/environments/{env}/mappings', { params: { path: where } });
    if (data) setMappings(data.entries);
    else setError(errorMessage(failure));
  }, [where]);

  useEffect(() => {
    setMappings(null);
    void reload();
    void api.GET('/v1/sources/{key}/environments/{env}/event-types', { params: { path: where } }).then(({ data }) => setEventTypes(data?.entries ?? []));
    void api.GET('/v1/workflows').then(({ data }) => setWorkflows(data?.entries ?? []));
    void api.GET('/v1/environments').then(({ data }) => setEnvironments((data?.entries ?? []).map((e) => e.name)));
  }, [reload, where]);

  if (error) return <p className="notice error">{error}</p>;
  if (!mappings) return <p className="muted">Loading mappings…</p>;

  const [openId, newType] = rest;
  const open = openId && openId !== 'new' ? mappings.find((m) => m.id === openId) : undefined;
  const creating = openId === 'new' || (!openId && mappings.length === 0);
  const shown = open ?? (openId || creating ? undefined : mappings[0]);

  return (
    <div className="mapping-panes">
      <aside className="card flush mapping-list" aria-label="Mappings">
        <div className="pane-head">
          <h2>Mappings</h2>
          <a className="button primary small" href={paths.sourceTab(env, source.key, 'mappings', 'new')} onClick={follow(paths.sourceTab(env, source.key, 'mappings', 'new'))}>
            Create new
          </a>
        </div>
        {mappings.length === 0 ? (
          <p className="muted pane-empty">No mappings in {env} yet: build the first one here, from a received event type.</p>
        ) : (
          <ul data-testid="mapping-list">
            {mappings.map((m) => {
              const to = paths.sourceTab(env, source.key, 'mappings', m.id);
              const workflow = m.action_type === 'trigger_workflow' && m.params.key && 'literal' in m.params.key ? String(m.params.key.literal) : null;
              return (
                <li key={m.id}>
                  <a href={to} onClick={follow(to)} className={m.id === shown?.id ? 'selected' : undefined} aria-current={m.id === shown?.id ? 'true' : undefined}>
                    <code>{m.event_type}</code>
                    <span>
                      {ACTION_LABELS[m.action_type]}
                      {workflow ? <span className="muted"> · {workflow}</span> : null}
                    </span>
                    <span className="muted small">
                      <span className={`badge ${m.active ? 'ok-text' : 'muted'}`}>{m.active ? 'Active' : 'Inactive'}</span> changed {timeAgo(m.updated_at, Date.now())}
                    </span>
                  </a>
                </li>
              );
            })}
          </ul>
        )}
      </aside>
      {openId && openId !== 'new' && !open ? (
        <p className="notice error mapping-missing">There is no mapping {openId} in {env}: it may have been deleted. Choose one on the left or create a new one.</p>
      ) : (
        <MappingEditor
          // A new mapping's editor starts again once the received types arrive, with the newest offered.
          key={shown ? `${shown.id}:${shown.version}` : `new:${newType ?? eventTypes[0]?.event_type ?? ''}`}
          env={env}
          sourceKey={source.key}
          mapping={shown ?? null}
          initialType={newType ?? eventTypes[0]?.event_type ?? ''}
          eventTypes={eventTypes}
          workflows={workflows}
          environments={environments.filter((e) => e !== env)}
          flash={flash && flash.id === shown?.id ? flash.text : null}
          onSaved={async (saved, created, message) => {
            setFlash(message ? { id: saved.id, text: message } : null);
            await reload();
            if (created) navigate(paths.sourceTab(env, source.key, 'mappings', saved.id), { replace: true });
          }}
          onDeleted={async () => {
            await reload();
            navigate(paths.sourceTab(env, source.key, 'mappings'), { replace: true });
          }}
        />
      )}
    </div>
  );
}

type Row = ParamInput & { id: number };
let rowIds = 0;
const rowOf = (input: ParamInput): Row => ({ ...input, id: ++rowIds });

type EditorProps = {
  env: string;
  sourceKey: string;
  mapping: Mapping | null;
  initialType: string;
  eventTypes: Schemas['EventType'][];
  workflows: Schemas['Workflow'][];
  environments: string[];
  /** What the last save of this mapping said. */
  flash: string | null;
  onSaved(mapping: Mapping, created: boolean, message?: string): Promise<void>;
  onDeleted(): Promise<void>;
};

function MappingEditor({ env, sourceKey, mapping, initialType, eventTypes, workflows, environments, flash, onSaved, onDeleted }: EditorProps) {
  const where = useMemo(() => ({ key: sourceKey, env }), [sourceKey, env]);
  const [eventType, setEventType] = useState(mapping?.event_type ?? initialType);
  const [actionType, setActionType] = useState<ActionType>(mapping?.action_type ?? 'trigger_workflow');
  const [rows, setRows] = useState<Row[]>(() => Object.entries(mapping?.params ?? {}).map(([name, source]) => rowOf(inputOf(name, source))));
  const [target, setTarget] = useState<number | null>(null);
  const [checks, setChecks] = useState<CheckedParam[]>([]);
  const [skip, setSkip] = useState<Schemas['MappingCheck']['skip']>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [samples, setSamples] = useState<Sample[] | null>(null);
  const [sampleIndex, setSampleIndex] = useState(0);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState<string | null>(flash);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [copyTo, setCopyTo] = useState('');
  const inputRefs = useRef(new Map<number, HTMLInputElement | HTMLSelectElement>());
  const managed = Boolean(mapping?.trigger_id);

  const loadSamples = useCallback(async () => {
    if (!eventType) return setSamples([]);
    const { data } = await api.GET('/v1/sources/{key}/environments/{env}/event-types/{type}/samples', { params: { path: { ...where, type: eventType } } });
    setSamples(data?.entries ?? []);
    setSampleIndex(0);
  }, [where, eventType]);

  useEffect(() => {
    setSamples(null);
    void loadSamples();
  }, [loadSamples]);

  const sample = samples?.[sampleIndex];
  const params = useMemo(() => paramsOf(rows), [rows]);
  const paramsKey = JSON.stringify(params);

  // Every change is checked against the selected sample (an empty body while there is none), a moment after typing stops.
  useEffect(() => {
    if (samples === null) return;
    let live = true;
    const timer = setTimeout(async () => {
      const { data, error } = await api.POST('/v1/sources/{key}/environments/{env}/mappings/check', {
        params: { path: where },
        body: { action_type: actionType, params: JSON.parse(paramsKey), sample: sample ? { event_id: sample.event_id } : { body: {}, headers: {} } },
      });
      if (!live) return;
      if (!data) return setCheckError(errorMessage(error));
      setCheckError(null);
      setChecks(data.params as CheckedParam[]);
      setSkip(data.skip);
      // One input per parameter of the action, kept in the action's order, the extra fields after.
      setRows((current) => {
        const { own, extra } = inputsFor(data.params as CheckedParam[], current);
        // A workflow key is usually a literal: its input starts as a choice of the registered workflows.
        const fresh = (r: ParamInput) => rowOf(r.name === 'key' && WORKFLOW_ACTIONS.includes(actionType) ? { ...r, mode: 'literal' } : r);
        return [...own.map((r) => ('id' in r ? (r as Row) : fresh(r))), ...(extra as Row[])];
      });
    }, CHECK_DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [where, actionType, paramsKey, sample, samples]);

  const byName = new Map(checks.map((c) => [c.name, c]));
  const ownNames = new Set(checks.filter((c) => c.param === c.name).map((c) => c.name));
  const own = rows.filter((r) => ownNames.has(r.name));
  const extra = rows.filter((r) => !ownNames.has(r.name));
  const targetRow = rows.find((r) => r.id === target);
  // Before any input is focused, a click fills the first one that takes a path.
  const firstPath = own.find((r) => r.mode === 'path');

  const update = (id: number, change: Partial<ParamInput>) => {
    // A refusal is about what was sent: once the input changes, it no longer applies.
    const name = rows.find((r) => r.id === id)?.name.trim();
    if (name) setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => field !== `params.${name}`)));
    setRows((current) => current.map((r) => (r.id === id ? { ...r, ...change } : r)));
  };

  function pick(path: string) {
    const row = targetRow ?? firstPath;
    if (!row) return;
    update(row.id, { mode: 'path', text: path });
    inputRefs.current.get(row.id)?.focus();
  }

  async function save() {
    setBusy(true);
    setErrors({});
    setNotice(null);
    const body = { event_type: eventType, action_type: actionType, params };
    const answer = mapping
      ? await api.PATCH('/v1/sources/{key}/environments/{env}/mappings/{id}', { params: { path: { ...where, id: mapping.id } }, body: { ...body, version: mapping.version } })
      : await api.POST('/v1/sources/{key}/environments/{env}/mappings', { params: { path: where }, body });
    setBusy(false);
    if (!answer.data) return setErrors(fieldErrors(answer.error, mappingFields(rows)));
    const warnings = answer.data.warnings.map((w) => w.message).join(' ');
    await onSaved(answer.data, !mapping, `Saved${warnings ? `. ${warnings}` : '.'}`);
  }

  async function setActive(active: boolean) {
    if (!mapping) return;
    const path = active ? '/v1/sources/{key}/environments/{env}/mappings/{id}/activate' : '/v1/sources/{key}/environments/{env}/mappings/{id}/deactivate';
    const { data, error } = await api.POST(path, { params: { path: { ...where, id: mapping.id } } });
    if (!data) return setErrors({ form: errorMessage(error) });
    await onSaved(data, false);
  }

  async function remove() {
    if (!mapping) return;
    const { error, response } = await api.DELETE('/v1/sources/{key}/environments/{env}/mappings/{id}', { params: { path: { ...where, id: mapping.id } } });
    if (response.status !== 204) return setErrors({ form: errorMessage(error) });
    await onDeleted();
  }

  async function copy() {
    if (!copyTo) return;
    const { data, error } = await api.POST('/v1/sources/{key}/environments/{env}/mappings/copy', { params: { path: where }, body: { to_environment: copyTo } });
    if (!data) return setErrors({ copy: errorMessage(error) });
    setErrors({});
    setNotice(`Copied ${data.entries.length} mapping${data.entries.length === 1 ? '' : 's'} of ${env} to ${copyTo}.`);
  }

  const renderRow = (row: Row, isExtra: boolean) => {
    const check = byName.get(row.name.trim());
    // An empty input is not a path that fails: it says "Required" (the skip notice below says what the action lacks).
    const verdict = row.text.trim() ? verdictOf(check) : null;
    const error = errors[`params.${row.name.trim()}`];
    const id = `param-${row.id}`;
    const workflowSelect = row.name === 'key' && WORKFLOW_ACTIONS.includes(actionType) && row.mode === 'literal';
    return (
      <div key={row.id} className={`param${target === row.id ? ' targeted' : ''}${verdict?.mark === 'bad' || error ? ' invalid' : ''}`} data-testid={`param-${row.name}`}>
        <div className="param-label">
          {isExtra ? (
            <input className="param-name" aria-label="Field name" placeholder="data.task_id" value={row.name} onChange={(e) => update(row.id, { name: e.target.value })} />
          ) : (
            <label htmlFor={id}>
              {row.name}
              {check?.required ? (
                <span className="required" title="required">
                  *
                </span>
              ) : null}
            </label>
          )}
          {check?.kind && <span className="muted small">{check.param && check.param !== check.name ? `a field of ${check.param}` : check.kind}</span>}
        </div>
        <div className="param-input">
          <select aria-label={`Source of ${row.name || 'the field'}`} value={row.mode} onChange={(e) => update(row.id, { mode: e.target.value as Row['mode'], text: '' })} disabled={managed}>
            <option value="path">Path</option>
            <option value="literal">Value</option>
          </select>
          {workflowSelect ? (
            <select
              id={id}
              ref={(el) => void (el ? inputRefs.current.set(row.id, el) : inputRefs.current.delete(row.id))}
              value={row.text}
              onChange={(e) => update(row.id, { text: e.target.value })}
              onFocus={() => setTarget(row.id)}
              disabled={managed}
            >
              <option value="">Choose a workflow…</option>
              {workflows.map((w) => (
                <option key={w.key} value={w.key}>
                  {w.name} ({w.key})
                </option>
              ))}
              {row.text && !workflows.some((w) => w.key === row.text) ? <option value={row.text}>{row.text}</option> : null}
            </select>
          ) : (
            <input
              id={id}
              aria-label={isExtra ? `Value of ${row.name || 'the field'}` : undefined}
              ref={(el) => void (el ? inputRefs.current.set(row.id, el) : inputRefs.current.delete(row.id))}
              className="mono"
              value={row.text}
              placeholder={row.mode === 'path' ? 'data.field' : 'text, or JSON'}
              onFocus={() => setTarget(row.id)}
              onChange={(e) => update(row.id, { text: e.target.value })}
              aria-invalid={verdict?.mark === 'bad' || Boolean(error)}
              aria-describedby={`${id}-check`}
              disabled={managed}
              spellCheck={false}
              autoComplete="off"
            />
          )}
          {isExtra && (
            <button type="button" className="button ghost small" aria-label={`Remove ${row.name || 'the field'}`} onClick={() => setRows((current) => current.filter((r) => r.id !== row.id))} disabled={managed}>
              ✕
            </button>
          )}
        </div>
        <p id={`${id}-check`} className={`check ${verdict?.mark ?? 'none'}`} data-testid="check" aria-live="polite">
          {verdict?.mark === 'ok' ? <>✓ {verdict.text}</> : verdict?.mark === 'bad' ? <>✕ {verdict.text}</> : verdict ? verdict.text : check?.required ? 'Required' : null}
        </p>
        {error && <p className="field-error">{error}</p>}
      </div>
    );
  };

  return (
    <>
      <section className="card mapping-editor" aria-label="Mapping editor">
        <div className="pane-head">
          <h2>{mapping ? 'Edit mapping' : 'New mapping'}</h2>
          {mapping && <span className={`badge ${mapping.active ? 'ok-text' : 'muted'}`}>{mapping.active ? 'Active' : 'Inactive'}</span>}
        </div>
        {managed && <p className="notice">This mapping belongs to a workflow trigger: change it there.</p>}
        <div className={`field${errors.event_type ? ' invalid' : ''}`}>
          <label htmlFor="mapping-event-type">When receiving</label>
          <input id="mapping-event-type" className="mono" list="mapping-event-types" value={eventType} placeholder="task.assigned" onChange={(e) => setEventType(e.target.value)} disabled={managed} />
          <datalist id="mapping-event-types">
            {eventTypes.map((t) => (
              <option key={t.event_type} value={t.event_type} />
            ))}
          </datalist>
          {errors.event_type && <p className="field-error">{errors.event_type}</p>}
        </div>
        <div className={`field${errors.action_type ? ' invalid' : ''}`}>
          <label htmlFor="mapping-action">Take this action</label>
          <select
            id="mapping-action"
            value={actionType}
            disabled={managed}
            onChange={(e) => {
              setActionType(e.target.value as ActionType);
              // Inputs left empty belong to the previous action; what was typed stays.
              setRows((current) => current.filter((r) => r.text.trim() !== ''));
            }}
          >
            {ACTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {ACTION_LABELS[type]}
              </option>
            ))}
          </select>
          {errors.action_type && <p className="field-error">{errors.action_type}</p>}
        </div>
        <fieldset className="field params" data-testid="params">
          <legend>With the following data</legend>
          {checkError && <p className="notice error">{checkError}</p>}
          {!sample && samples && <p className="hint">No sample of {eventType ? <code>{eventType}</code> : 'this event type'} yet: inputs are checked against an empty body.</p>}
          {checks.length === 0 && !checkError ? <p className="muted">Loading the action&apos;s parameters…</p> : own.map((row) => renderRow(row, false))}
          {/* Until the first answer names the action's own parameters, no input can be told from an extra field. */}
          {checks.length > 0 && extra.map((row) => renderRow(row, true))}
          <button type="button" className="link" onClick={() => setRows((current) => [...current, rowOf({ name: '', mode: 'path', text: '' })])} disabled={managed}>
            + Add a field (e.g. <code>data.task_id</code>)
          </button>
        </fieldset>
        {skip && sample ? (
          <p className="notice error" data-testid="skip">
            With this sample the action would be skipped: {skip.message}
          </p>
        ) : checks.length > 0 && sample ? (
          <p className="notice success" data-testid="would-run">
            With this sample the action would run.
          </p>
        ) : null}
        {errors.params && <p className="field-error">{errors.params}</p>}
        <ErrorNotice message={errors.form} />
        {notice && (
          <p className="notice success" role="status" data-testid="mapping-notice">
            {notice}
          </p>
        )}
        <div className="editor-actions">
          <button type="button" className="button primary" onClick={() => void save()} disabled={busy || managed}>
            {mapping ? 'Save changes' : 'Save mapping'}
          </button>
          {mapping && !managed && (
            <>
              <button type="button" className="button secondary" onClick={() => void setActive(!mapping.active)}>
                {mapping.active ? 'Deactivate' : 'Activate'}
              </button>
              {confirmDelete ? (
                <InlineConfirm
                  label="Confirm deletion"
                  question="Delete this mapping?"
                  confirm="Yes, delete"
                  onConfirm={() => void remove()}
                  onCancel={() => setConfirmDelete(false)}
                />
              ) : (
                <button type="button" className="button ghost" onClick={() => setConfirmDelete(true)}>
                  Delete
                </button>
              )}
            </>
          )}
        </div>
        {mapping && environments.length > 0 && (
          <div className="copy-mappings">
            <label htmlFor="copy-to">Copy every mapping of {env} to</label>
            <select id="copy-to" value={copyTo} onChange={(e) => setCopyTo(e.target.value)}>
              <option value="">an environment…</option>
              {environments.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
            </select>
            <button type="button" className="button secondary small" onClick={() => void copy()} disabled={!copyTo}>
              Copy
            </button>
            {errors.copy && <p className="field-error">{errors.copy}</p>}
          </div>
        )}
      </section>

      <aside className="card sample-pane" aria-label="Sample payload">
        <h2>Sample payload</h2>
        {samples === null && <p className="muted">Loading samples…</p>}
        {samples && !sample && <p className="muted">No sample of this event type was received in {env} yet. Send one, then refresh.</p>}
        {samples && (
          <button type="button" className="button ghost small" onClick={() => void loadSamples()} hidden={Boolean(sample)}>
            Refresh
          </button>
        )}
        {sample && samples && (
          <>
            <SampleStepper index={sampleIndex} count={samples.length} onStep={setSampleIndex} onRefresh={() => void loadSamples()} receivedAt={sample.received_at} />
            <p className="hint" data-testid="pick-hint">
              Click a field to fill <strong>{(targetRow ?? firstPath)?.name || 'the focused input'}</strong> with its path.
            </p>
            <h3 className="pane-title">body</h3>
            <PayloadTree body={sample.body} selected={targetRow?.mode === 'path' ? targetRow.text : null} onPick={pick} />
            <h3 className="pane-title">headers</h3>
            <PayloadTree body={{ headers: sample.headers }} selected={targetRow?.mode === 'path' ? targetRow.text : null} onPick={pick} />
          </>
        )}
      </aside>

      <MappingDryRun env={env} sourceKey={sourceKey} eventType={eventType} sample={sample ?? null} />
    </>
  );
}
