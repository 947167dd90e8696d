import { exposedMetricNames, metricNamesOf, sampleValue, SCRAPE_SERIES, usedExpressions, waitFor } from '@inlet/testing';
import { SERVICES, startStack, type ServiceName, type Stack } from './stack';

jest.setTimeout(180_000);

type Log = { id: string; status: string; source: { key: string; environment: string } };

describe('GET /metrics on every service', () => {
  let stack: Stack;
  let accepted: Log;
  let refused: Log;

  const scrape = async (service: ServiceName) => {
    const res = await fetch(`${stack.services[service].url}/metrics`);
    return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
  };
  /** Waits until `service`'s sample with these labels has this value (counters are recorded just after the work they count). */
  const expectSample = (service: ServiceName, name: string, labels: Record<string, string>, value: number) =>
    waitFor(`${service}: ${name}${JSON.stringify(labels)} = ${value}`, async () => (sampleValue((await scrape(service)).text, name, labels) === value ? true : undefined));

  beforeAll(async () => {
    stack = await startStack('metrics');
    const sent = await stack.send(stack.demoToken, JSON.stringify({ type: 'user.signed_up', data: { user: { id: 'user_metrics', email: 'm@example.com' } } }));
    expect(sent.status).toBe(202);
    accepted = await stack.log<Log>(String(sent.body.id), (log) => log.status === 'processed');
    const bad = await stack.send(stack.demoToken, '{"type":');
    expect(bad.status).toBe(400);
    refused = await stack.log<Log>(String(bad.headers.get('x-inlet-log-id')));
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it.each(SERVICES)('%s serves the Prometheus text format without a key, with the process metrics and its readiness', async (service) => {
    const { status, contentType, text } = await scrape(service);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/plain;.*version=0\.0\.4/);
    expect(sampleValue(text, 'inlet_process_resident_memory_bytes', {})).toBeGreaterThan(0);
    expect(sampleValue(text, 'inlet_service_ready', {})).toBe(1);
  });

  it("counts one webhook in every stage under its source and environment, and the refused one under its reason", async () => {
    const source = { source: accepted.source.key, environment: accepted.source.environment };
    await expectSample('gateway', 'inlet_gateway_requests_total', { ...source, outcome: 'accepted', status: '202' }, 1);
    await expectSample('gateway', 'inlet_gateway_requests_total', { ...source, outcome: 'invalid_json', status: '400' }, 1);
    await expectSample('gateway', 'inlet_gateway_request_body_bytes_count', source, 2);
    await expectSample('gateway', 'inlet_gateway_kafka_ack_seconds_count', { result: 'acknowledged' }, 1);
    await expectSample('verifier', 'inlet_verifier_events_total', { ...source, outcome: 'normalized' }, 1);
    await expectSample('mapping-engine', 'inlet_mapping_events_total', { ...source, outcome: 'planned' }, 1);
    await expectSample('mapping-engine', 'inlet_mapping_actions_planned_total', { ...source, action_type: 'identify_user' }, 1);
    await expectSample('mapping-engine', 'inlet_mapping_actions_planned_total', { ...source, action_type: 'trigger_workflow' }, 1);
    await expectSample('action-executor', 'inlet_executor_actions_total', { ...source, action_type: 'identify_user', status: 'completed' }, 1);
    await expectSample('action-executor', 'inlet_executor_actions_total', { ...source, action_type: 'trigger_workflow', status: 'completed' }, 1);
    await expectSample('action-executor', 'inlet_executor_workflow_runs_total', source, 1);
    await expectSample('event-log', 'inlet_event_log_final_total', { ...source, status: 'processed' }, 1);
    await expectSample('event-log', 'inlet_event_log_final_total', { ...source, status: refused.status }, 1);
    await expectSample('event-log', 'inlet_event_log_receipt_to_final_seconds_count', source, 2);
  });

  it('reports each consumer group caught up after the event, with its batches', async () => {
    for (const service of ['verifier', 'mapping-engine', 'action-executor', 'event-log'] as const) {
      const { text } = await scrape(service);
      const lags = text.split('\n').filter((line) => line.startsWith('inlet_kafka_consumer_lag{'));
      expect(lags.length).toBeGreaterThan(0);
      for (const line of lags) expect(line).toMatch(/ 0$/);
      expect(sampleValue(text, 'inlet_kafka_consumer_batch_messages_count', {})).toBeGreaterThan(0);
    }
  });

  it('exports every metric the alert rules and the Grafana dashboard use', async () => {
    const exported = new Set<string>();
    for (const service of SERVICES) for (const name of exposedMetricNames((await scrape(service)).text)) exported.add(name);
    const missing = usedExpressions().flatMap(({ where, expr }) => metricNamesOf(expr).filter((n) => !exported.has(n) && !SCRAPE_SERIES.has(n)).map((n) => `${where}: ${n}`));
    expect(missing).toEqual([]);
  });
});
