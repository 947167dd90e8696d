import { projectDeadLetter } from './project-dead-letter';

const headers = {
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  'x-inlet-original-topic': 'inlet.intake.received.v1.t-abc',
  'x-inlet-original-partition': '2',
  'x-inlet-original-offset': '41',
  'x-inlet-error-code': 'log_store_unavailable',
  'x-inlet-error-message': 'the log store did not take the batch',
  'x-inlet-consumer-group': 'inlet.event-log.t-abc',
};
const envelope = {
  messageId: '00000000-0000-4000-8000-000000000001',
  eventId: 'evt_1',
  sourceEnvironmentId: 'env_1',
  sourceKey: 'tasks',
  environment: 'development',
  producedAt: '2026-05-01T10:00:01.000Z',
  payload: { receivedAt: '2026-05-01T10:00:00.000Z', bodyBase64: 'eyJhIjoxfQ==' },
};
const record = (value: unknown, h: Record<string, string> = headers) => ({
  value: value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  headers: h,
  partition: 0,
  offset: '7',
  timestamp: String(Date.parse('2026-05-01T10:00:02.000Z')),
});

describe('projectDeadLetter', () => {
  it('marks the log with the stage (topic and consumer group) and the reason, without the message', () => {
    const projected = projectDeadLetter(record(envelope));
    if (!projected.ok) throw new Error(projected.why);
    expect(projected.log.eventId).toBe('evt_1');
    const at = new Date('2026-05-01T10:00:02.000Z');
    expect(projected.log.update.$set).toEqual({
      failure: {
        reason: 'dead_lettered',
        topic: 'inlet.intake.received.v1.t-abc',
        consumerGroup: 'inlet.event-log.t-abc',
        code: 'log_store_unavailable',
        message: 'the log store did not take the batch',
        at,
      },
      'timeline.dead_letter:inlet_intake_received_v1_t-abc:2:41': {
        stage: 'dead_lettered',
        at,
        service: 'event-log',
        detail: 'inlet.intake.received.v1.t-abc: log_store_unavailable: the log store did not take the batch',
      },
    });
    expect(JSON.stringify(projected.log.update)).not.toContain('eyJhIjoxfQ');
  });

  it('inserts the head of a log the dead letter is the first to reach', () => {
    const projected = projectDeadLetter(record(envelope));
    expect(projected.ok && projected.log.update.$setOnInsert).toEqual({
      sourceEnvironmentId: 'env_1',
      sourceKey: 'tasks',
      environment: 'development',
      status: 'pending',
      receivedAt: new Date('2026-05-01T10:00:00.000Z'),
    });
  });

  it('writes a redelivered dead letter over its own timeline entry', () => {
    const keys = (p: ReturnType<typeof projectDeadLetter>) => (p.ok ? Object.keys(p.log.update.$set) : []);
    expect(keys(projectDeadLetter(record(envelope)))).toEqual(keys(projectDeadLetter(record({ ...envelope, messageId: 'other' }))));
  });

  it('keeps a deeply nested message it could not have stored out of the log', () => {
    const deep = `{"eventId":"evt_2","sourceEnvironmentId":"env_1","sourceKey":"s","environment":"development","payload":{"x":${'['.repeat(5000)}${']'.repeat(5000)}}}`;
    const projected = projectDeadLetter(record(deep));
    expect(projected.ok && projected.log.eventId).toBe('evt_2');
    expect(JSON.stringify(projected)).not.toContain('[[');
  });

  it.each([
    ['bytes that are not JSON', 'not json'],
    ['a tombstone', null],
    ['an envelope without an event id', { ...envelope, eventId: undefined }],
    ['a JSON array', [1, 2]],
  ])('names no log for %s', (_case, value) => {
    expect(projectDeadLetter(record(value)).ok).toBe(false);
  });
});
