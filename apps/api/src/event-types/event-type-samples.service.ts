import { Inject, Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { MONGO } from '@inlet/platform/pipeline';
import { knownEventTypeId, knownEventTypeModel, type EventTypeSample, type KnownEventType } from '@inlet/store/source-logs';
import { ApiError } from '../shared/api-errors';
import { SourcesService } from '../sources/sources.service';

/**
 * The recent samples the event-log keeps per event type (`event_types.samples`), read by the
 * samples route and by the mapping checks. Types last seen before samples were kept have none.
 */
@Injectable()
export class EventTypeSamplesService {
  private readonly eventTypes;

  constructor(
    @Inject(MONGO) connection: Connection,
    private readonly sources: SourcesService,
  ) {
    this.eventTypes = knownEventTypeModel(connection);
  }

  /** An event type's samples, newest received first; 404 `event_type_not_found` for a type never received there. */
  async samplesOf(key: string, environment: string, eventType: string): Promise<EventTypeSample[]> {
    const env = await this.sources.sourceEnvironment(key, environment);
    const known = await this.eventTypes.findById(knownEventTypeId(env._id, eventType), { samples: 1 }).lean<Pick<KnownEventType, 'samples'>>();
    if (!known) throw new ApiError('event_type_not_found', `No "${eventType}" event has been received in ${key}/${environment}.`);
    return newestFirst(known.samples ?? []);
  }

  /** The sample of one event, whatever its type; 404 `sample_not_found` once it is no longer among the recent ones. */
  async sampleById(key: string, environment: string, eventId: string): Promise<EventTypeSample> {
    const env = await this.sources.sourceEnvironment(key, environment);
    // No index on samples.eventId: the environment's index bounds the scan to its event types.
    const holders = await this.eventTypes.find({ sourceEnvironmentId: env._id, 'samples.eventId': eventId }, { samples: 1 }).lean<Pick<KnownEventType, 'samples'>[]>();
    const sample = holders.flatMap((t) => t.samples ?? []).find((s) => s.eventId === eventId);
    if (!sample) {
      throw new ApiError('sample_not_found', `sample.event_id: no sample "${eventId}" in ${key}/${environment} (each event type keeps its recent samples only).`);
    }
    return sample;
  }
}

function newestFirst(samples: EventTypeSample[]): EventTypeSample[] {
  return [...samples].sort((a, b) => new Date(b.receivedAt).getTime() - new Date(a.receivedAt).getTime());
}
