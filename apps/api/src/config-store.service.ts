import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { SourceSettingsSchema, type ConfigRecord } from '@inlet/contracts';
import { Publisher, publishConfig } from '@inlet/platform/kafka';
import { LOGGER, MONGO } from '@inlet/platform/pipeline';
import { API_CONFIG, type ApiConfig } from './config';
import { configStoreModels, type StoredMapping, type StoredSourceEnvironment } from './config-store.models';

const DEMO_ENVIRONMENT_ID = 'demo-development';
const DEMO_MAPPING_ID = 'demo-identify-signed-up-user';

/**
 * The api is the only writer of configuration: it stores it in MongoDB and publishes every record
 * to the compacted config topic, from which the other services keep their in-memory view. At boot it
 * publishes everything again, so a broker that lost the topic is brought back in line.
 */
@Injectable()
export class ConfigStore implements OnApplicationBootstrap {
  private readonly models;

  constructor(
    @Inject(MONGO) connection: Connection,
    private readonly publisher: Publisher,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.models = configStoreModels(connection);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.INLET_DEMO_ENDPOINT_TOKEN) await this.seedDemo(this.config.INLET_DEMO_ENDPOINT_TOKEN);
    const [environments, mappings] = await Promise.all([this.models.environments.find().lean(), this.models.mappings.find().lean()]);
    await publishConfig(this.publisher, [...environments.map(environmentRecord), ...mappings.map(mappingRecord)]);
    this.logger.info({ environments: environments.length, mappings: mappings.length }, 'configuration published');
  }

  /** The demo source of `npm start`: its development endpoint identifies the user of a `user.signed_up` event. */
  private async seedDemo(endpointToken: string): Promise<void> {
    const now = new Date();
    await this.models.environments.updateOne(
      { _id: DEMO_ENVIRONMENT_ID },
      {
        $set: { endpointToken, updatedAt: now },
        $setOnInsert: { sourceKey: 'demo', sourceType: 'custom', environment: 'development', settings: SourceSettingsSchema.parse({}), createdAt: now },
      },
      { upsert: true },
    );
    await this.models.mappings.updateOne(
      { _id: DEMO_MAPPING_ID },
      {
        $setOnInsert: {
          sourceEnvironmentId: DEMO_ENVIRONMENT_ID,
          eventType: 'user.signed_up',
          actionType: 'identify_user',
          params: { id: { path: 'data.user.id' }, email: { path: 'data.user.email' }, name: { path: 'data.user.name' } },
          active: true,
          createdAt: now,
          updatedAt: now,
        },
      },
      { upsert: true },
    );
  }
}

function environmentRecord(stored: StoredSourceEnvironment): ConfigRecord {
  return {
    kind: 'source_environment',
    id: stored._id,
    sourceKey: stored.sourceKey,
    sourceType: stored.sourceType,
    environment: stored.environment,
    endpointTokenHash: createHash('sha256').update(stored.endpointToken).digest('hex'),
    settings: SourceSettingsSchema.parse(stored.settings),
  };
}

function mappingRecord(stored: StoredMapping): ConfigRecord {
  return {
    kind: 'mapping',
    id: stored._id,
    sourceEnvironmentId: stored.sourceEnvironmentId,
    eventType: stored.eventType,
    actionType: stored.actionType,
    params: stored.params,
    active: stored.active,
  };
}
