import type { MessageOf } from '@inlet/contracts';
import { EVENT_TYPE_SAMPLES } from '@inlet/store/source-logs';
import { MAX_LOGGED_BODY_BYTES, MAX_SAMPLE_BYTES, mergeLogUpdates, projectEventTypes, projectStage } from './project-stage';

const head = {
  messageId: '00000000-0000-4000-8000-000000000001',
  eventId: 'evt_1',
  sourceEnvironmentId: 'env_1',
  sourceKey: 'tasks',
  environment: 'development',
  producedAt: '2026-05-01T10:00:01.000Z',
};

const intake: MessageOf<'intakeReceived'> = {
  ...head,
  payload: {
    receivedAt: '2026-05-01T10:00:00.000Z',
    contentType: 'application/json',
    headers: { 'x-knock-signature': 'abc', 'content-type': 'application/json' },
    bodyBase64: Buffer.from('{"event_type":"task.assigned"}').toString('base64'),
    verification: 'none',
    sensitiveHeaders: [],
  },
};

const normalized: MessageOf<'eventNormalized'>['payload'] = {
  eventType: 'task.assigned',
  eventTime: '2026-05-01T10:00:00.000Z',
  receivedAt: '2026-05-01T10:00:00.000Z',
  timeSource: 'ingestion',
  body: {},
  headers: {},
  verification: 'none',
  idempotency: { outcome: 'disabled' },
};

describe('projectStage', () => {
  it('stores the received request with its parsed body, its signature redacted', () => {
    const { eventId, update } = projectStage('intakeReceived', intake);
    expect(eventId).toBe('evt_1');
    expect(update.$set).toEqual({
      receivedAt: new Date('2026-05-01T10:00:00.000Z'),
      edgeVerification: 'none',
      request: { contentType: 'application/json', headers: { 'x-knock-signature': '[redacted]', 'content-type': 'application/json' }, body: { event_type: 'task.assigned' } },
      'timeline.received': { stage: 'received', at: new Date('2026-05-01T10:00:00.000Z'), service: 'gateway' },
    });
  });

  it("redacts the environment's own signature header, whatever its name", () => {
    const custom = { ...intake, payload: { ...intake.payload, headers: { 'x-partner-auth': 'abc' }, sensitiveHeaders: ['x-partner-auth'] } };
    expect(projectStage('intakeReceived', custom).update.$set.request).toEqual(expect.objectContaining({ headers: { 'x-partner-auth': '[redacted]' } }));
  });

  it('never inserts a head field that the same update sets', () => {
    const { update } = projectStage('intakeReceived', intake);
    expect(update.$setOnInsert).toEqual({ sourceEnvironmentId: 'env_1', sourceKey: 'tasks', environment: 'development', status: 'pending', actions: {} });
  });

  it('writes a stage produced again by a retried batch over its own entry', () => {
    const first = projectStage('eventNormalized', { ...head, payload: normalized });
    const again = projectStage('eventNormalized', { ...head, messageId: '00000000-0000-4000-8000-000000000002', producedAt: '2026-05-01T10:00:05.000Z', payload: normalized });
    expect(Object.keys(again.update.$set).filter((k) => k.startsWith('timeline.'))).toEqual(['timeline.normalized']);
    expect(Object.keys(first.update.$set)).toEqual(Object.keys(again.update.$set));
  });

  it('records a completed action under its mapping', () => {
    const { update } = projectStage('actionCompleted', {
      ...head,
      payload: { actionId: 'evt_1:m1', mappingId: 'm1', actionType: 'identify_user', result: { user_id: 'u1' }, completedAt: '2026-05-01T10:00:02.000Z' },
    });
    expect(update.$set).toEqual({
      'actions.m1.status': 'success',
      'actions.m1.result': { user_id: 'u1' },
      'actions.m1.at': new Date('2026-05-01T10:00:02.000Z'),
      'timeline.action:m1': { stage: 'action_executed', at: new Date('2026-05-01T10:00:02.000Z'), service: 'action-executor', detail: 'identify_user' },
    });
  });

  it('keeps a body that is not JSON as text', () => {
    const { update } = projectStage('eventRejected', {
      ...head,
      payload: {
        reason: 'invalid_json',
        message: 'body is not valid JSON',
        receivedAt: '2026-05-01T10:00:00.000Z',
        verification: 'none',
        request: { contentType: 'text/plain', headers: {}, bodyBase64: Buffer.from('hello').toString('base64'), sensitiveHeaders: [] },
      },
    });
    expect((update.$set as Record<string, unknown>).request).toEqual({ contentType: 'text/plain', headers: {}, bodyText: 'hello' });
  });
});

