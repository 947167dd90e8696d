import { randomBytes, randomUUID } from 'node:crypto';
import type { MessageOf, TopicKey } from '@inlet/contracts';
import { ensureTopics, createKafka, topicName } from '@inlet/platform/kafka';
import { createLogger } from '@inlet/platform/observability';
import { ServiceProcess, freePort, startOtlpReceiver, testInfrastructure, testNamespace, waitFor, type CollectedSpan } from '@inlet/testing';

export const SERVICES = ['api', 'gateway', 'verifier', 'mapping-engine', 'action-executor', 'event-log'] as const;
export type ServiceName = (typeof SERVICES)[number];

export type Stack = {
  /** Each service's first (or only) process: the one `kill` and `restart` act on. */
  services: Record<ServiceName, ServiceProcess>;
  /** Every process of each service, the first one included (one unless `replicas` asked for more). */
  replicas: Record<ServiceName, ServiceProcess[]>;
  apiKey: string;
  demoToken: string;
  /** The stack's database on the store, for tests that read what the services wrote. */
  dbName: string;
  spans: CollectedSpan[];
  /** Authorised request to the api, parsed JSON (a 204 gives an empty body). */
  api(path: string, init?: { method?: string; body?: unknown }): Promise<{ status: number; body: Record<string, unknown> }>;
  /** POST a raw body to a gateway endpoint: its token, or its whole URL as the api shows it. */
  send(tokenOrUrl: string, body: string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }>;
  /** A source log once it has left `pending` (or once `until` holds), as `GET /v1/logs/{id}` answers it. */
  log<T = Record<string, unknown>>(id: string, until?: (log: Record<string, unknown>) => boolean): Promise<T>;
  /** Every message on a topic of this stack from the beginning, collected as it arrives, until `stop`. */
  watch<K extends TopicKey>(topic: K): Promise<{ messages: MessageOf<K>[]; stop(): Promise<void> }>;
  /** kill -9 one service (its first process), or stop it with another signal; resolves once it is gone. */
  kill(service: ServiceName, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped service (its first process) again, on its port with its environment, and waits until it is ready. */
  restart(service: ServiceName): Promise<void>;
  /** Produces raw messages to a topic of this stack, as a service would (e.g. a redelivery). */
  produce<K extends TopicKey>(topic: K, messages: { key: string; value: MessageOf<K> }[]): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Every service as its own process from the build, against the run's real broker and store, in a
 * namespace (topics, groups, database) of its own, exporting spans to an in-test OTLP receiver.
 * `replicas` starts more than one process of a service, each on its own port: the replicas of a
 * consumer service join one consumer group and share its partitions, as they do when scaled out.
 */
export async function startStack(
  name: string,
  opts: { infra?: { kafkaBrokers: string[]; mongoUrl: string }; apiEnv?: Record<string, string>; replicas?: Partial<Record<ServiceName, number>> } = {},
): Promise<Stack> {
  const infra = opts.infra ?? testInfrastructure();
  const ns = testNamespace(name);
  const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: `e2e-${name}`, logger: createLogger({ service: 'e2e', level: 'error' }) });
  await ensureTopics(kafka, ns.topicSuffix);
  const otlp = await startOtlpReceiver();
  const apiKey = `test_${randomBytes(16).toString('hex')}`;
  const demoToken = randomBytes(24).toString('hex');
  const masterKey = randomBytes(32).toString('hex');
  const common = {
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_TOPIC_SUFFIX: ns.topicSuffix,
    MONGO_URL: infra.mongoUrl,
    MONGO_DB: ns.dbName,
    LOG_LEVEL: 'info',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlp.endpoint,
    OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '200',
  };
  const counts = Object.fromEntries(SERVICES.map((s) => [s, opts.replicas?.[s] ?? 1])) as Record<ServiceName, number>;
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await Promise.all(Array.from({ length: counts[s] }, () => freePort()))]))) as Record<ServiceName, number[]>;
  const env = (service: ServiceName, replica: number): Record<string, string> => ({
    ...common,
    PORT: String(ports[service][replica]),
    ...(['api', 'gateway'].includes(service) ? { INLET_MASTER_KEY: masterKey } : {}),
    ...(service === 'api' ? { INLET_API_KEY: apiKey, INLET_DEMO_ENDPOINT_TOKEN: demoToken, GATEWAY_PUBLIC_URL: `http://127.0.0.1:${ports.gateway[0]}`, ...opts.apiEnv } : {}),
  });
  const startAll = (service: ServiceName) => Promise.all(Array.from({ length: counts[service] }, (_, r) => ServiceProcess.start(service, env(service, r))));
  // The api first: it publishes the configuration the others wait for before they report ready.
  const api = await startAll('api');
  const rest = await Promise.all(SERVICES.slice(1).map(startAll));
  const replicas = Object.fromEntries([api, ...rest].map((processes) => [processes[0].app, processes])) as Record<ServiceName, ServiceProcess[]>;
  const services = Object.fromEntries(SERVICES.map((s) => [s, replicas[s][0]])) as Record<ServiceName, ServiceProcess>;

  const stack: Stack = {
    services,
    replicas,
    apiKey,
    demoToken,
    dbName: ns.dbName,
    spans: otlp.spans,
    async api(path, init = {}) {
      const res = await fetch(`${services.api.url}${path}`, {
        method: init.method ?? 'GET',
        headers: { authorization: `Bearer ${apiKey}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
    },
    async send(tokenOrUrl, body, headers = { 'content-type': 'application/json' }) {
      const url = tokenOrUrl.startsWith('http') ? tokenOrUrl : `${services.gateway.url}/integrations/receive/${tokenOrUrl}`;
      const res = await fetch(url, { method: 'POST', body, headers });
      return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
    },
    log<T>(id: string, until: (log: Record<string, unknown>) => boolean = (body) => body.status !== 'pending') {
      return waitFor(`log ${id}`, async () => {
        const { status, body } = await stack.api(`/v1/logs/${id}`);
        return status === 200 && until(body) ? (body as T) : undefined;
      });
    },
    async watch(topic) {
      const consumer = kafka.consumer({ groupId: `e2e-watch-${randomUUID()}` });
      const messages: MessageOf<typeof topic>[] = [];
      await consumer.connect();
      await consumer.subscribe({ topic: topicName(topic, ns.topicSuffix), fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void messages.push(JSON.parse(String(message.value))) });
      return { messages, stop: () => consumer.disconnect() };
    },
    async kill(service, signal = 'SIGKILL') {
      await services[service].stop(signal);
    },
    async restart(service) {
      services[service] = replicas[service][0] = await ServiceProcess.start(service, env(service, 0));
    },
    async produce(topic, messages) {
      const producer = kafka.producer();
      await producer.connect();
      await producer.send({ topic: topicName(topic, ns.topicSuffix), messages: messages.map((m) => ({ key: m.key, value: JSON.stringify(m.value) })) });
      await producer.disconnect();
    },
    async stop() {
      await Promise.all(Object.values(replicas).flat().map((s) => s.stop()));
      await otlp.close();
    },
  };
  return stack;
}
