import {
  Inject,
  Injectable,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Provider,
  type Type,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { TopicKey } from '@inlet/contracts';
import { ConfigView, ConsumerRunner, Publisher, createKafka, type ConsumerRunnerOptions } from '@inlet/platform/kafka';
import type { Kafka } from 'kafkajs';
import { connectMongo } from '@inlet/platform/mongo';
import { HealthModule, READINESS_CHECKS, type ReadinessRegistry } from '@inlet/platform/service';
import { KAFKA, LOGGER, MONGO, PIPELINE_OPTIONS, type BatchHandlerService } from './tokens';

export type PipelineOptions = {
  /** Service name: Kafka client id, consumer group `inlet.<service>`, Mongo app name. */
  service: string;
  logger: Logger;
  /** The app's validated environment: Kafka always, the store when the service has one. */
  env: { KAFKA_BROKERS: string[]; KAFKA_TOPIC_SUFFIX: string; CONFIG_VIEW_GIVE_UP_MS?: number } & Partial<{ MONGO_URL: string; MONGO_DB: string }>;
  /** Connect to the store (MONGO_URL, MONGO_DB). */
  store?: boolean;
  /** Keep the in-memory view of the config topic (ready once caught up). */
  configView?: boolean;
  /**
   * The topics this service consumes as one consumer group, the handler of their batches, and what
   * the handler needs besides the pipeline; optionally how its fetches are sized and handled (see
   * ConsumerRunnerOptions).
   */
  consume?: {
    topics: TopicKey[];
    handler: Type<BatchHandlerService<TopicKey>>;
    providers?: Provider[];
  } & Pick<ConsumerRunnerOptions, 'maxBytesPerPartition' | 'partitionsConsumedConcurrently'>;
};

/**
 * What every pipeline service shares: the Kafka client and coalescing publisher, the config view,
 * the store connection, and one consumer runner whose lifecycle follows the app's: it starts once
 * the app has booted, and on shutdown stops taking work, finishes its batch and commits before the
 * publisher flushes and the connections close.
 */
@Module({})
export class PipelineModule {
  static forRoot(options: PipelineOptions): DynamicModule {
    const providers: Provider[] = [
      { provide: PIPELINE_OPTIONS, useValue: options },
      { provide: LOGGER, useValue: options.logger },
      { provide: KAFKA, useFactory: () => createKafka({ brokers: options.env.KAFKA_BROKERS, clientId: `inlet-${options.service}`, logger: options.logger }) },
      {
        provide: Publisher,
        inject: [KAFKA],
        useFactory: async (kafka: Kafka) => {
          const publisher = new Publisher(kafka, { topicSuffix: options.env.KAFKA_TOPIC_SUFFIX, logger: options.logger });
          await publisher.connect();
          return publisher;
        },
      },
      PipelineLifecycle,
    ];
    const exported: (string | symbol | Type)[] = [LOGGER, KAFKA, Publisher];
    if (options.store) {
      const { MONGO_URL: url, MONGO_DB: dbName } = options.env;
      if (!url || !dbName) throw new Error(`${options.service}: store requested without MONGO_URL and MONGO_DB`);
      providers.push({ provide: MONGO, useFactory: () => connectMongo({ url, dbName, logger: options.logger, appName: `inlet-${options.service}` }) });
      exported.push(MONGO);
    }
    if (options.configView) {
      providers.push({
        provide: ConfigView,
        inject: [KAFKA],
        useFactory: async (kafka: Kafka) => {
          const view = new ConfigView(kafka, {
            topicSuffix: options.env.KAFKA_TOPIC_SUFFIX,
            service: options.service,
            logger: options.logger,
            giveUpAfterMs: options.env.CONFIG_VIEW_GIVE_UP_MS,
          });
          await view.start();
          return view;
        },
      });
      exported.push(ConfigView);
    }
    if (options.consume) providers.push(options.consume.handler, ...(options.consume.providers ?? []));
    return { module: PipelineModule, global: true, imports: [HealthModule.forRoot()], providers, exports: exported };
  }
}

/** How often the consumer runner is checked for a crash kafkajs will not restart. */
const CONSUMER_WATCH_MS = 1_000;

@Injectable()
class PipelineLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private runner?: ConsumerRunner;
  private watch?: NodeJS.Timeout;

  constructor(
    @Inject(PIPELINE_OPTIONS) private readonly options: PipelineOptions,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly publisher: Publisher,
    @Inject(READINESS_CHECKS) private readonly readiness: ReadinessRegistry,
    private readonly moduleRef: ModuleRef,
    @Optional() private readonly view?: ConfigView,
    @Optional() @Inject(MONGO) private readonly mongo?: Connection,
  ) {
    // Deliberately no check on the publisher's last send: a gateway taken out of rotation gets no
    // traffic, so no send would ever bring it back. During a broker outage it stays ready and answers
    // 503 with Retry-After itself.
    if (view) {
      readiness.add({ name: 'config', isReady: () => view.ready });
      // A dead config view would leave the service on stale configuration: exit, to be restarted.
      view.onFailure((reason) => readiness.fail('config', reason));
    }
    if (mongo) readiness.add({ name: 'mongo', isReady: () => mongo.readyState === 1 });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Indexes first: writes racing an index build on a new collection fail on the local
    // MongoDB-wire server, and a unique index must exist before the first write relies on it.
    if (this.mongo) await Promise.all(Object.values(this.mongo.models).map((model) => model.init()));
    const consume = this.options.consume;
    if (!consume) return;
    const handler = this.moduleRef.get(consume.handler, { strict: false });
    this.runner = new ConsumerRunner(this.kafka, {
      groupId: `inlet.${this.options.service}${this.options.env.KAFKA_TOPIC_SUFFIX}`,
      topicSuffix: this.options.env.KAFKA_TOPIC_SUFFIX,
      publisher: this.publisher,
      logger: this.options.logger,
      maxBytesPerPartition: consume.maxBytesPerPartition,
      partitionsConsumedConcurrently: consume.partitionsConsumedConcurrently,
    });
    // A group with no committed offsets yet (a first deploy) starts at the beginning of its topics:
    // requests the gateway accepted before this group first joined are not skipped.
    await this.runner.start(consume.topics, (batch) => handler.handle(batch), { fromBeginning: true });
    const runner = this.runner;
    this.readiness.add({ name: 'consumer', isReady: () => runner.running });
    // kafkajs gave up on the consumer (a crash it will not restart): the stage would idle for good,
    // so the service exits, to be restarted, instead.
    this.watch = setInterval(() => {
      if (!runner.running) this.readiness.fail('consumer', 'the Kafka consumer crashed and kafkajs will not restart it (see "kafka consumer crashed")');
    }, CONSUMER_WATCH_MS);
    this.watch.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.watch);
    await this.runner?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.view?.stop();
    await this.publisher.close();
    await this.mongo?.close();
  }
}