describe('projectStage for the plan', () => {
  it('records planned actions with their resolved parameters and skipped ones with the field at fault', () => {
    const { update } = projectStage('eventMapped', {
      ...head,
      payload: {
        eventType: 'customer.created',
        planned: [{ actionId: 'evt_1:m1', mappingId: 'm1', actionType: 'identify_user', position: 0, configured: { id: { path: 'data.id' } }, resolved: { id: 'u1' } }],
        skipped: [{ mappingId: 'm2', actionType: 'identify_user', reason: 'missing_field', field: 'id', message: 'required field "id" is missing', configured: {} }],
      },
    });
    expect(update.$set).toEqual(
      expect.objectContaining({
        plan: { planned: 1, skipped: ['missing_field'] },
        'actions.m1.resolved': { id: 'u1' },
        'actions.m1.position': 0,
        'actions.m2': expect.objectContaining({ status: 'skipped', field: 'id', position: 1 }),
      }),
    );
    expect(update.$set).not.toHaveProperty('actions.m1.status');
    // The empty actions a first stage inserts would conflict with the actions this one sets.
    expect(update.$setOnInsert).not.toHaveProperty('actions');
  });
});

describe('projectEventTypes', () => {
  const at = new Date('2026-05-01T10:00:00.000Z');
  const headers = { 'content-type': 'application/json', 'x-knock-signature': 't=1,s=abc', 'x-hub-sig': 'sha256=abc', authorization: 'Bearer k' };

  it('counts the type in its environment, widening first and last seen, keeping the payload as the sample', () => {
    const body = { event_type: 'task.assigned', data: { task_id: 't1' } };
    const [counts] = projectEventTypes([{ ...head, payload: { ...normalized, body } }]);
    expect(counts).toEqual({
      updateOne: {
        filter: { _id: 'env_1|task.assigned' },
        update: {
          $setOnInsert: { sourceEnvironmentId: 'env_1', eventType: 'task.assigned' },
          $min: { firstSeenAt: at },
          $max: { lastSeenAt: at },
          $inc: { count: 1 },
          $set: { sample: body },
        },
        upsert: true,
      },
    });
  });

  it('keeps the event among the last samples, newest received first, its credentials redacted as in logs, once however often it is redelivered', () => {
    const body = { event_type: 'task.assigned' };
    const [, newest] = projectEventTypes([{ ...head, payload: { ...normalized, body, headers, sensitiveHeaders: ['x-hub-sig'] } }]);
    expect(newest).toEqual({
      updateOne: {
        filter: { _id: 'env_1|task.assigned', 'samples.eventId': { $nin: ['evt_1'] } },
        update: {
          $push: {
            samples: {
              $each: [{ eventId: 'evt_1', receivedAt: at, body, headers: { 'content-type': 'application/json', 'x-knock-signature': '[redacted]', 'x-hub-sig': '[redacted]', authorization: '[redacted]' } }],
              $sort: { receivedAt: -1 },
              $slice: EVENT_TYPE_SAMPLES,
            },
          },
        },
      },
    });
  });

  it.each([
    ['a body', { event_type: 'report.ready', rows: 'r'.repeat(MAX_SAMPLE_BYTES) }, {}],
    ['headers', { event_type: 'report.ready' }, { 'x-trace': 't'.repeat(MAX_SAMPLE_BYTES) }],
    ['multi-byte characters', { event_type: 'report.ready', text: 'é'.repeat(MAX_SAMPLE_BYTES / 2) }, {}],
  ])('keeps the previous samples when %s make the event too large to be one, still counting it', (_, body, extraHeaders) => {
    const ops = projectEventTypes([{ ...head, payload: { ...normalized, body, headers: extraHeaders } }]);
    expect(ops).toHaveLength(1);
    expect(ops[0].updateOne.update).not.toHaveProperty('$set');
    expect(ops[0]).toMatchObject({ updateOne: { update: { $inc: { count: 1 } } } });
  });
});

