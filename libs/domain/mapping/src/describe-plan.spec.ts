import { EventMappedSchema, type ActionType, type MappingConfig } from '@inlet/contracts';
import { dryRunPlan } from './describe-plan';

const sample = {
  body: { task: { id: 'tsk_1', title: 'Write the report' }, assignee: { id: 'u_1', email: 'ada@example.com' }, project: 'p_1' },
  headers: { 'x-request-id': 'req_1' },
};

function mapping(id: string, actionType: ActionType, params: MappingConfig['params'], extra: Partial<MappingConfig> = {}): MappingConfig {
  return { kind: 'mapping', id, sourceEnvironmentId: 'env_1', eventType: 'task.assigned', actionType, params, active: true, ...extra };
}

describe('dryRunPlan', () => {
  const mappings = [
    mapping('m-trigger', 'trigger_workflow', { key: { literal: 'task-assigned' }, recipients: { path: 'assignee.id' }, data: { path: 'task' } }, { triggerId: 'trg_1' }),
    mapping('m-identify', 'identify_user', { id: { path: 'assignee.id' }, email: { path: 'assignee.email' } }),
    mapping('m-object', 'set_object', { collection: { literal: 'projects' }, id: { path: 'project.id' } }),
    mapping('m-off', 'delete_user', { id: { path: 'assignee.id' } }, { active: false }),
  ];

  it('answers what would run, in execution order with the payload each action would get, and what would be skipped and why', () => {
    const run = dryRunPlan({ eventId: 'evt_1', eventType: 'task.assigned', sample, mappings });
    expect(run).toEqual({
      eventType: 'task.assigned',
      planned: [
        { actionId: 'evt_1:m-identify', mappingId: 'm-identify', actionType: 'identify_user', position: 0, configured: mappings[1].params, resolved: { id: 'u_1', email: 'ada@example.com' } },
        {
          actionId: 'evt_1:m-trigger',
          mappingId: 'm-trigger',
          triggerId: 'trg_1',
          actionType: 'trigger_workflow',
          position: 1,
          configured: mappings[0].params,
          resolved: { key: 'task-assigned', recipients: [{ kind: 'user', id: 'u_1' }], data: { id: 'tsk_1', title: 'Write the report' } },
        },
      ],
      skipped: [
        { mappingId: 'm-off', actionType: 'delete_user', configured: mappings[3].params, reason: 'inactive', message: 'mapping is inactive' },
        {
          mappingId: 'm-object',
          actionType: 'set_object',
          configured: mappings[2].params,
          reason: 'missing_field',
          field: 'id',
          message: 'required field "id" is missing (path "project.id" does not resolve)',
        },
      ],
    });
    // The same shape as event.mapped, so the dry run reads like the event's log.
    expect(EventMappedSchema.parse(run)).toEqual(run);
  });

  it('plans nothing for an event type without mappings', () => {
    expect(dryRunPlan({ eventId: 'evt_1', eventType: 'task.assigned', sample, mappings: [] })).toEqual({ eventType: 'task.assigned', planned: [], skipped: [] });
  });
});
