import { randomUUID } from 'node:crypto';
import type { Action, MessageOf, WorkflowConfig } from '@inlet/contracts';
import { ConfigView, ConsumerRunner, createKafka, ensureTopics, publishConfig, Publisher, type ReceivedMessage } from '@inlet/platform/kafka';
import { connectMongo } from '@inlet/platform/mongo';
import { createLogger } from '@inlet/platform/observability';
import { directoryKey, directoryModels } from '@inlet/store/directory';
import { testInfrastructure, testNamespace, waitFor } from '@inlet/testing';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { ActionRequestedHandler } from './action-requested.handler';
import { DirectoryActions } from './directory-actions';
import { executedActionModel } from './executed-action.model';
import { runIdOf } from './directory-ops';

jest.setTimeout(60_000);

type Outgoing = ReceivedMessage<'actionCompleted' | 'actionFailed' | 'workflowTriggered'>;

/**
 * The handler behind a real consumer runner, as the service runs it: action requests go in through
 * Kafka, outcomes and workflow runs come out of Kafka, effects land in the real store.
 */
describe('ActionRequestedHandler, through Kafka and the real store', () => {
  const ns = testNamespace('executor');
  const logger = createLogger({ service: 'test', level: 'error' });
  const welcome: WorkflowConfig = { kind: 'workflow', id: 'welcome', name: 'Welcome', statuses: {} };
  let kafka: Kafka;
  let publisher: Publisher;
  let view: ConfigView;
  let connection: Connection;
  let runners: ConsumerRunner[];
  let out: Outgoing[];
  let directory: ReturnType<typeof directoryModels>;

  beforeAll(async () => {
    const { kafkaBrokers, mongoUrl } = testInfrastructure();
    kafka = createKafka({ brokers: kafkaBrokers, clientId: 'executor-int', logger });
    await ensureTopics(kafka, ns.topicSuffix);
    publisher = new Publisher(kafka, { topicSuffix: ns.topicSuffix, logger });
    await publisher.connect();
    await publishConfig(publisher, [welcome]);
    view = new ConfigView(kafka, { topicSuffix: ns.topicSuffix, service: 'executor-int', logger });
    await view.start();
    connection = await connectMongo({ url: mongoUrl, dbName: ns.dbName, logger, appName: 'test' });

    const handler = new ActionRequestedHandler(connection, publisher, logger, view);
    directory = directoryModels(connection);
    await Promise.all(Object.values(connection.models).map((m) => m.init()));
    out = [];
    const executor = new ConsumerRunner(kafka, { groupId: `${ns.groupPrefix}.executor`, topicSuffix: ns.topicSuffix, publisher, logger });
    const reader = new ConsumerRunner(kafka, { groupId: `${ns.groupPrefix}.reader`, topicSuffix: ns.topicSuffix, publisher, logger });
    runners = [executor, reader];
    await executor.start(['actionRequested'], (batch) => handler.handle(batch), { fromBeginning: true });
    await reader.start(['actionCompleted', 'actionFailed', 'workflowTriggered'], async (batch) => {
      out.push(...batch);
    }, { fromBeginning: true });
  });

  afterAll(async () => {
    for (const runner of runners ?? []) await runner.stop();
    await view?.stop();
    await publisher?.close();
    await connection?.close();
  });

  const request = (eventId: string, actionId: string, action: Action, position = 0): MessageOf<'actionRequested'> => ({
    messageId: randomUUID(),
    eventId,
    sourceEnvironmentId: 'env_1',
    sourceKey: 'stripe',
    environment: 'development',
    producedAt: new Date().toISOString(),
    payload: { actionId, mappingId: `map_${position}`, position, eventType: 'user.created', configured: {}, action },
  });
  /** Sends one event's action requests, keyed by the event id as the mapping-engine does. */
  const send = (...requests: MessageOf<'actionRequested'>[]) => publisher.publish('actionRequested', requests.map((value) => ({ key: value.eventId, value })));
  const outcomes = (actionId: string, count = 1) =>
    waitFor(`${count} outcome(s) of ${actionId}`, () => {
      const found = out.filter((m) => m.topic !== 'workflowTriggered' && m.value.payload.actionId === actionId);
      return found.length >= count ? found : undefined;
    });
  const runsAnnounced = (actionId: string) =>
    out.filter((m): m is ReceivedMessage<'workflowTriggered'> => m.topic === 'workflowTriggered' && m.value.payload.actionId === actionId);

  it('applies one event’s actions in offset order, upserts and others interleaved', async () => {
    const event = `evt_${randomUUID()}`;
    const user = `u_${randomUUID()}`;
    await send(
      request(event, `${event}:1`, { type: 'identify_user', params: { id: user, name: 'Ada', email: 'ada@example.com' } }),
      request(event, `${event}:2`, { type: 'delete_user', params: { id: user } }),
      request(event, `${event}:3`, { type: 'identify_user', params: { id: user, name: 'Bo' } }),
    );
    const [deleted] = await outcomes(`${event}:2`);
    await outcomes(`${event}:3`);

    expect(deleted.value.payload).toMatchObject({ actionType: 'delete_user', result: { user_id: user, deleted: true } });
    const stored = await directory.users.findById(directoryKey('development', user)).lean();
    expect(stored).toMatchObject({ name: 'Bo' });
    expect(stored).not.toHaveProperty('email');
  });

  it('identifies an inline recipient, then triggers one run per recipient and announces it keyed by recipient', async () => {
    const event = `evt_${randomUUID()}`;
    const user = `u_${randomUUID()}`;
    await send(
      request(event, `${event}:1`, { type: 'identify_user', params: { id: user, properties: { plan: 'pro' } } }),
      request(event, `${event}:2`, { type: 'trigger_workflow', params: { key: 'welcome', recipients: [{ kind: 'user', id: user, profile: { name: 'Ada' } }], data: { step: 1 } } }, 1),
    );
    const [completed] = await outcomes(`${event}:2`);
    const runId = runIdOf(`${event}:2`, { kind: 'user', id: user });

    expect(completed.topic).toBe('actionCompleted');
    expect(completed.value.payload).toMatchObject({ actionType: 'trigger_workflow', result: { workflow: 'welcome', workflow_run_ids: [runId] } });
    const [announced] = await waitFor('the run', () => (runsAnnounced(`${event}:2`).length > 0 ? runsAnnounced(`${event}:2`) : undefined));
    expect(announced.key).toBe(user);
    expect(announced.value).toMatchObject({ eventId: event, sourceKey: 'stripe', payload: { runId, workflow: 'welcome', recipient: { kind: 'user', id: user }, data: { step: 1 } } });
    expect(await directory.users.findById(directoryKey('development', user)).lean()).toMatchObject({ name: 'Ada', properties: { plan: 'pro' } });
    expect(await directory.workflowRuns.findById(runId).lean()).toMatchObject({ status: 'pending', eventId: event });
  });

  it('announces a redelivered action again with its stored result, without applying it again', async () => {
    const event = `evt_${randomUUID()}`;
    const actionId = `${event}:1`;
    const trigger: Action = { type: 'trigger_workflow', params: { key: 'welcome', recipients: [{ kind: 'user', id: 'u1' }, { kind: 'user', id: 'u2' }] } };
    await send(request(event, actionId, trigger));
    const [first] = await outcomes(actionId);
    await send(request(event, actionId, trigger));
    const [, second] = await outcomes(actionId, 2);

    expect(second.topic).toBe('actionCompleted');
    expect(second.topic === 'actionCompleted' && second.value.payload.result).toEqual(first.topic === 'actionCompleted' && first.value.payload.result);
    expect(await directory.workflowRuns.countDocuments({ actionId })).toBe(2);
    expect(runsAnnounced(actionId)).toHaveLength(2);
  });

  it('announces the same runs again when the process died after the runs were written but before the action was recorded', async () => {
    const event = `evt_${randomUUID()}`;
    const actionId = `${event}:1`;
    const action: Action = { type: 'trigger_workflow', params: { key: 'welcome', recipients: [{ kind: 'user', id: 'u1' }] } };
    // The effect of the first attempt, without its executed-action record.
    const before = await new DirectoryActions(connection, view).apply({ environment: 'development', eventId: event, sourceKey: 'stripe', actionId }, action, new Date());
    await send(request(event, actionId, action));
    const [completed] = await outcomes(actionId);

    expect(before.ok && before.result).toEqual(completed.topic === 'actionCompleted' && completed.value.payload.result);
    expect(await directory.workflowRuns.countDocuments({ actionId })).toBe(1);
    expect(runsAnnounced(actionId).map((m) => m.value.payload.runId)).toEqual([runIdOf(actionId, { kind: 'user', id: 'u1' })]);
  });

  it('fails a trigger of an unregistered workflow without recording it, so a redelivery after registering it succeeds', async () => {
    const event = `evt_${randomUUID()}`;
    const actionId = `${event}:1`;
    const key = `onboarding-${randomUUID()}`;
    const action: Action = { type: 'trigger_workflow', params: { key, recipients: [{ kind: 'user', id: 'u1' }] } };
    await send(request(event, actionId, action));
    const [failed] = await outcomes(actionId);

    expect(failed.topic).toBe('actionFailed');
    expect(failed.value.payload).toMatchObject({ failure: { code: 'workflow_missing', retriable: false, message: `workflow "${key}" is not registered (environment "development")` } });
    expect(await executedActionModel(connection).exists({ _id: actionId })).toBeNull();

    await publishConfig(publisher, [{ kind: 'workflow', id: key, name: 'Onboarding', statuses: {} }]);
    await waitFor('the workflow in the config view', () => view.workflow(key));
    await send(request(event, actionId, action));
    const [, retried] = await outcomes(actionId, 2);
    expect(retried.topic).toBe('actionCompleted');
  });
});