describe('projectEventTypes for a flush of many events', () => {
  const event = (eventId: string, env: string, second: number, body: unknown = { n: eventId }): MessageOf<'eventNormalized'> => ({
    ...head,
    eventId,
    sourceEnvironmentId: env,
    payload: { ...normalized, receivedAt: `2026-05-01T10:00:${String(second).padStart(2, '0')}.000Z`, body },
  });

  it('writes each type twice however many of its events the flush holds: all counted, first and last seen across them, the newest as samples', () => {
    const events = Array.from({ length: 14 }, (_, i) => event(`evt_${i}`, 'env_1', (i * 5) % 14));
    const ops = projectEventTypes([...events, event('evt_other', 'env_2', 30)]);
    expect(ops.map((op) => op.updateOne.filter._id)).toEqual(['env_1|task.assigned', 'env_1|task.assigned', 'env_2|task.assigned', 'env_2|task.assigned']);
    expect(ops[0].updateOne.update).toMatchObject({
      $inc: { count: 14 },
      $min: { firstSeenAt: new Date('2026-05-01T10:00:00.000Z') },
      $max: { lastSeenAt: new Date('2026-05-01T10:00:13.000Z') },
      // The sample projected last.
      $set: { sample: { n: 'evt_13' } },
    });
    const pushed = (ops[1].updateOne.update as { $push: { samples: { $each: { eventId: string; receivedAt: Date }[] } } }).$push.samples.$each;
    expect(pushed.map((s) => s.receivedAt.getUTCSeconds())).toEqual([13, 12, 11, 10, 9, 8, 7, 6, 5, 4]);
    expect(ops[1].updateOne.filter).toEqual({ _id: 'env_1|task.assigned', 'samples.eventId': { $nin: pushed.map((s) => s.eventId) } });
  });

  it('pushes an event redelivered within the flush once', () => {
    const ops = projectEventTypes([event('evt_1', 'env_1', 1), event('evt_1', 'env_1', 1)]);
    expect(ops[0].updateOne.update).toMatchObject({ $inc: { count: 2 } });
    expect((ops[1].updateOne.update as { $push: { samples: { $each: unknown[] } } }).$push.samples.$each).toHaveLength(1);
  });
});

describe('mergeLogUpdates', () => {
  const normalizedStage = projectStage('eventNormalized', { ...head, producedAt: '2026-05-01T10:00:02.000Z', payload: normalized }, 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb');
  const intakeStage = projectStage('intakeReceived', intake, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
  const mapped = projectStage('eventMapped', { ...head, payload: { eventType: 'task.assigned', planned: [], skipped: [] } });

  it("writes an event's stages in one upsert, as the updates would leave it one after the other", () => {
    const other = { ...intakeStage, eventId: 'evt_2' };
    const merged = mergeLogUpdates([normalizedStage, other, intakeStage, mapped]);
    expect(merged.map((u) => u.eventId)).toEqual(['evt_1', 'evt_2']);
    const [one] = merged;
    expect(one.update.$set).toEqual({ ...normalizedStage.update.$set, ...intakeStage.update.$set, ...mapped.update.$set });
    expect(one.update.$inc).toEqual({ version: 3 });
    // The head of the first update, less what the intake sets itself (its receipt time and trace).
    expect(one.update.$setOnInsert).toEqual({ sourceEnvironmentId: 'env_1', sourceKey: 'tasks', environment: 'development', status: 'pending', actions: {} });
    // The updates given are left as they were.
    expect(normalizedStage.update.$inc).toEqual({ version: 1 });
    expect(normalizedStage.update.$setOnInsert).toHaveProperty('receivedAt');
  });

  it("keeps a re-drive apart from the stages around it, in order, as its $unset would conflict with the plan a later stage sets", () => {
    const redrive = projectStage('intakeReceived', { ...intake, payload: { ...intake.payload, redrive: { attempt: 1, requestedAt: '2026-05-01T11:00:00.000Z', requestedBy: 'bootstrap', retryActions: [] } } });
    const merged = mergeLogUpdates([normalizedStage, redrive, mapped]);
    expect(merged.map((u) => Object.keys(u.update.$set).includes('plan'))).toEqual([false, false, true]);
    expect(merged[1].update.$unset).toBeDefined();
  });

  it('keeps apart two updates where one sets a field inside what the other sets whole', () => {
    const a = { eventId: 'evt_1', update: { $set: { 'actions.m1': { status: 'skipped' } }, $setOnInsert: {}, $inc: { version: 1 } } };
    const b = { eventId: 'evt_1', update: { $set: { 'actions.m1.status': 'success' }, $setOnInsert: {}, $inc: { version: 1 } } };
    expect(mergeLogUpdates([a, b])).toHaveLength(2);
  });
});

describe('the stored request', () => {
  const withBody = (raw: string): MessageOf<'intakeReceived'> => ({ ...intake, payload: { ...intake.payload, bodyBase64: Buffer.from(raw).toString('base64') } });

  it.each([
    ['a JSON body up to the limit, parsed', JSON.stringify({ rows: 'r'.repeat(MAX_LOGGED_BODY_BYTES - 20) }), 'body'],
    ['a body over the limit, omitted with its size', JSON.stringify({ rows: 'r'.repeat(MAX_LOGGED_BODY_BYTES) }), 'bodyOmitted'],
    ['a body that is not JSON, as text', 'plain text', 'bodyText'],
    ['a refused body nested past the input limits, as text', `${'['.repeat(2000)}${']'.repeat(2000)}`, 'bodyText'],
  ])('keeps %s', (_case, raw, field) => {
    const request = projectStage('intakeReceived', withBody(raw)).update.$set.request as Record<string, unknown>;
    expect(Object.keys(request).filter((k) => k.startsWith('body'))).toEqual([field]);
  });
});

describe('projectStage for a re-drive', () => {
  const redrive = { attempt: 2, requestedAt: '2026-05-01T11:00:00.000Z', requestedBy: 'bootstrap', retryActions: ['m2', 'm3'] };
  const update = projectStage('intakeReceived', { ...intake, payload: { ...intake.payload, redrive } }).update;

  it('forgets what the new attempt rebuilds: the rejection, the plan, the failure and the actions that did not succeed', () => {
    expect(update.$unset).toEqual({ rejection: '', plan: '', failure: '', 'actions.m2': '', 'actions.m3': '' });
    // Inserting the empty actions beside unsetting some would conflict.
    expect(update.$setOnInsert).not.toHaveProperty('actions');
  });

  it('keeps the request as first logged, is pending again at once, and adds the re-drive to the timeline', () => {
    expect(update.$set).toEqual({
      status: 'pending',
      redrive: { attempt: 2, requestedAt: new Date('2026-05-01T11:00:00.000Z'), requestedBy: 'bootstrap' },
      'timeline.redrive:2': { stage: 'redriven', at: new Date('2026-05-01T11:00:00.000Z'), service: 'api', detail: 'attempt 2, requested by bootstrap' },
    });
  });

  it('records the key that verified a request at the edge', () => {
    const first = projectStage('intakeReceived', { ...intake, payload: { ...intake.payload, verification: 'enforced:verified', verifiedKeyId: 'key_1' } });
    expect(first.update.$set).toEqual(expect.objectContaining({ edgeVerification: 'enforced:verified', verifiedKeyId: 'key_1' }));
  });
});

describe("projectStage for the event's trace id", () => {
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';

  it("sets the trace id from the gateway's stage", () => {
    const { update } = projectStage('intakeReceived', intake, traceId);
    expect(update.$set.traceId).toBe(traceId);
    expect(update.$setOnInsert).not.toHaveProperty('traceId');
  });

  it('sets the trace id of a request the gateway refused', () => {
    const refused = projectStage('eventRejected', {
      ...head,
      payload: { receivedAt: '2026-05-01T10:00:00.000Z', verification: 'none', reason: 'invalid_json', message: 'not JSON', request: intake.payload },
    }, traceId);
    expect(refused.update.$set.traceId).toBe(traceId);
  });

  it('only inserts the trace id from a later stage that arrives first', () => {
    const { update } = projectStage('eventNormalized', { ...head, payload: normalized }, traceId);
    expect(update.$set).not.toHaveProperty('traceId');
    expect(update.$setOnInsert).toEqual(expect.objectContaining({ traceId }));
  });

  it("never replaces the trace id with a re-drive's", () => {
    const redrive = { attempt: 2, requestedAt: '2026-05-01T11:00:00.000Z', requestedBy: 'bootstrap', retryActions: [] };
    const { update } = projectStage('intakeReceived', { ...intake, payload: { ...intake.payload, redrive } }, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    expect(update.$set).not.toHaveProperty('traceId');
  });

  it('leaves the trace id out when the message carried none', () => {
    const { update } = projectStage('intakeReceived', intake);
    expect(update.$set).not.toHaveProperty('traceId');
    expect(update.$setOnInsert).not.toHaveProperty('traceId');
  });
});
